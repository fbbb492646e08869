/**
 * The HTML report in real Chromium (Debian's `chromium`, driven by playwright-core; no browser download):
 * the fixture report, built from real documents and rendered as `tppbench report --format html` does, opened
 * from a file URL. No console errors, no request beyond the file itself, every section and every chart (an
 * SVG with marks) present and drawn, and no sideways scrolling at phone width. Screenshots at desktop and
 * phone width are kept in test-artifacts/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserArgs } from '../../src/pool/browser-host.ts';
import { chartSpecs } from '../../src/report/charts.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderChartSvgs } from '../../src/report/svg.ts';
import { fixtureReport } from '../fixtures/report.ts';

const SECTIONS = ['summary', 'gpus', 'workloads', 'rooflines', 'sweeps', 'tpp', 'local', 'model'];
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

let dir: string;
let url: string;
let chartIds: string[];
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  const data = await fixtureReport();
  const specs = chartSpecs(data);
  chartIds = specs.map((s) => s.id);
  dir = mkdtempSync(join(tmpdir(), 'tppbench-report-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(data, await renderChartSvgs(specs)));
  url = pathToFileURL(file).href;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: browserArgs({}),
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    requests.push(requested);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The page's widths, measured in the page (a string: this project compiles without the DOM types). */
function widths(
  p: Page,
): Promise<{ scrollWidth: number; bodyScrollWidth: number; innerWidth: number; widestSvg: number }> {
  return p.evaluate(`({
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    innerWidth: window.innerWidth,
    widestSvg: Math.max(0, ...[...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().right)),
  })`);
}

/** Open or fold every <details> block. */
function setDetailsOpen(p: Page, open: boolean): Promise<unknown> {
  return p.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = ${open}; })`);
}

describe('HTML report in Chromium', () => {
  it('loads with no console error and no request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('has every section, each with a heading and content', async () => {
    for (const id of SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect(section.count()).resolves.toBe(1);
      expect(await section.locator('h2').textContent(), id).toMatch(/\w/);
      // The fixture fills every section: none may say what input is missing.
      await expect(section.locator('p.empty').count(), id).resolves.toBe(0);
    }
  });

  it('draws every chart: an inline SVG with marks, laid out with a size', async () => {
    expect(chartIds.length).toBeGreaterThan(10);
    for (const id of chartIds) {
      const svg = page.locator(`#chart-${id} > svg`);
      await expect(svg.count(), id).resolves.toBe(1);
      const marks = await svg.locator('g.role-mark > *').count();
      expect(marks, id).toBeGreaterThan(0);
      const box = await svg.boundingBox();
      expect(box?.width ?? 0, id).toBeGreaterThan(100);
      expect(box?.height ?? 0, id).toBeGreaterThan(50);
    }
    // Figures beyond the charts would be charts the test does not know of.
    await expect(page.locator('figure.chart').count()).resolves.toBe(chartIds.length);
  });

  it('has the numbers behind each chart in a table beside it, and no empty table', async () => {
    const bare = await page
      .locator('figure.chart')
      .evaluateAll((figures) =>
        figures.filter((f) => f.parentElement?.querySelector('table tbody tr') == null).map((f) => f.id),
      );
    expect(bare).toEqual([]);
    const empties = await page
      .locator('table')
      .evaluateAll((tables) => tables.filter((t) => t.querySelectorAll('tbody tr').length === 0).length);
    expect(empties).toBe(0);
  });

  it('fits a desktop window without sideways scroll', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-html-1280.png'), fullPage: true });
    const { scrollWidth, innerWidth } = await widths(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // No chart sticks out of the window.
    expect((await widths(page)).widestSvg).toBeLessThanOrEqual(innerWidth);
  });

  it('fits a phone (375 px) without sideways scroll, charts scaled to the screen', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    // Open the folded tables too: a wide table must scroll inside its wrapper, never the page.
    await setDetailsOpen(page, true);
    const measured = await widths(page);
    expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
    expect(measured.bodyScrollWidth).toBeLessThanOrEqual(measured.innerWidth);
    expect(measured.widestSvg).toBeLessThanOrEqual(measured.innerWidth);
    await setDetailsOpen(page, false);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-html-375.png'), fullPage: true });
  });
});
