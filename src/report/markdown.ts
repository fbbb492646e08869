/**
 * Pure Markdown renderer of a comparison report, sized for a pull-request comment or a CI step summary:
 * the HTML report's summary and tables in its order, charts left out with the command that draws them,
 * long tables folded into `<details>` blocks. GitHub-flavoured: pipe tables, `|` escaped in cells.
 * @module
 */

import { formatSignificant } from './estimate.ts';
import type { ReportData, SourceLink } from './report-data.ts';
import {
  chartsCommand,
  compareCommand,
  EMPTY,
  gpuTable,
  LARGE_ERROR,
  percentText,
  provenance,
  rooflineHeading,
  rooflineTable,
  SOFTWARE_NOTE,
  type TableModel,
  tppPointTable,
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

/** A table of more rows than this is folded into a `<details>` block. */
const FOLD_ROWS = 12;

/**
 * Escape prose so Markdown shows it as written: backslash, backtick, `*`, brackets, `_` at a word's edge
 * (GitHub ignores it inside a word, as in `eta_m`), `<` where it could open a tag, `>` and `#` opening a line.
 */
export const escapeText = (s: string): string =>
  s
    .replace(/[\\`*[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`)
    .replace(/^([>#])/gm, '\\$1');

/** Escape a table cell: prose escapes, `|` escaped, line breaks as spaces. */
export const escapeCell = (s: string): string =>
  escapeText(s)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

/** Text in backticks, with a fence long enough for any backticks inside. */
function code(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** A link, or the label alone without a URL. */
export function link(source: SourceLink): string {
  if (!source.url) return escapeText(source.label);
  return `[${escapeText(source.label)}](${source.url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

/**
 * A pipe table; highlighted and warned rows get their last cell in bold. Cells of `markdownColumns` are
 * Markdown already (links): only their `|` is escaped.
 */
export function markdownTable(t: TableModel, markdownColumns: readonly number[] = []): string {
  const cell = (c: string, j: number) =>
    markdownColumns.includes(j) ? c.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ') : escapeCell(c);
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    row(t.columns.map((c) => escapeCell(c.header))),
    row(t.columns.map((c) => (c.align === 'right' ? '--:' : '---'))),
  ];
  t.rows.forEach((cells, i) => {
    const strong = t.highlight?.[i] || t.warn?.[i];
    const last = t.markColumn ?? cells.length - 1;
    lines.push(
      row(cells.map((c, j) => (strong && j === last && c !== '' ? `**${cell(c, j)}**` : cell(c, j)))),
    );
  });
  return lines.join('\n');
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const details = (summary: string, body: string) =>
  `<details><summary>${html(summary)}</summary>\n\n${body}\n\n</details>`;

/** A table, folded when longer than {@link FOLD_ROWS} rows. */
function table(t: TableModel, what: string, markdownColumns: readonly number[] = []): string {
  const body = markdownTable(t, markdownColumns);
  return t.rows.length > FOLD_ROWS ? details(`${what} (${t.rows.length} rows)`, body) : body;
}

const bullets = (items: readonly string[]) => items.map((i) => `- ${escapeText(i)}`).join('\n');

/** The report as Markdown. */
export function renderMarkdown(data: ReportData): string {
  const out: string[] = [
    `# ${escapeText(data.title)}`,
    `_${escapeText(provenance(data))}_`,
    `Charts are in the HTML report: ${code(chartsCommand(data))}`,
    '## Summary',
    data.summary.length > 0 ? bullets(data.summary.map((s) => s.text)) : EMPTY.summary,
    '## GPUs',
  ];
  if (data.gpus.length === 0) out.push(EMPTY.gpus);
  else {
    out.push(markdownTable(gpuTable(data)));
    if (data.gpus.some((g) => g.unverified.length > 0)) out.push(escapeText(UNVERIFIED_NOTE));
    out.push(
      `Sources:\n${data.gpus.map((g) => `- ${escapeText(g.name)}: ${g.sources.map(link).join('; ') || 'none'}`).join('\n')}`,
    );
  }

  out.push('## Workloads');
  if (data.workloads.length === 0) out.push(EMPTY.workloads);
  for (const w of data.workloads) {
    out.push(`### ${escapeText(w.title)}`, `${code(compareCommand(w))}`);
    if (w.rationale) out.push(`_${escapeText(w.rationale)}_`);
    out.push(table(workloadTable(data, w), w.title));
  }

  out.push('## Rooflines');
  if (data.rooflines.length === 0) out.push(EMPTY.rooflines);
  for (const r of data.rooflines) out.push(details(rooflineHeading(r), markdownTable(rooflineTable(r))));

  out.push('## Sweeps');
  if (data.sweeps.length === 0) out.push(EMPTY.sweeps);
  for (const s of data.sweeps) {
    out.push(
      `### ${escapeText(s.title)}`,
      escapeText(sweepFacts(s)),
      escapeText(sweepOutline(data, s).join(' ')),
    );
    out.push(
      s.boundaries.length > 0
        ? table(boundaryTable(data, s), 'Boundaries')
        : 'No boundaries: the winner does not change over the sweep.',
    );
  }

  out.push('## TPP vs delivered throughput');
  if (data.tppPoints.length === 0) out.push(EMPTY.tppPoints);
  else out.push(markdownTable(tppTable(data)), table(tppPointTable(data), 'Every point'));

  out.push('## This machine', ...local(data));

  out.push(
    '## Model',
    details(`Assumptions (${data.model.assumptions.length})`, bullets(data.model.assumptions)),
  );
  out.push('### Calibration fit', bullets(data.model.fit), '### Validation: modelled against measured');
  if (data.model.validation.length === 0) out.push(EMPTY.validation);
  else
    out.push(
      markdownTable(validationSummary(data)),
      table(validationTable(data), 'Every validation point', [6]),
    );
  return `${out.join('\n\n')}\n`;
}

/** The local section's blocks. */
function local(data: ReportData): string[] {
  const l = data.local;
  if (!l) return [EMPTY.local];
  const out = [escapeText(localFacts(l))];
  if (l.software) out.push(`> **${escapeText(SOFTWARE_NOTE)}**`);
  out.push(markdownTable(profileTable(l)), table(kernelTable(l), 'Kernels'));
  out.push('### Self-check: measured against a roofline fitted to the run');
  out.push(l.selfCheck.length > 0 ? table(checkTable(l.selfCheck), 'Self-check') : 'No self-check cases.');
  if (l.catalogGpu) {
    out.push(`### Against the catalog model of ${escapeText(l.catalogGpu)}`);
    out.push(table(checkTable(l.catalogCheck), 'Catalog check'));
  }
  if (l.cpuRoofline) {
    out.push(`### ${escapeText(CPU_ROOFLINE_HEADING)}`, escapeText(l.cpuRoofline.basis));
    out.push(table(cpuRooflineTable(l.cpuRoofline), 'CPU roofline check'));
  }
  return out;
}

/** Every validation point with its source. */
function validationTable(data: ReportData): TableModel {
  const rows = data.model.validation;
  return {
    columns: [
      { header: 'group' },
      { header: 'case' },
      { header: 'measured', align: 'right' },
      { header: 'modelled', align: 'right' },
      { header: 'unit' },
      { header: 'error', align: 'right' },
      { header: 'source' },
    ],
    rows: rows.map((v) => [
      v.group,
      v.id,
      formatSignificant(v.measured),
      formatSignificant(v.modelled),
      v.unit,
      percentText(v.error),
      link(v.source),
    ]),
    warn: rows.map((v) => Math.abs(v.error) > LARGE_ERROR),
    markColumn: 5,
  };
}
