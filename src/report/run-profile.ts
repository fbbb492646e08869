/**
 * Pure renderers of the local profile and the model self-check.
 * @module
 */
import type { LocalProfile } from '../bench/profile.ts';
import type { SelfCheck } from '../bench/self-check.ts';
import { formatSeconds } from './run.ts';
import { formatNumber, renderTable } from './table.ts';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Peak compute and bandwidth per backend. */
export function renderLocalProfile(profile: LocalProfile): string {
  const rows = profile.backends.map((b) => [
    b.backend,
    formatNumber(b.peakFlopsPerSec === null ? null : b.peakFlopsPerSec / 1e9, 2),
    b.peakSource ?? 'n/a',
    formatNumber(b.bandwidthBytesPerSec === null ? null : b.bandwidthBytesPerSec / 1e9, 2),
    b.bandwidthSource ?? 'n/a',
  ]);
  return [
    `Local profile of ${profile.machine}`,
    renderTable(
      [
        { header: 'backend' },
        { header: 'peak GFLOP/s', align: 'right' },
        { header: 'from' },
        { header: 'bandwidth GB/s', align: 'right' },
        { header: 'from' },
      ],
      rows,
    ),
  ].join('\n');
}

/** Predicted against measured time per kernel, and the median error. */
export function renderSelfCheck(check: SelfCheck): string {
  const rows = check.rows.map((r) => [
    r.id,
    r.backend,
    formatSeconds(r.measuredSec),
    formatSeconds(r.predictedSec),
    `${r.errorPercent >= 0 ? '+' : ''}${r.errorPercent.toFixed(0)}%`,
    r.bound,
    r.role === 'calibration' ? 'fitted the profile' : '',
  ]);
  const median =
    check.medianAbsErrorPercent === null
      ? 'no kernel to check (the profile needs a completed gemm and stream-triad)'
      : `median |error| ${check.medianAbsErrorPercent.toFixed(0)}% over ${plural(check.rows.filter((r) => r.role === 'check').length, 'kernel')}`;
  return [
    'Model self-check: the roofline model (same code as for H100) fed the local profile',
    renderTable(
      [
        { header: 'case' },
        { header: 'backend' },
        { header: 'measured', align: 'right' },
        { header: 'predicted', align: 'right' },
        { header: 'error', align: 'right' },
        { header: 'bound' },
        { header: 'note' },
      ],
      rows,
    ),
    median,
  ].join('\n');
}
