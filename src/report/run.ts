/**
 * Pure renderers of a `tppbench run`: the backend choice, one row per kernel case (median, 95% CI of the
 * median, GFLOP/s, GB/s, verification), and one progress line per finished case for non-TTY output. A run
 * on a software adapter (SwiftShader) says once that its WebGPU figures are a CPU's: correctness only.
 * @module
 */
import { type BenchResults, isFailedMeasurement, type Measurement } from '../results/bench-results.ts';
import { formatNumber, renderTable } from './table.ts';

/** `1.23 ms`, `456 µs`, `2.10 s`. */
export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec)) return 'n/a';
  if (sec >= 1) return `${sec.toFixed(2)} s`;
  if (sec >= 1e-3) return `${(sec * 1e3).toFixed(2)} ms`;
  return `${(sec * 1e6).toFixed(1)} µs`;
}

/** The state of a case in a few words: `ok`, `INVALID (error 3e-1 > 1e-5)`, `ERRORED (build: ...)`. */
export function describeState(m: Measurement): string {
  switch (m.state) {
    case 'completed':
      return `ok (err ${m.verification.maxRelError?.toExponential(0) ?? 'n/a'})`;
    case 'invalid':
      return `INVALID (${m.verification.detail ?? 'wrong result'})`;
    case 'errored':
      return `ERRORED (${m.phase}: ${m.error.message.split('\n')[0]})`;
    case 'timed-out':
      return `TIMED OUT (> ${formatNumber(m.timeoutMs)} ms)`;
    case 'unsupported':
      return `n/a (${m.reason})`;
  }
}

/** One line for a finished case, for logs and non-TTY progress. */
export function renderCaseLine(m: Measurement, done: number, total: number): string {
  const speed =
    m.state === 'completed'
      ? ` ${formatSeconds(m.statistics.medianSec)}  ${formatNumber(m.flopsPerSec / 1e9, 2)} GFLOP/s  ${formatNumber(m.bytesPerSec / 1e9, 2)} GB/s`
      : '';
  return `[${done}/${total}] ${m.id} on ${m.backend}:${speed} ${describeState(m)}`;
}

/** The results as a table under the backend notes. */
export function renderRunResults(results: BenchResults): string {
  const fastest = new Set((results.selection.fastest ?? []).map((f) => `${f.id} ${f.backend}`));
  const rows = results.measurements.map((m) => {
    if (m.state !== 'completed') return [m.id, m.backend, '', '', '', '', '', describeState(m)];
    const s = m.statistics;
    return [
      m.id,
      fastest.has(`${m.id} ${m.ranOn}`) ? `${m.ranOn} *` : m.ranOn,
      formatSeconds(s.medianSec),
      `${formatSeconds(s.ciLowSec)} .. ${formatSeconds(s.ciHighSec)}`,
      `±${s.rmePercent.toFixed(1)}%`,
      formatNumber(m.flopsPerSec / 1e9, 2),
      formatNumber(m.bytesPerSec / 1e9, 2),
      describeState(m),
    ];
  });
  const table = renderTable(
    [
      { header: 'case' },
      { header: 'backend' },
      { header: 'median', align: 'right' },
      { header: '95% CI of median' },
      { header: 'rme', align: 'right' },
      { header: 'GFLOP/s', align: 'right' },
      { header: 'GB/s', align: 'right' },
      { header: 'verification' },
    ],
    rows,
  );
  const env = results.environment;
  const renderers = env.backends.filter((b) => b.renderer).map((b) => `${b.backend}: ${b.renderer}`);
  const onSoftware = env.backends
    .filter((b) => b.adapter && results.selection.used.includes(b.backend))
    .map((b) => b.backend);
  const software =
    env.softwareAdapter === undefined
      ? []
      : [
          `  software adapter: ${onSoftware.join(', ') || 'WebGPU'} ran on ${env.softwareAdapter}, a CPU renderer: their figures are not GPU figures (correctness only)`,
        ];
  const failed = results.measurements.filter(isFailedMeasurement).length;
  const unsupported = results.measurements.filter((m) => m.state === 'unsupported').length;
  return [
    `suite ${results.suite} on ${env.cpuModel}, ${env.cores} cores, ${env.threads} thread(s), Node ${env.nodeVersion}`,
    ...results.selection.notes.map((n) => `  backend ${n}`),
    ...(renderers.length > 0 ? [`  renderer ${renderers.join('; ')}`] : []),
    ...software,
    '',
    table,
    '',
    `${results.measurements.length} case(s), ${failed} failed${unsupported > 0 ? `, ${unsupported} not available on their backend` : ''}, wall time ${formatSeconds(results.wallTimeMs / 1000)}`,
    ...(fastest.size > 0 ? ['* the fastest verified backend of the case'] : []),
  ].join('\n');
}
