/**
 * The CPU's fp32 peak, `cores x clock x SIMD lanes x 2 (an FMA is two flops) x FMA units`, with where each
 * factor came from, for the environment fingerprint and the CPU self-check's roofline. Read from Linux's
 * /proc/cpuinfo and cpufreq where they exist, else from `os.cpus()`; a factor that cannot be read is said
 * to be assumed.
 *
 * Also the peak the wasm-simd backend can reach: WebAssembly SIMD is 128 bits wide (4 fp32 lanes) whatever
 * the CPU's own vectors are.
 * @module
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

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
  };
}

/** The peak from `facts`. */
export function cpuPeakFrom(facts: CpuFacts): CpuPeak {
  const sources: string[] = [`${facts.cores} cores (available parallelism)`];
  let clockHz: number;
  const maxKhz = Number(facts.maxFreqKhz?.trim());
  const mhz = [...(facts.cpuinfo ?? '').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  if (Number.isFinite(maxKhz) && maxKhz > 0) {
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
