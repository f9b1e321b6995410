/** Writes `<reportsDir>/side-by-side-<timestamp>/`: index.html and report.md. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../record/index.js';
import { renderSideBySideHtml } from './html.js';
import { renderSideBySideMarkdown } from './markdown.js';
import { sideBySide, type SideBySide, type SideBySideInput, type SideBySideOptions } from './model.js';

export interface WrittenSideBySide {
  readonly dir: string;
  readonly files: string[];
  readonly table: SideBySide;
}

export async function writeSideBySide(inputs: readonly SideBySideInput[], reportsDir: string, options: SideBySideOptions = {}, now = new Date()): Promise<WrittenSideBySide> {
  const table = sideBySide(inputs, options);
  const dir = path.join(path.resolve(reportsDir), `side-by-side-${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const put = async (name: string, content: string) => {
    await writeFileAtomic(path.join(dir, name), content);
    files.push(path.join(dir, name));
  };
  await put('index.html', renderSideBySideHtml(table));
  await put('report.md', renderSideBySideMarkdown(table));
  return { dir, files, table };
}
