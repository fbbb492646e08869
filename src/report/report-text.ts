/**
 * The text both the Markdown and the terminal report show, as plain table models and sentences: what each
 * section says is decided here once, and each renderer only lays it out (Markdown tables, padded columns).
 * Pure; numbers go through the project's formatters, so a null reads `n/a` and no NaN reaches the text.
 * @module
 */
import { formatSignificant } from './estimate.ts';
import type { ReportData, WorkloadComparison } from './report-data.ts';
import { type Column, formatNumber } from './table.ts';

/** A table before layout: columns, rows of cell text, and which rows to highlight or warn about. */
export interface TableModel {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
  /** Per row: an inversion (a lower-TPP GPU delivering more). */
  readonly highlight?: readonly boolean[];
  /** Per row: a model error above {@link LARGE_ERROR}, or a case that failed. */
  readonly warn?: readonly boolean[];
  /** The column a marked row's mark goes in where a renderer marks one cell (default: the last). */
  readonly markColumn?: number;
}

/** Above this |modelled / measured - 1| an error row is flagged. */
export const LARGE_ERROR = 0.25;

/** The mark after a key spec whose source is unverified, and its footnote. */
export const UNVERIFIED_MARK = '*';
export const UNVERIFIED_NOTE = '* figure from an unverified source (not confirmed against a datasheet)';

/** The line a software adapter's local section carries. */
export const SOFTWARE_NOTE = 'software adapter: correctness only, not GPU figures';

/** What input would fill an empty section. */
export const EMPTY = {
  summary: 'No inversions in these inputs: delivered throughput follows TPP on every workload compared.',
  gpus: 'No GPUs: they come from `tppbench compare`, `inversions` or `sweep` JSON output.',
  workloads:
    'No workload comparisons: add `tppbench compare <workload> --gpus ... --json` or `tppbench inversions --json` output.',
  rooflines: 'No roofline points: they come from workload comparisons of catalog GPUs.',
  sweeps: 'No sweeps: add `tppbench sweep <workload> --gpus ... --out sweep.json` output.',
  tppPoints: 'No points: they come from workload comparisons of GPUs with a known TPP.',
  local: 'No local run: add `tppbench run --out results.json` output.',
  validation: 'No validation points.',
} as const;

/**
 * The command that draws the charts this text leaves out: `tppbench report <files> --format html --out
 * report.html`, or, for a report a command made of its own results (`(compare)`, `(sweep)`), the flags to add
 * to that command.
 */
export function chartsCommand(data: ReportData): string {
  const made = data.inputs.find((i) => /^\(.*\)$/.test(i.file) && i.file !== '(built-in)');
  if (made) {
    const command = made.file.slice(1, -1);
    // `--out` is the report's file where the command writes nothing else; `run` and `sweep` use `--report`.
    const flag = command === 'compare' || command === 'inversions' ? '--out' : '--report';
    return `tppbench ${command} ... ${flag} report.html`;
  }
  const files = data.inputs.map((i) => i.file).filter((f) => f !== '(built-in)');
  return ['tppbench report', ...files, '--format html --out report.html'].join(' ');
}

/** `Generated 2026-11-30 by tppbench 1.2.0 from a.json (tppbench-inversions), ...`. */
export function provenance(data: ReportData): string {
  const inputs = data.inputs.map((i) => `${i.file} (${i.kind})`).join(', ');
  return `Generated ${data.generatedAt.slice(0, 10)} by tppbench ${data.toolVersion} from ${inputs || 'no inputs'}.`;
}

/** `1.16x`, or `n/a`. */
export const ratioText = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? 'n/a' : `${v.toFixed(2)}x`;

/** `12.5%` of a magnitude, or `n/a`. */
export const absPercentText = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? 'n/a' : `${formatNumber(Math.abs(v) * 100, 1)}%`;

/** `+12.5%`, or `n/a`. */
export function percentText(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  return `${v > 0 ? '+' : ''}${formatNumber(v * 100, 1)}%`;
}

/** A GPU's name by id (the id itself when the report does not list it). */
export function gpuName(data: ReportData, id: string): string {
  return data.gpus.find((g) => g.id === id)?.name ?? id;
}

/** Rule vintages in first-seen order over the GPUs. */
function rules(data: ReportData): string[] {
  const out: string[] = [];
  for (const g of data.gpus) for (const r of Object.keys(g.verdicts)) if (!out.includes(r)) out.push(r);
  return out;
}

const SPECS = [
  ['bf16Tflops', 'BF16 TF', 1],
  ['fp8Tflops', 'FP8 TF', 1],
  ['memoryGB', 'Mem GB', 0],
  ['memoryTBps', 'Mem TB/s', 2],
  ['linkGBps', 'Link GB/s', 0],
] as const;

