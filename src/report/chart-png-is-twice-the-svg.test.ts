import { describe, expect, it } from 'vitest';
import { taxVsRateChart } from './charts/index.js';
import { renderSvg, svgToPng } from './images.js';
import { fixtureRecord } from '../testing/records.js';

describe('PNG charts', () => {
  it('are PNG files at twice the SVG size', async () => {
    const svg = await renderSvg(taxVsRateChart(fixtureRecord()).spec);
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svgWidth = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(png.readUInt32BE(16)).toBe(Math.ceil(svgWidth * 2));
  });
});
