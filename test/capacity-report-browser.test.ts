/**
 * The capacity report and the capacity comparison as a person sees them: opened offline in headless
 * Chromium, no console errors, every chart drawn; screenshots beside the pages for a reviewer.
 * Needs Debian's `chromium`; skipped, saying so, without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { writeCapacityComparison } from '../src/report/capacity/write-compare.js';
import { capacityRecord } from '../src/testing/capacity-records.js';
import { writeReport } from '../src/report/write-report.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present) console.warn(`capacity-report-browser: skipped — ${CHROMIUM} is missing (apt-get install -y chromium).`);

/** Console errors and the state of every chart of the page at `file`; a screenshot beside it. */
async function look(browser: Browser, file: string): Promise<{ errors: string[]; charts: Array<string | null>; capacityText: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
  const charts = await page.$$eval('.chart-view', (els) => els.map((el) => el.getAttribute('data-rendered')));
  const capacityText = await page.$eval('#capacity', (el) => el.textContent ?? '');
  await page.screenshot({ path: path.join(path.dirname(file), 'screenshot.png'), fullPage: true });
  await context.close();
  return { errors, charts, capacityText };
}

describe.skipIf(!present)(`capacity pages in headless Chromium${present ? '' : ` (skipped: ${CHROMIUM} missing)`}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a capacity run’s report: the answer on the page, every chart drawn, no console errors', async () => {
    const { dir } = await writeReport(capacityRecord(), path.join(projectRoot, 'reports'));
    const seen = await look(browser, path.join(dir, 'index.html'));
    expect(seen.errors).toEqual([]);
    expect(seen.charts.length).toBeGreaterThanOrEqual(4);
    expect(seen.charts.every((c) => c === 'true')).toBe(true);
    expect(seen.capacityText).toMatch(/Buy dedicated: one node carries 1500 rps/);
  });

  it('the comparison page of two machines', async () => {
    const other = capacityRecord();
    const { dir } = await writeCapacityComparison(
      [
        { file: 'a.json', record: capacityRecord() },
        { file: 'b.json', record: { ...other, environment: { ...other.environment, hostname: 'second-box' } } },
      ],
      path.join(projectRoot, 'reports'),
    );
    const seen = await look(browser, path.join(dir, 'index.html'));
    expect(seen.errors).toEqual([]);
    expect(seen.charts).toEqual(['true']);
    expect(seen.capacityText).toMatch(/second-box · dedicated/);
  });
});
