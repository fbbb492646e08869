/**
 * Pure renderer of one estimate: headline metrics, range, bound, breakdown and assumptions.
 * @module
 */
import type { Estimate } from '../model/estimate.ts';
import { formatBytes } from '../workloads/common.ts';
import type { ParamKind, ParamSpec } from '../workloads/params.ts';
import { formatNumber, renderTable } from './table.ts';

/** A number with about 4 significant digits, thousands separators, `n/a` for null. */
export function formatSignificant(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs === 0 ? 0 : abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
  if (abs !== 0 && abs < 0.001) return value.toExponential(2);
  return formatNumber(value, digits);
}

/**
 * A parameter value for the headline, by the parameter's kind: byte sizes of 1 MB and up in decimal units
 * (`bytes=1.07GB`); other numbers of a million and up in e-notation as typed (`tokens=1.56e13`); anything
 * else as is. Without a kind a number is never shown as bytes.
 */
export function formatParamValue(value: number | string | boolean, kind?: ParamKind): string {
  if (typeof value !== 'number') return String(value);
  if (kind === 'bytes' && value >= 1e6) return formatBytes(value).replace(' ', '');
  if (Math.abs(value) >= 1e6 && Number.isFinite(value)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    return `${mantissa}e${Number(exponent)}`;
  }
  return String(value);
}

function formatParams(params: Estimate['params'], specs: readonly ParamSpec[]): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === '') continue; // an optional text flag that was not given (e.g. modelConfig)
    out.push(`${key}=${formatParamValue(value, specs.find((s) => s.key === key)?.kind)}`);
  }
  return out.join(' ');
}

/**
 * The estimate as text. `params`: the workload's parameter specs, so each value is formatted by its kind
 * (only `bytes` parameters print as byte sizes); without them no parameter is shown as bytes.
 */
export function renderEstimate(e: Estimate, params: readonly ParamSpec[] = []): string {
  const lines: string[] = [`${e.workload} on ${e.gpu}  (${formatParams(e.params, params)})`];
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
  // Overlapped communication shows its hidden time beside the exposed time it adds.
  const overlapped = e.breakdown.some((row) => row.hiddenMs !== undefined);
  lines.push(
    renderTable(
      [
        { header: 'op' },
        { header: 'GFLOP', align: 'right' },
        { header: 'MB', align: 'right' },
        { header: 'time ms', align: 'right' },
        ...(overlapped ? [{ header: 'hidden ms', align: 'right' as const }] : []),
        { header: 'bound' },
      ],
      e.breakdown.map((row) => [
        row.op,
        formatSignificant(row.flops / 1e9),
        formatSignificant(row.bytes / 1e6),
        formatSignificant(row.timeMs),
        ...(overlapped ? [row.hiddenMs === undefined ? '' : formatSignificant(row.hiddenMs)] : []),
        row.bound,
      ]),
    ),
  );
  lines.push('', 'assumptions:', ...e.assumptions.map((a) => `  - ${a}`));
  return `${lines.join('\n')}\n`;
}
