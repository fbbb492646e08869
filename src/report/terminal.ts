/**
 * Pure terminal renderer of a comparison report: the HTML report's sections without charts, as padded
 * tables that fit {@link WIDTH} columns (long cells cut with an ellipsis, sentences wrapped at word
 * boundaries). With `color`, ANSI SGR codes mark headings (bold), inversions (green) and errors above 25%
 * (yellow); they wrap whole lines, so stripping them gives the plain rendering. Whether to colour is the
 * caller's decision ({@link wantsColor}).
 * @module
 */
import type { ReportData } from './report-data.ts';
import {
  chartsCommand,
  compareCommand,
  EMPTY,
  gpuScoreColumns,
  gpuTable,
  provenance,
  rooflineHeading,
  rooflineTable,
  SOFTWARE_NOTE,
  type TableModel,
  tppTable,
  UNVERIFIED_NOTE,
  workloadTable,
} from './report-text.ts';
import {
  CPU_ROOFLINE_HEADING,
  checkTable,
  cpuRooflineTable,
  kernelTable,
  localFacts,
  profileTable,
  validationSummary,
} from './report-text-local.ts';
import { boundaryTable, sweepFacts, sweepOutline } from './report-text-sweep.ts';
import { type Column, renderTable } from './table.ts';

/** The width every line fits. */
export const WIDTH = 100;

/** Options for {@link renderTerminal}. */
export interface TerminalOptions {
  /** Use ANSI colour; decided by the caller (a TTY without NO_COLOR), never here. */
  readonly color: boolean;
}

const ESC = '\u001b[';
type Style = (line: string) => string;
const styles = (color: boolean) => {
  const sgr =
    (code: string): Style =>
    (s) =>
      color && s !== '' ? `${ESC}${code}m${s}${ESC}0m` : s;
  return { bold: sgr('1'), good: sgr('32'), warn: sgr('33') };
};

/**
 * Whether a stream should get colour: a TTY, unless `NO_COLOR` is set to anything non-empty or
 * `TERM=dumb` (https://no-color.org).
 */
export function wantsColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Remove ANSI SGR sequences (the visible text). */
export const stripAnsi = (s: string): string => s.replace(SGR, '');

