/**
 * Pure renderer of one estimate: headline metrics, range, bound, breakdown and assumptions.
 * @module
 */
import type { Estimate } from '../model/estimate.ts';
import { formatBytes } from '../workloads/common.ts';
import { formatNumber, renderTable } from './table.ts';

/** A number with about 4 significant digits, thousands separators, `n/a` for null. */
export function formatSignificant(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs === 0 ? 0 : abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
  if (abs !== 0 && abs < 0.001) return value.toExponential(2);
  return formatNumber(value, digits);
}

function formatParams(params: Estimate['params']): string {
  return Object.entries(params)
    .map(
      ([k, v]) => `${k}=${typeof v === 'number' && v >= 1e6 ? formatBytes(v).replace(' ', '') : String(v)}`,
    )
    .join(' ');
}

/** The estimate as text. */
export function renderEstimate(e: Estimate): string {
  const lines: string[] = [`${e.workload} on ${e.gpu}  (${formatParams(e.params)})`];
  if (!e.fits) {
    lines.push(
      `does not fit: needs ${formatBytes(e.memory.neededBytes)} of ${e.memory.capacityBytes === null ? 'unknown' : formatBytes(e.memory.capacityBytes)} memory (bound: capacity)`,
    );
  } else {
    const metrics = Object.entries(e.metrics)
      .filter(([name]) => name !== 'timeMs')
      .map(([name, value]) => `${name} ${formatSignificant(value)}`);
    lines.push(
      `time ${formatSignificant(e.metrics.timeMs)} ms (range ${formatSignificant(e.range.low)}-${formatSignificant(e.range.high)} ms)  ${metrics.join('  ')}`,
    );
    lines.push(
      `bound: ${e.bound}  confidence: ${e.confidence}  memory: ${formatBytes(e.memory.neededBytes)} of ${e.memory.capacityBytes === null ? 'unknown' : formatBytes(e.memory.capacityBytes)}`,
    );
  }
  lines.push('');
  lines.push(
    renderTable(
      [
        { header: 'op' },
        { header: 'GFLOP', align: 'right' },
        { header: 'MB', align: 'right' },
        { header: 'time ms', align: 'right' },
        { header: 'bound' },
      ],
      e.breakdown.map((row) => [
        row.op,
        formatSignificant(row.flops / 1e9),
        formatSignificant(row.bytes / 1e6),
        formatSignificant(row.timeMs),
        row.bound,
      ]),
    ),
  );
  lines.push('', 'assumptions:', ...e.assumptions.map((a) => `  - ${a}`));
  return `${lines.join('\n')}\n`;
}
