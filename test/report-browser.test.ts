/**
 * The HTML report as a person sees it: opened in a real headless Chromium from a file:// URL with
 * the network cut off, it must load without console errors and draw every chart. The screenshot
 * goes to reports/<run-id>/screenshot.png for a reviewer to look at.
 * Needs Debian's `chromium` (apt-get install -y chromium); skipped, saying so, without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { fixtureRecord } from '../src/testing/records.js';
import { writeReport } from '../src/report/write-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const present = existsSync(CHROMIUM);
if (!present) console.warn(`report-browser: skipped — ${CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium).`);

interface Opened {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly blockedRequests: string[];
}

async function openOffline(browser: Browser, file: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const blockedRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
  return { page, consoleErrors, blockedRequests };
}

describe.skipIf(!present)(`HTML report in headless Chromium${present ? '' : ` (skipped: ${CHROMIUM} missing)`}`, () => {
  let browser: Browser;
  let record: ResultRecord;
  let dir: string;
  let opened: Opened;

  beforeAll(async () => {
    record = fixtureRecord();
    ({ dir } = await writeReport(record, path.join(projectRoot, 'reports')));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    opened = await openOffline(browser, path.join(dir, 'index.html'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads offline without console errors or requests beyond the file', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  });

  it('draws every chart as a non-empty SVG', async () => {
    const containers = await opened.page.$$('.chart-view');
    expect(containers.length).toBeGreaterThanOrEqual(4);
    for (const container of containers) {
      const id = await container.getAttribute('data-chart');
      expect(await container.getAttribute('data-rendered'), `chart ${id}`).toBe('true');
      const box = await (await container.$('svg'))?.boundingBox();
      expect(box?.width ?? 0, `chart ${id} width`).toBeGreaterThan(100);
      expect(box?.height ?? 0, `chart ${id} height`).toBeGreaterThan(100);
    }
  });

  it('shows the verdict first, then the table', async () => {
    const verdict = await opened.page.textContent('#verdict');
    expect(verdict).toContain(record.verdict);
    const order = await opened.page.evaluate(() => [...document.querySelectorAll('main > section')].map((s) => s.id));
    expect(order.slice(0, 2)).toEqual(['verdict', 'summary']);
  });

  it('saves a screenshot', async () => {
    const file = path.join(dir, 'screenshot.png');
    await opened.page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
  });
});