/** Wrap `text` at word boundaries to `width`, after `first` and then `indent`; a longer word is cut. */
export function wrap(text: string, width = WIDTH, first = '', indent = ' '.repeat(first.length)): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  const flush = () => {
    out.push(line.trimEnd());
    line = indent;
    empty = true;
  };
  for (let word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) flush();
    while (line.length + word.length > width) {
      const room = Math.max(1, width - line.length);
      line += word.slice(0, room);
      word = word.slice(room);
      flush();
    }
    if (word === '') continue;
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  if (!empty || out.length === 0) out.push(line.trimEnd());
  return out;
}

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`);

/**
 * A table within `width` columns: while too wide, the widest left-aligned column loses a character (its cells
 * cut with an ellipsis), down to its header's width; then right-aligned columns the same way.
 */
export function fitTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width = WIDTH,
): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  for (const pass of ['left', 'right'] as const) {
    while (total() > width) {
      let widest = -1;
      columns.forEach((c, i) => {
        const shrinkable = (c.align ?? 'left') === pass && widths[i]! > Math.max(c.header.length, 4);
        if (shrinkable && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      });
      if (widest < 0) break;
      widths[widest]!--;
    }
  }
  return renderTable(
    columns.map((c, i) => ({ ...c, header: cut(c.header, widths[i]!) })),
    rows.map((r) => r.map((cell, i) => cut(cell, widths[i] ?? cell.length))),
  );
}

/** Report sections as lines, styled. */
class Out {
  readonly lines: string[] = [];
  constructor(readonly s: ReturnType<typeof styles>) {}
  heading(text: string, level: 1 | 2 = 1) {
    if (this.lines.length > 0) this.lines.push('');
    for (const l of wrap(level === 1 ? text.toUpperCase() : text)) this.lines.push(this.s.bold(l));
  }
  text(text: string, style: Style = (l) => l, first = '') {
    for (const l of wrap(text, WIDTH, first)) this.lines.push(style(l));
  }
  table(t: TableModel) {
    fitTable(t.columns, t.rows)
      .split('\n')
      .forEach((line, i) => {
        const row = i - 2;
        const style = t.warn?.[row] ? this.s.warn : t.highlight?.[row] ? this.s.good : (l: string) => l;
        this.lines.push(row >= 0 ? style(line) : line);
      });
  }
}

/** The report for a terminal: every line within {@link WIDTH} visible columns. */
export function renderTerminal(data: ReportData, options: TerminalOptions): string {
  const out = new Out(styles(options.color));
  out.lines.push(out.s.bold(data.title));
  out.text(provenance(data));
  out.text(`Charts: ${chartsCommand(data)}`);

  out.heading('Summary');
  if (data.summary.length === 0) out.text(EMPTY.summary);
  for (const line of data.summary) out.text(line.text, out.s.good, '- ');

  out.heading('GPUs');
  if (data.gpus.length === 0) out.text(EMPTY.gpus);
  else gpuSection(out, data);

  out.heading('Workloads');
  if (data.workloads.length === 0) out.text(EMPTY.workloads);
  for (const w of data.workloads) {
    out.heading(w.title, 2);
    out.text(compareCommand(w), undefined, '$ ');
    if (w.rationale) out.text(w.rationale);
    out.table(workloadTable(data, w));
  }

  out.heading('Rooflines');
  if (data.rooflines.length === 0) out.text(EMPTY.rooflines);
  for (const r of data.rooflines) {
    out.heading(rooflineHeading(r), 2);
    out.table(rooflineTable(r));
  }

  out.heading('Sweeps');
  if (data.sweeps.length === 0) out.text(EMPTY.sweeps);
  for (const s of data.sweeps) {
    out.heading(s.title, 2);
    out.text(sweepFacts(s));
    for (const line of sweepOutline(data, s)) out.text(line);
    if (s.boundaries.length > 0) out.table(boundaryTable(data, s));
    else out.text('No boundaries: the winner does not change over the sweep.');
  }

  out.heading('TPP vs delivered throughput');
  if (data.tppPoints.length === 0) out.text(EMPTY.tppPoints);
  else out.table(tppTable(data));

  out.heading('This machine');
  const l = data.local;
  if (!l) out.text(EMPTY.local);
  else {
    out.text(localFacts(l));
    if (l.software) out.text(SOFTWARE_NOTE, out.s.warn);
    out.table(profileTable(l));
    out.lines.push('');
    out.table(kernelTable(l));
    out.heading('Self-check: measured against a roofline fitted to the run', 2);
    if (l.selfCheck.length === 0) out.text('No self-check cases.');
    else out.table(checkTable(l.selfCheck));
    if (l.catalogGpu) {
      out.heading(`Against the catalog model of ${l.catalogGpu}`, 2);
      out.table(checkTable(l.catalogCheck));
    }
    if (l.cpuRoofline) {
      out.heading(CPU_ROOFLINE_HEADING, 2);
      out.text(l.cpuRoofline.basis);
      out.table(cpuRooflineTable(l.cpuRoofline));
    }
  }

  out.heading('Model');
  for (const a of data.model.assumptions) out.text(a, undefined, '- ');
  out.heading('Calibration fit', 2);
  for (const f of data.model.fit) out.text(f, undefined, '- ');
  out.heading('Validation: modelled against measured', 2);
  if (data.model.validation.length === 0) out.text(EMPTY.validation);
  else out.table(validationSummary(data));
  return `${out.lines.join('\n')}\n`;
}

/** Each source once, in first-mention order. */
function uniqueSources(data: ReportData): ReportData['gpus'][number]['sources'][number][] {
  const seen = new Map<string, ReportData['gpus'][number]['sources'][number]>();
  for (const g of data.gpus) for (const s of g.sources) if (!seen.has(s.label)) seen.set(s.label, s);
  return [...seen.values()];
}

/** The GPU table in two parts (scores, then specs) to fit the width, then the sources. */
function gpuSection(out: Out, data: ReportData): void {
  const gpus = gpuTable(data);
  const split = gpuScoreColumns(data);
  out.table({ columns: gpus.columns.slice(0, split), rows: gpus.rows.map((r) => r.slice(0, split)) });
  out.lines.push('');
  out.table({
    columns: gpus.columns.slice(0, 1).concat(gpus.columns.slice(split)),
    rows: gpus.rows.map((r) => r.slice(0, 1).concat(r.slice(split))),
  });
  if (data.gpus.some((g) => g.unverified.length > 0)) out.text(UNVERIFIED_NOTE);
  out.heading('Sources', 2);
  for (const g of data.gpus)
    out.text(g.sources.map((s) => s.label.split(':')[0]).join(', ') || 'none', undefined, `${g.id}: `);
  for (const src of uniqueSources(data)) {
    out.text(src.label, undefined, '  ');
    if (src.url)
      out.text(
        src.url.length <= WIDTH - 4
          ? src.url
          : `(${src.url.replace(/^[a-z]+:\/\/([^/]*).*$/i, '$1')}; full link in --format markdown)`,
        undefined,
        '    ',
      );
  }
}
