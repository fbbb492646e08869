/**
 * The CPU self-check against the machine's own limits: each kernel that ran on a CPU backend beside the
 * roofline of the CPU's fp32 peak (environment `cpuPeak`, at 128-bit SIMD: what WebAssembly and JavaScript
 * can use) and the bandwidth this run measured (its best stream-triad). The attainment, roofline time over
 * measured time, says how near the hardware a kernel runs: gpu.js's CPU backends sit near 0%, a packed
 * wasm-simd GEMM far higher. Nothing is fitted: the peak comes from the CPU's description, not from a run.
 * @module
 */
import { type BackendName, isPoolBackend } from '../pool/protocol.ts';
import type { BenchResults } from '../results/bench-results.ts';
import { hasMeasurableTime } from './profile.ts';

/** One kernel against the CPU roofline. */
export interface CpuRooflineRow {
  readonly id: string;
  readonly backend: BackendName;
  readonly measuredSec: number;
  readonly rooflineSec: number;
  /** rooflineSec / measuredSec, 0..1 (above 1: faster than the roofline allows, e.g. a cache-resident stream). */
  readonly attainment: number;
  readonly bound: 'compute' | 'memory';
}

/** The CPU roofline check of a run. */
export interface CpuRooflineCheck {
  /** fp32 peak at 128-bit SIMD, flop/s, and the machine's own at its widest SIMD. */
  readonly peakFlopsPerSec: number;
  readonly machinePeakFlopsPerSec: number;
  readonly peakSource: string;
  readonly bandwidthBytesPerSec: number;
  /** The case the bandwidth came from, e.g. `stream-triad/n16777216 on wasm-simd`. */
  readonly bandwidthSource: string;
  readonly rows: readonly CpuRooflineRow[];
}

/** The check, or why it cannot run (no CPU peak in the file, no CPU kernel, no completed triad). */
export function cpuRooflineCheck(results: BenchResults): CpuRooflineCheck | { readonly notChecked: string } {
  const peak = results.environment.cpuPeak;
  if (peak === undefined) return { notChecked: 'the results file has no CPU peak (environment.cpuPeak)' };
  const cpu = results.measurements.filter(
    (m): m is Extract<typeof m, { state: 'completed' }> =>
      m.state === 'completed' && isPoolBackend(m.ranOn) && hasMeasurableTime(m),
  );
  if (cpu.length === 0) return { notChecked: 'no kernel completed on a CPU backend' };
  let bandwidth = 0;
  let bandwidthSource = '';
  for (const m of cpu) {
    if (m.kernel !== 'stream-triad') continue;
    const rate = m.bytes / m.statistics.medianSec;
    if (rate > bandwidth) {
      bandwidth = rate;
      bandwidthSource = `${m.id} on ${m.ranOn}`;
    }
  }
  if (bandwidth === 0) return { notChecked: 'no stream-triad completed on a CPU backend' };
  const rows = cpu.map((m) => {
    const computeSec = m.flops / peak.wasmFlopsPerSec;
    const memorySec = m.bytes / bandwidth;
    const rooflineSec = Math.max(computeSec, memorySec);
    const measuredSec = m.statistics.medianSec;
    return {
      id: m.id,
      backend: m.ranOn,
      measuredSec,
      rooflineSec,
      attainment: rooflineSec / measuredSec,
      bound: computeSec >= memorySec ? ('compute' as const) : ('memory' as const),
    };
  });
  return {
    peakFlopsPerSec: peak.wasmFlopsPerSec,
    machinePeakFlopsPerSec: peak.flopsPerSec,
    peakSource: peak.source,
    bandwidthBytesPerSec: bandwidth,
    bandwidthSource,
    rows,
  };
}

/** {@link cpuRooflineCheck} of a run that scheduled a CPU backend; undefined for a run without one. */
export function cpuRooflineCheckOf(
  results: BenchResults,
): CpuRooflineCheck | { readonly notChecked: string } | undefined {
  return results.measurements.some((m) => isPoolBackend(m.backend)) ? cpuRooflineCheck(results) : undefined;
}
