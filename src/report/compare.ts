/**
 * Pure renderer of a comparison: one row per GPU with TPP, PD, verdict, throughput, time, bound and the
 * ratio to the first GPU; inversions marked and listed.
 * @module
 */
import type { ComparisonSection } from '../results/estimates.ts';
import { formatSignificant } from './estimate.ts';
import { verdictLabel } from './gpus.ts';
import { formatNumber, renderTable } from './table.ts';

const MARK = '<';

/** The comparison as text. */
export function renderComparison(c: ComparisonSection): string {
  const table = renderTable(
    [
      { header: 'gpu' },
      { header: 'TPP', align: 'right' },
      { header: 'PD', align: 'right' },
      { header: `3A090 (${c.rule})` },
      { header: c.throughputUnit, align: 'right' },
      { header: 'time ms', align: 'right' },
      { header: 'bound' },
      { header: 'x first', align: 'right' },
      { header: 'inversion' },
    ],
    c.rows.map((r) => [
      r.gpu,
      formatNumber(r.tpp, 0),
      formatNumber(r.pd, 2),
      verdictLabel({
        rule: 'oct-2023',
        status: r.verdict.status as NonNullable<Parameters<typeof verdictLabel>[0]>['status'],
        clause: r.verdict.clause,
        checks: [],
        summary: r.verdict.summary,
      }),
      formatSignificant(r.throughput),
      formatSignificant(r.timeMs),
      r.bound,
      r.ratioToFirst === null ? 'n/a' : `${r.ratioToFirst.toFixed(2)}x`,
      r.inverts.length > 0 ? `${MARK} beats ${r.inverts.join(', ')}` : '',
    ]),
  );
  const lines = [`${c.workload}: ${c.throughputUnit} (${c.throughputMetric}), higher is better`, '', table];
  if (c.local) {
    const l = c.local;
    lines.push(
      '',
      `this machine (${l.machine}, ${l.backend}; measured ${formatSignificant(l.peakGflops)} GFLOP/s, ${formatSignificant(l.bandwidthGBps)} GB/s, fp32 TPP ${formatSignificant(l.measuredTpp)}):`,
      `  ${formatSignificant(l.throughput)} ${c.throughputUnit}, ${formatSignificant(l.timeMs)} ms, ${l.bound}-bound, ${l.ratioToFirst === null ? 'n/a' : `${l.ratioToFirst.toExponential(2)}x`} of the first GPU`,
      `  (${l.note}; from ${l.resultsFile})`,
    );
  }
  if (c.inversions.length > 0) {
    lines.push('', 'inversions (lower TPP, more throughput):');
    for (const v of c.inversions) {
      lines.push(
        `  INVERSION ${v.gpu} (TPP ${formatNumber(v.tpp, 0)}) beats ${v.over} (TPP ${formatNumber(v.overTpp, 0)}) by ${v.throughputRatio.toFixed(2)}x`,
      );
    }
  } else {
    lines.push('', 'no inversions: throughput follows TPP here');
  }
  return `${lines.join('\n')}\n`;
}
