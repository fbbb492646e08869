/**
 * The measured sections' text for the Markdown and terminal reports: this machine (profile, kernels,
 * self-checks) and the validation summary of the model against published measurements.
 * @module
 */
import { formatSignificant } from './estimate.ts';
import type { CpuRooflineData, LocalSection, ReportData, SelfCheckRowData } from './report-data.ts';
import { absPercentText, LARGE_ERROR, percentText, type TableModel } from './report-text.ts';
import { formatNumber } from './table.ts';

/** The local machine in one sentence. */
export const localFacts = (l: LocalSection): string =>
  `${l.machine}; device ${l.device}; suite ${l.suite}; backends ${l.backends.join(', ') || 'none'}.`;

/** The fitted local profile per backend. */
export function profileTable(l: LocalSection): TableModel {
  return {
    columns: [
      { header: 'backend' },
      { header: 'peak GFLOP/s', align: 'right' },
      { header: 'bandwidth GB/s', align: 'right' },
    ],
    rows: l.profile.map((p) => [
      p.backend,
      formatSignificant(p.peakGflops),
      formatSignificant(p.bandwidthGBps),
    ]),
  };
}

/** Each measured case: median with its 95% CI and sample count, or why it did not complete. */
export function kernelTable(l: LocalSection): TableModel {
  return {
    columns: [
      { header: 'case' },
      { header: 'backend' },
      { header: 'median', align: 'right' },
      { header: '95% CI', align: 'right' },
      { header: 'n', align: 'right' },
      { header: 'state' },
    ],
    rows: l.kernels.map((k) => [
      k.case,
      k.backend,
      k.median === null ? 'n/a' : `${formatSignificant(k.median)} ${k.unit}`,
      k.ciLow === null || k.ciHigh === null
        ? 'n/a'
        : `${formatSignificant(k.ciLow)}..${formatSignificant(k.ciHigh)}`,
      formatNumber(k.samples),
      k.note === null ? k.state : `${k.state}: ${k.note}`,
    ]),
    warn: l.kernels.map((k) => k.state !== 'completed'),
  };
}

/** A self-check: measured against modelled, errors above {@link LARGE_ERROR} flagged. */
export function checkTable(rows: readonly SelfCheckRowData[]): TableModel {
  return {
    columns: [
      { header: 'case' },
      { header: 'measured', align: 'right' },
      { header: 'modelled', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    rows: rows.map((r) => [
      r.case,
      `${formatSignificant(r.measured)} ${r.unit}`,
      `${formatSignificant(r.modelled)} ${r.unit}`,
      percentText(r.error),
    ]),
    warn: rows.map((r) => Math.abs(r.error) > LARGE_ERROR),
  };
}

/** CPU kernels against the CPU roofline: measured, roofline time, and the share of the roofline reached. */
export function cpuRooflineTable(c: CpuRooflineData): TableModel {
  return {
    columns: [
      { header: 'case' },
      { header: 'measured', align: 'right' },
      { header: 'roofline', align: 'right' },
      { header: 'of roofline', align: 'right' },
    ],
    rows: c.rows.map((r) => [
      r.case,
      `${formatSignificant(r.measured)} ${r.unit}`,
      `${formatSignificant(r.roofline)} ${r.unit}`,
      `${(r.attainment * 100).toFixed(r.attainment < 0.01 ? 2 : 0)}%`,
    ]),
  };
}

/** Heading of the CPU roofline block. */
export const CPU_ROOFLINE_HEADING =
  "CPU roofline check: each CPU kernel against the CPU peak and the run's triad";

/** The validation points by group: count, median and max |error|. */
export function validationSummary(data: ReportData): TableModel {
  const groups = new Map<string, number[]>();
  for (const v of data.model.validation)
    groups.set(v.group, [...(groups.get(v.group) ?? []), Math.abs(v.error)]);
  const rows = [...groups.entries()].map(([group, errors]) => {
    const sorted = [...errors].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return {
      cells: [group, formatNumber(errors.length), absPercentText(median), absPercentText(sorted.at(-1)!)],
      max: sorted.at(-1)!,
    };
  });
  return {
    columns: [
      { header: 'group' },
      { header: 'points', align: 'right' },
      { header: 'median |error|', align: 'right' },
      { header: 'max |error|', align: 'right' },
    ],
    rows: rows.map((r) => r.cells),
    warn: rows.map((r) => r.max > LARGE_ERROR),
  };
}
