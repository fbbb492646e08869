import { beforeAll, describe, expect, it } from 'vitest';
import { escapeCell, escapeText, markdownTable, renderMarkdown } from '../../src/report/markdown.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { EMPTY } from '../../src/report/report-text.ts';
import { fixtureReport } from '../fixtures/report.ts';
import { EMPTY_REPORT, SMALL_REPORT } from '../fixtures/report-small.ts';

/** Unescaped `|` in a table line. */
const pipes = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;

/** Every table's rows have the same number of cell separators as its header row. */
function tablesAreRectangular(md: string): void {
  let expected: number | null = null;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      expected = null;
      continue;
    }
    expected ??= pipes(line);
    expect(pipes(line), line).toBe(expected);
  }
}

function checkProperties(data: ReportData, md: string): void {
  expect(md).not.toMatch(/NaN|Infinity|undefined|\[object/);
  for (const g of data.gpus) expect(md).toContain(`| ${g.id} |`);
  tablesAreRectangular(md);
  expect(md).toContain('--format html --out report.html');
}

describe('renderMarkdown on the fixture report', () => {
  let data: ReportData;
  let md: string;
  beforeAll(async () => {
    data = await fixtureReport();
    md = renderMarkdown(data);
  });

  it('matches the snapshot', async () => {
    await expect(md).toMatchFileSnapshot('__snapshots__/report.md');
  });

  it('holds the properties: no NaN, every GPU, rectangular tables, charts pointer', () => {
    checkProperties(data, md);
  });

  it('keeps the HTML section order and folds the long tables', () => {
    const order = [
      '## Summary',
      '## GPUs',
      '## Workloads',
      '## Rooflines',
      '## Sweeps',
      '## TPP vs',
      '## This machine',
      '## Model',
    ];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toMatch(/<details><summary>Every validation point \(\d+ rows\)<\/summary>/);
    for (const s of data.summary) expect(md).toContain(escapeText(s.text));
  });
});

describe('renderMarkdown on a hand-made report', () => {
  const md = renderMarkdown(SMALL_REPORT);

  it('matches the snapshot', async () => {
    await expect(md).toMatchFileSnapshot('__snapshots__/report-small.md');
  });

  it('holds the properties', () => {
    checkProperties(SMALL_REPORT, md);
  });

  it('escapes | in cells, marks inversions, unverified figures, a software adapter and large errors', () => {
    expect(md).toContain('| ref: a \\| b |');
    expect(md).toContain('### decode | batch 8');
    expect(md).toContain('**beats Big**');
    expect(md).toContain('| 148.0\\* |');
    expect(md).toContain('> **software adapter: correctness only, not GPU figures**');
    expect(md).toContain('| **-75.0%** |');
    expect(md).toContain('| +4.0% |');
    expect(md).toContain('| custom | n/a | does not fit | n/a | capacity |  |');
    expect(md).toContain('[paper](https://example.com/paper)');
  });

  it('says what would fill each empty section', () => {
    const empty = renderMarkdown(EMPTY_REPORT);
    // The notes are our own Markdown (code spans for the commands), so they go out as written.
    for (const text of Object.values(EMPTY)) expect(empty).toContain(text);
    expect(empty).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('markdown escaping', () => {
  it('escapes pipes and line breaks in a cell, Markdown syntax in prose', () => {
    expect(escapeCell('a | b\nc')).toBe('a \\| b c');
    expect(escapeText('x *y* [z] `c` <b> <= 4, eta_m, _x_')).toBe(
      'x \\*y\\* \\[z\\] \\`c\\` \\<b> <= 4, eta_m, \\_x\\_',
    );
    expect(escapeText('# not a heading')).toBe('\\# not a heading');
  });

  it('renders a pipe table with right-aligned numbers and the marked cell bold', () => {
    expect(
      markdownTable({
        columns: [{ header: 'a|b' }, { header: 'n', align: 'right' }],
        rows: [
          ['x', '1'],
          ['y', '2'],
        ],
        warn: [false, true],
      }),
    ).toBe('| a\\|b | n |\n| --- | --: |\n| x | 1 |\n| y | **2** |');
  });
});
