/**
 * The HTML report renderer (pure: report data and rendered SVGs in, one HTML document out): every section
 * in order, each chart with the table behind it, text escaped, only http(s) links, nothing the page would
 * fetch, and a note in each empty section saying what input fills it.
 */
import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../src/report/charts.ts';
import { renderHtml } from '../../src/report/html.ts';
import { escapeHtml, sourceLink, tableHtml } from '../../src/report/html-parts.ts';
import { EMPTY } from '../../src/report/report-text.ts';
import { EMPTY_REPORT, SMALL_REPORT } from '../fixtures/report-small.ts';

const SECTIONS = ['summary', 'gpus', 'workloads', 'rooflines', 'sweeps', 'tpp', 'local', 'model'];

/** A stand-in SVG per chart: the renderer only places them. */
const fakeSvgs = (ids: readonly string[]) => new Map(ids.map((id) => [id, `<svg data-chart="${id}"></svg>`]));

describe('renderHtml', () => {
  const specs = chartSpecs(SMALL_REPORT);
  const html = renderHtml(SMALL_REPORT, fakeSvgs(specs.map((s) => s.id)));

  it('is one document with the eight sections in order', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const order = SECTIONS.map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('places every chart in its figure, with a table of its numbers in a details block', () => {
    for (const s of specs) {
      const at = html.indexOf(`<figure class="chart" id="chart-${s.id}"><svg data-chart="${s.id}">`);
      expect(at, s.id).toBeGreaterThan(0);
      const section = html.lastIndexOf('<section id="', at);
      expect(html.slice(section, section + 40), s.id).toContain(`id="${s.section}"`);
    }
    expect(
      html.match(/<details><summary>Numbers behind the chart<\/summary><div class="table-wrap"><table>/g)
        ?.length,
    ).toBe(
      SMALL_REPORT.workloads.length +
        SMALL_REPORT.rooflines.length +
        SMALL_REPORT.sweeps.filter((s) => s.view.kind !== 'none').length,
    );
  });

  it('says a chart was not rendered when its SVG is missing', () => {
    const without = renderHtml(SMALL_REPORT, new Map());
    expect(without).toContain(`<p class="empty">Chart ${specs[0]!.id} was not rendered.</p>`);
  });

  it('fetches nothing: no script, no stylesheet link, no src, no url() in the CSS', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import/i);
  });

  it('escapes every data string', () => {
    const evil = '<img src=x onerror=alert(1)> & "q"';
    const data = {
      ...SMALL_REPORT,
      title: evil,
      gpus: SMALL_REPORT.gpus.map((g, i) => (i === 0 ? { ...g, name: evil } : g)),
      model: { ...SMALL_REPORT.model, assumptions: [evil] },
    };
    const out = renderHtml(data, new Map());
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
  });

  it('links each summary line to its section', () => {
    const first = SMALL_REPORT.summary[0]!;
    const anchor = html.match(
      new RegExp(`<li>${escapeHtml(first.text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} <a href="#([^"]+)"`),
    );
    expect(anchor).not.toBeNull();
    expect(html).toContain(`<article id="${anchor![1]}">`);
  });

  it('says in each empty section what input fills it', () => {
    const out = renderHtml(EMPTY_REPORT, new Map());
    for (const id of SECTIONS) expect(out).toContain(`<section id="${id}"`);
    for (const note of [
      EMPTY.summary,
      EMPTY.workloads,
      EMPTY.rooflines,
      EMPTY.sweeps,
      EMPTY.tppPoints,
      EMPTY.local,
    ]) {
      expect(out).toContain(escapeHtml(note).replace(/`([^`]+)`/g, '<code>$1</code>'));
    }
    expect(out).toContain('No GPUs: they come from the input documents');
    expect(out).not.toContain('<figure');
  });
});

describe('HTML pieces', () => {
  it('links only http(s) sources, escaped', () => {
    expect(sourceLink({ label: 'DS <1>', url: 'https://example.com/a?b=1&c="2"' })).toBe(
      '<a href="https://example.com/a?b=1&amp;c=&quot;2&quot;" rel="noreferrer">DS &lt;1&gt;</a>',
    );
    expect(sourceLink({ label: 'x', url: 'javascript:alert(1)' })).toBe('x');
    expect(sourceLink({ label: 'a note', url: null })).toBe('a note');
  });

  it('renders a table model with numeric columns right-aligned and marked rows', () => {
    expect(
      tableHtml(
        {
          columns: [{ header: 'GPU' }, { header: 'TPP', align: 'right' }],
          rows: [
            ['H20', '2,368'],
            ['A&B', '1'],
          ],
          highlight: [true, false],
          warn: [false, true],
        },
        { caption: 'c' },
      ),
    ).toMatchInlineSnapshot(`
      "<div class="table-wrap"><table><caption>c</caption><thead><tr><th scope="col">GPU</th><th scope="col" class="num">TPP</th></tr></thead><tbody>
      <tr class="inv"><td>H20</td><td class="num">2,368</td></tr>
      <tr class="warn"><td>A&amp;B</td><td class="num">1</td></tr>
      </tbody></table></div>"
    `);
  });
});
