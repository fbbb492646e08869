/**
 * Pure renderers of the local profile and the model self-check.
 * @module
 */

import type { CpuRooflineCheck } from '../bench/cpu-roofline.ts';
import type { LocalProfile } from '../bench/profile.ts';
import type { CatalogCheck, SelfCheck } from '../bench/self-check.ts';
import type { LocalGpu } from '../results/bench-results.ts';
import { formatSeconds } from './run.ts';
import { formatNumber, renderTable } from './table.ts';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `+12%`; `n/a` for a value that is not a finite number (it never reaches the page as NaN). */
function signedPercent(percent: number): string {
  if (!Number.isFinite(percent)) return 'n/a';
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%`;
}

/** {@link formatSeconds}, or `n/a` for a value that is not a finite number. */
function seconds(sec: number): string {
  return Number.isFinite(sec) ? formatSeconds(sec) : 'n/a';
}

/** `NVIDIA H200 (catalog h200-sxm, from nvidia-smi)`, or `... (not in the catalog, ...)`. */
function describeGpu(gpu: LocalGpu): string {
  const catalog = gpu.catalogId === null ? 'not in the catalog' : `catalog ${gpu.catalogId}`;
  const source = gpu.source === 'flag' ? '--local-gpu' : gpu.source;
  return `${gpu.name} (${catalog}, from ${source})`;
}

/** Peak compute and bandwidth per backend, and the local GPU when the run identified one. */
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
    ...(profile.gpu === undefined ? [] : [`GPU: ${describeGpu(profile.gpu)}`]),
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

/** Predicted against measured time per kernel, the kernels left out and why, and the median error. */
export function renderSelfCheck(check: SelfCheck): string {
  const rows = check.rows.map((r) => [
    r.id,
    r.backend,
    seconds(r.measuredSec),
    seconds(r.predictedSec),
    signedPercent(r.errorPercent),
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
    ...check.skipped.map((s) => `skipped ${s.id} on ${s.backend}: ${s.reason}`),
    median,
  ].join('\n');
}

/**
 * Measured against the model's estimate for the catalog GPU per WebGPU kernel, with the known reason for
 * each miss, the skipped kernels and the median error. `gpuName` is the local GPU's name as identified. A
 * check that did not run (a software adapter) is one line saying why.
 */
export function renderCatalogCheck(check: CatalogCheck, gpuName: string): string {
  if (check.notChecked !== undefined)
    return `Catalog self-check of ${gpuName} (${check.gpuId}) skipped: ${check.notChecked}`;
  const rows = check.rows.map((r) => [
    r.id,
    r.backend,
    seconds(r.measuredSec),
    seconds(r.modelledSec),
    signedPercent(r.errorPercent),
    r.bound,
    r.note,
  ]);
  const skipped = check.skipped.map((s) => `skipped ${s.id}: ${s.reason}`);
  const median =
    check.medianAbsErrorPercent === null
      ? 'no kernel to check (none completed on a WebGPU backend)'
      : `median |error| ${check.medianAbsErrorPercent.toFixed(0)}% over ${plural(check.rows.length, 'kernel')}`;
  return [
    `Catalog self-check: ${gpuName} measured against the model's estimate for ${check.gpuId} (nothing fitted to this run)`,
    renderTable(
      [
        { header: 'case' },
        { header: 'backend' },
        { header: 'measured', align: 'right' },
        { header: `modelled (${check.gpuId})`, align: 'right' },
        { header: 'error', align: 'right' },
        { header: 'bound' },
        { header: 'note' },
      ],
      rows,
    ),
    ...skipped,
    median,
  ].join('\n');
}

/** What the CPU roofline is made of: its peak and how that was read, its bandwidth and the case it came from. */
export function cpuRooflineBasis(check: CpuRooflineCheck): string {
  return `peak ${formatNumber(check.peakFlopsPerSec / 1e9, 1)} GFLOP/s at 128-bit SIMD counting FMAs, which the kernels' mul + add reach only where the two issue on separate pipes (AMD Zen; half of it where FMA pipes do both); ${formatNumber(check.machinePeakFlopsPerSec / 1e9, 1)} at the CPU's widest (${check.peakSource}), bandwidth ${formatNumber(check.bandwidthBytesPerSec / 1e9, 1)} GB/s (${check.bandwidthSource})`;
}

/**
 * Each CPU kernel against the CPU roofline (its 128-bit SIMD peak and the run's best triad bandwidth): the
 * share of the roofline it reached. A check that cannot run is one line saying why.
 */
export function renderCpuRooflineCheck(check: CpuRooflineCheck | { readonly notChecked: string }): string {
  if ('notChecked' in check) return `CPU roofline check skipped: ${check.notChecked}`;
  const rows = check.rows.map((r) => [
    r.id,
    r.backend,
    seconds(r.measuredSec),
    seconds(r.rooflineSec),
    Number.isFinite(r.attainment) ? `${(r.attainment * 100).toFixed(r.attainment < 0.01 ? 2 : 0)}%` : 'n/a',
    r.bound,
  ]);
  return [
    `CPU roofline check: ${cpuRooflineBasis(check)}`,
    renderTable(
      [
        { header: 'case' },
        { header: 'backend' },
        { header: 'measured', align: 'right' },
        { header: 'roofline', align: 'right' },
        { header: 'of roofline', align: 'right' },
        { header: 'bound' },
      ],
      rows,
    ),
  ].join('\n');
}
