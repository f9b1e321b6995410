/**
 * Text widths for charts rendered in Node. Without a canvas, vega guesses 0.8 em per character,
 * which leaves wide empty margins; these are DejaVu Sans advance widths (the font resvg draws
 * with), in thousandths of an em, read from DejaVuSans.ttf. Bold is about 10% wider.
 */
import * as vega from 'vega';

/** Code points 32..126. */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838,
  838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611,
  685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592,
  818, 592, 592, 525, 636, 337, 636, 838,
];
const OTHER: Record<string, number> = { 'µ': 636, '·': 318, '−': 838, '—': 1000, '–': 500, '±': 838, '→': 838, '×': 838 };
const DEFAULT_WIDTH = 640;
const BOLD_FACTOR = 1.1;

/** Width in ems of one line of DejaVu Sans. */
export function emWidth(text: string): number {
  let total = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    total += (code >= 32 && code <= 126 ? ASCII[code - 32] : OTHER[ch]) ?? DEFAULT_WIDTH;
  }
  return total / 1000;
}

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

const isBold = (weight: string | number | undefined): boolean => weight === 'bold' || (typeof weight === 'number' && weight >= 600);

/** The width vega should reserve for a text mark item, in pixels (the widest line of several). */
export function textItemWidth(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const lines = Array.isArray(value) ? value.map(String) : [value === undefined || value === null ? '' : String(value)];
  const size = item.fontSize ?? 11;
  const widest = Math.max(0, ...lines.map(emWidth));
  return widest * size * (isBold(item.fontWeight) ? BOLD_FACTOR : 1);
}

interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

/** Makes vega (in this process) measure text with the DejaVu Sans table. Idempotent. */
export function useDejaVuTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (metrics !== undefined) metrics.width = textItemWidth;
}
