import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/report/report-data.ts';
import { EMPTY } from '../../src/report/report-text.ts';
import { fitTable, renderTerminal, stripAnsi, WIDTH, wantsColor, wrap } from '../../src/report/terminal.ts';
import { fixtureReport } from '../fixtures/report.ts';
import { EMPTY_REPORT, SMALL_REPORT, WIDE_REPORT } from '../fixtures/report-small.ts';

const ESC = String.fromCharCode(27);

function checkProperties(data: ReportData): string {
  const plain = renderTerminal(data, { color: false });
  const color = renderTerminal(data, { color: true });
  expect(plain).not.toContain(ESC);
  expect(color).toContain(ESC);
  expect(stripAnsi(color)).toBe(plain);
  for (const line of plain.split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
  for (const line of stripAnsi(color).split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
  expect(plain).not.toMatch(/NaN|Infinity|undefined|\[object/);
  for (const g of data.gpus) expect(plain).toMatch(new RegExp(`^${g.id} `, 'm'));
  return plain;
}

describe('renderTerminal on the fixture report', () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await fixtureReport();
  });

  it('matches the snapshot', async () => {
    await expect(renderTerminal(data, { color: false })).toMatchFileSnapshot('__snapshots__/report.txt');
  });

  it('fits 100 columns, prints no NaN, names every GPU; colour strips to the plain text', () => {
    checkProperties(data);
  });

  it('keeps the HTML section order and summarises validation by group', () => {
    const plain = renderTerminal(data, { color: false });
    const order = ['SUMMARY', 'GPUS', 'WORKLOADS', 'ROOFLINES', 'SWEEPS', 'TPP VS', 'THIS MACHINE', 'MODEL'];
    const at = order.map((h) => plain.indexOf(`\n${h}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const groups = new Set(data.model.validation.map((v) => v.group));
    expect(plain).toMatch(/group +points +median \|error\| +max \|error\|/);
    for (const g of groups) expect(plain).toMatch(new RegExp(`^${g} +\\d+ +[\\d.]+% +[\\d.]+%$`, 'm'));
    expect(plain).not.toContain(data.model.validation[0]!.id);
  });
});

describe('renderTerminal on hand-made reports', () => {
  it('matches the snapshot', async () => {
    await expect(renderTerminal(SMALL_REPORT, { color: false })).toMatchFileSnapshot(
      '__snapshots__/report-small.txt',
    );
  });

  it('holds the properties', () => {
    const plain = checkProperties(SMALL_REPORT);
    expect(plain).toContain('software adapter: correctness only, not GPU figures');
    expect(plain).toContain('does not fit');
    expect(plain).toMatch(/^small +148\.0\* /m);
  });

  it('colours headings bold, inversions green and errors above 25% yellow, nothing else', () => {
    const lines = renderTerminal(SMALL_REPORT, { color: true }).split('\n');
    const styled = (needle: string) => lines.find((l) => stripAnsi(l).includes(needle)) ?? '';
    expect(styled('WORKLOADS')).toBe(`${ESC}[1mWORKLOADS${ESC}[0m`);
    expect(styled('beats Big')).toMatch(new RegExp(`^${ESC}\\[32m`));
    expect(styled('-75.0%')).toMatch(new RegExp(`^${ESC}\\[33m`));
    expect(styled('+4.0%')).not.toContain(ESC);
    expect(styled(' 31.4%')).toMatch(new RegExp(`^${ESC}\\[33m`));
  });

  it('cuts table cells with an ellipsis when names are too long for 100 columns', () => {
    const plain = checkProperties(WIDE_REPORT);
    expect(plain).toContain('…');
  });

  it('says what would fill each empty section', () => {
    const plain = renderTerminal(EMPTY_REPORT, { color: false });
    for (const text of Object.values(EMPTY)) expect(plain.replace(/\s+/g, ' ')).toContain(text);
    for (const line of plain.split('\n')) expect(line.length).toBeLessThanOrEqual(WIDTH);
  });
});

describe('terminal layout helpers', () => {
  it('wrap breaks at word boundaries with a hanging indent, cutting only a word longer than the line', () => {
    expect(wrap('aaa bbb ccc ddd', 9, '- ')).toEqual(['- aaa bbb', '  ccc ddd']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 10)).toEqual(['']);
  });

  it('fitTable shrinks the widest text column first and keeps numbers whole', () => {
    const text = fitTable(
      [{ header: 'name' }, { header: 'note' }, { header: 'TPP', align: 'right' }],
      [['H100 SXM5 80GB', 'a very long note', '15,832']],
      30,
    );
    expect(text).toBe(
      [
        'name        note           TPP',
        '----------  ----------  ------',
        'H100 SXM5…  a very lo…  15,832',
      ].join('\n'),
    );
  });

  it('wantsColor: a TTY without NO_COLOR and not TERM=dumb', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb' })).toBe(false);
  });
});
