// Test support only: a small strict XML reader, enough to prove our JUnit output is well-formed
// (one root, balanced and properly nested tags, quoted unique attributes, only the five named
// entities or character references) and to count its elements.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const rest = () => xml.slice(i);
  const fail = (what: string): never => {
    throw new Error(`not well-formed at ${i}: ${what} near ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const decode = (text: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) fail('bad entity');
    if (/</.test(text)) fail('"<" in text or attribute');
    return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      const parent = stack.at(-1);
      if (!parent) {
        if (text.trim() !== '') fail('text outside the root');
      } else parent.text += decode(text);
      i = next < 0 ? xml.length : next;
      continue;
    }
    if (rest().startsWith('</')) {
      i += 2;
      const name = NAME.exec(rest())?.[0] ?? fail('closing tag name');
      i += name.length;
      skipSpace();
      if (xml[i] !== '>') fail('">" after closing tag');
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? 'nothing'}>`);
      continue;
    }
    i++;
    const name = NAME.exec(rest())?.[0] ?? fail('tag name');
    i += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (rest().startsWith('/>') || xml[i] === '>') break;
      if (i === before) fail('space before attribute');
      const attr = NAME.exec(rest())?.[0] ?? fail('attribute name');
      i += attr.length;
      if (xml[i] !== '=' || xml[i + 1] !== '"') fail('attribute value must be ="…"');
      const end = xml.indexOf('"', i + 2);
      if (end < 0) fail('unterminated attribute');
      if (attr in element.attributes) fail(`duplicate attribute ${attr}`);
      element.attributes[attr] = decode(xml.slice(i + 2, end));
      i = end + 1;
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) fail('a second root element');
    else root = element;
    if (rest().startsWith('/>')) i += 2;
    else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack.at(-1)!.name}>`);
  return root ?? fail('no root element');
}

/** Every element named `name` in the tree, depth first. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  return [...(root.name === name ? [root] : []), ...root.children.flatMap((c) => elements(c, name))];
}