/** The GPU table: id, name, TPP, PD, one verdict column per rule vintage, key specs (unverified marked). */
export function gpuTable(data: ReportData): TableModel {
  const vintages = rules(data);
  return {
    columns: [
      { header: 'id' },
      { header: 'name' },
      { header: 'TPP', align: 'right' },
      { header: 'PD', align: 'right' },
      ...vintages.map((r) => ({ header: r })),
      ...SPECS.map(([, header]) => ({ header, align: 'right' as const })),
    ],
    rows: data.gpus.map((g) => [
      g.id,
      g.name,
      formatNumber(g.tpp),
      formatNumber(g.pd, 2),
      ...vintages.map((r) => g.verdicts[r] ?? 'n/a'),
      ...SPECS.map(
        ([key, , digits]) =>
          formatNumber(g[key], digits) + (g.unverified.includes(key) ? UNVERIFIED_MARK : ''),
      ),
    ]),
  };
}

/** How many columns of {@link gpuTable} come before the key specs. */
export const gpuScoreColumns = (data: ReportData): number => 4 + rules(data).length;

/** The command that reproduces a workload comparison: `tppbench compare <workload> [flags] --gpus a,b`. */
export const compareCommand = (w: WorkloadComparison): string =>
  `tppbench compare ${w.command} --gpus ${w.rows.map((r) => r.gpu).join(',')}`;

/** A workload's table: throughput, normalized to the first GPU, TPP beside it, inversions marked. */
export function workloadTable(data: ReportData, w: WorkloadComparison): TableModel {
  return {
    columns: [
      { header: 'GPU' },
      { header: 'TPP', align: 'right' },
      { header: w.throughputUnit, align: 'right' },
      { header: 'x first', align: 'right' },
      { header: 'bound' },
      { header: 'inversion' },
    ],
    rows: w.rows.map((r) => [
      r.name,
      formatNumber(r.tpp),
      r.fits ? formatSignificant(r.throughput) : 'does not fit',
      ratioText(r.normalized),
      r.bound,
      r.inverts.length > 0 ? `beats ${r.inverts.map((id) => gpuName(data, id)).join(', ')}` : '',
    ]),
    highlight: w.rows.map((r) => r.inverts.length > 0),
  };
}

/** A roofline's heading: peak, bandwidth and ridge point. */
export function rooflineHeading(r: ReportData['rooflines'][number]): string {
  const ridge = r.memoryBytesPerSec > 0 ? r.peakFlopsPerSec / r.memoryBytesPerSec : null;
  return `${r.name}: bf16 peak ${formatSignificant(r.peakFlopsPerSec / 1e12)} TFLOP/s, ${formatSignificant(r.memoryBytesPerSec / 1e12)} TB/s, ridge ${formatSignificant(ridge)} FLOP/B`;
}

/** A roofline's points: intensity, the roof at it (min of peak and intensity x bandwidth), the model, bound. */
export function rooflineTable(r: ReportData['rooflines'][number]): TableModel {
  return {
    columns: [
      { header: 'workload' },
      { header: 'FLOP/B', align: 'right' },
      { header: 'roof TFLOP/s', align: 'right' },
      { header: 'modelled TFLOP/s', align: 'right' },
      { header: 'bound' },
    ],
    rows: r.points.map((p) => [
      p.label,
      formatSignificant(p.intensity),
      formatSignificant(Math.min(r.peakFlopsPerSec, p.intensity * r.memoryBytesPerSec) / 1e12),
      formatSignificant(p.flopsPerSec / 1e12),
      p.bound,
    ]),
  };
}

/**
 * TPP against delivered throughput, one row per workload: its GPUs from lowest TPP up with their throughput
 * over the first GPU, and whether throughput follows TPP there (no GPU of the workload inverts another).
 */
export function tppTable(data: ReportData): TableModel {
  const bySection = new Map<string, ReportData['tppPoints'][number][]>();
  for (const p of data.tppPoints) bySection.set(p.sectionId, [...(bySection.get(p.sectionId) ?? []), p]);
  const rows = [...bySection].map(([id, points]) => {
    const inverted = data.workloads.find((w) => w.id === id)?.rows.some((r) => r.inverts.length > 0) ?? false;
    const sorted = [...points].sort((a, b) => a.tpp - b.tpp);
    return [id, sorted.map((p) => `${p.gpu} ${ratioText(p.normalized)}`).join(', '), inverted ? 'no' : 'yes'];
  });
  return {
    columns: [{ header: 'workload' }, { header: 'x first, lowest TPP first' }, { header: 'follows TPP' }],
    rows,
    highlight: rows.map((r) => r[2] === 'no'),
  };
}

/** Every TPP point: workload, GPU, TPP, throughput over the workload's first GPU. */
export function tppPointTable(data: ReportData): TableModel {
  return {
    columns: [
      { header: 'workload' },
      { header: 'GPU' },
      { header: 'TPP', align: 'right' },
      { header: 'x first', align: 'right' },
    ],
    rows: data.tppPoints.map((p) => [p.sectionId, p.name, formatNumber(p.tpp), ratioText(p.normalized)]),
  };
}
