/**
 * The CPU's fp32 peak, `cores x clock x SIMD lanes x 2 (an FMA is two flops) x FMA units`, with where each
 * factor came from, for the environment fingerprint and the CPU self-check's roofline. The clock is measured
 * (`kernels/probe/clock.wat`: a chain of dependent integer adds, one cycle each, timed; the best of a few
 * runs, so boost clocks count), else read from Linux's cpufreq or /proc/cpuinfo, else `os.cpus()`; lanes
 * come from the CPU flags; a factor that cannot be read is said to be assumed.
 *
 * Also the peak the wasm-simd backend can reach: WebAssembly SIMD is 128 bits wide (4 fp32 lanes) whatever
 * the CPU's own vectors are.
 * @module
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { wasmFactory } from '../pool/wasm.ts';

/** The fp32 peak and its factors. */
export interface CpuPeak {
  /** Peak fp32 flop/s of the machine's widest SIMD. */
  readonly flopsPerSec: number;
  /** Peak fp32 flop/s at 128-bit SIMD (4 lanes), what WebAssembly SIMD can reach at best. */
  readonly wasmFlopsPerSec: number;
  readonly cores: number;
  readonly clockHz: number;
  /** fp32 lanes of the widest SIMD unit. */
  readonly lanes: number;
  /** FMA pipes per core. */
  readonly fmaUnits: number;
  /** How each factor was obtained, one phrase each. */
  readonly source: string;
}

/** A file's text, or undefined when it cannot be read. */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Inputs of {@link cpuPeakFrom}: what the machine says about itself (tests pass their own). */
export interface CpuFacts {
  readonly cores: number;
  readonly arch: string;
  /** /proc/cpuinfo, when readable. */
  readonly cpuinfo?: string | undefined;
  /** cpufreq's `cpuinfo_max_freq` in kHz, when readable. */
  readonly maxFreqKhz?: string | undefined;
  /** `os.cpus()[0].speed`, MHz. */
  readonly osSpeedMhz: number;
  /** The clock measured by {@link measureClockHz}, when it could run. */
  readonly measuredClockHz?: number | undefined;
}

/** This machine's facts. */
export function cpuFacts(): CpuFacts {
  const cpus = os.cpus();
  return {
    cores: Math.max(1, os.availableParallelism?.() ?? cpus.length),
    arch: process.arch,
    cpuinfo: readText('/proc/cpuinfo'),
    maxFreqKhz: readText('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq'),
    osSpeedMhz: cpus[0]?.speed ?? 0,
    measuredClockHz: measureClockHz(),
  };
}

/** Iterations of `spin` per timed run (16 adds each): about 20 ms at 4 GHz. */
const SPIN_ITERATIONS = 5_000_000;
const ADDS_PER_ITERATION = 16;

/**
 * The clock one core runs at, Hz: the best of five timed runs of `spin` (dependent adds, one cycle each);
 * undefined when the assembled module is missing (no `npm run build`) or the timing is unusable.
 */
export function measureClockHz(): number | undefined {
  let spin: (n: number, y: number) => number;
  try {
    spin = wasmFactory.instantiate('clock').exports.spin as typeof spin;
  } catch {
    return undefined;
  }
  spin(SPIN_ITERATIONS / 10, 3);
  let best = 0;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    spin(SPIN_ITERATIONS, run + 3);
    const sec = Number(process.hrtime.bigint() - start) / 1e9;
    if (sec > 0) best = Math.max(best, (SPIN_ITERATIONS * ADDS_PER_ITERATION) / sec);
  }
  return best > 0 && Number.isFinite(best) ? best : undefined;
}

/** The peak from `facts`. */
export function cpuPeakFrom(facts: CpuFacts): CpuPeak {
  const sources: string[] = [`${facts.cores} cores (available parallelism)`];
  let clockHz: number;
  const maxKhz = Number(facts.maxFreqKhz?.trim());
  const mhz = [...(facts.cpuinfo ?? '').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  if (facts.measuredClockHz !== undefined && facts.measuredClockHz > 0) {
    clockHz = facts.measuredClockHz;
    sources.push(
      `${(clockHz / 1e9).toFixed(2)} GHz (measured: dependent integer adds in WebAssembly, best of 5)`,
    );
  } else if (Number.isFinite(maxKhz) && maxKhz > 0) {
    clockHz = maxKhz * 1e3;
    sources.push(`${(clockHz / 1e9).toFixed(2)} GHz (cpufreq cpuinfo_max_freq)`);
  } else if (mhz.length > 0 && Math.max(...mhz) > 0) {
    clockHz = Math.max(...mhz) * 1e6;
    sources.push(`${(clockHz / 1e9).toFixed(2)} GHz (/proc/cpuinfo cpu MHz; boost clocks can exceed it)`);
  } else {
    clockHz = facts.osSpeedMhz * 1e6;
    sources.push(`${(clockHz / 1e9).toFixed(2)} GHz (os.cpus speed)`);
  }
  const flags = new Set(
    (/^(?:flags|Features)\s*:\s*(.*)$/m.exec(facts.cpuinfo ?? '')?.[1] ?? '').split(/\s+/),
  );
  let lanes: number;
  let fmaUnits: number;
  if (flags.has('avx512f')) {
    [lanes, fmaUnits] = [16, 2];
    sources.push('16 lanes (avx512f), 2 FMA units (assumed)');
  } else if (flags.has('avx2') && flags.has('fma')) {
    [lanes, fmaUnits] = [8, 2];
    sources.push('8 lanes (avx2 + fma), 2 FMA units (assumed)');
  } else if (flags.has('asimd') || facts.arch === 'arm64') {
    [lanes, fmaUnits] = [4, 2];
    sources.push('4 lanes (NEON), 2 FMA units (assumed)');
  } else {
    [lanes, fmaUnits] = [4, 1];
    sources.push('4 lanes (SSE, assumed: no wider SIMD flag read), 1 FMA unit (assumed)');
  }
  const perLane = facts.cores * clockHz * 2 * fmaUnits;
  return {
    flopsPerSec: perLane * lanes,
    wasmFlopsPerSec: perLane * 4,
    cores: facts.cores,
    clockHz,
    lanes,
    fmaUnits,
    source: sources.join('; '),
  };
}

/** This machine's peak. */
export function cpuPeak(): CpuPeak {
  return cpuPeakFrom(cpuFacts());
}
