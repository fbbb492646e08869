/** The CPU peak from what the machine says about itself, against hand-computed figures. */
import { describe, expect, it } from 'vitest';
import { cpuPeak, cpuPeakFrom, measureClockHz } from '../../src/bench/cpu-peak.ts';
import { probeWasmSimd } from '../../src/pool/wasm.ts';

const EPYC = [
  'processor\t: 0',
  'model name\t: AMD EPYC',
  'cpu MHz\t\t: 2596.120',
  'flags\t\t: fpu sse4_2 fma avx avx2 avx512f avx512vl',
  '',
  'processor\t: 1',
  'cpu MHz\t\t: 2500.000',
  'flags\t\t: fpu sse4_2 fma avx avx2 avx512f avx512vl',
].join('\n');

describe('cpuPeakFrom', () => {
  it('AVX-512 at the highest cpu MHz: cores x clock x 16 lanes x 2 x 2 FMA units; WASM at 4 lanes', () => {
    const p = cpuPeakFrom({ cores: 2, arch: 'x64', cpuinfo: EPYC, osSpeedMhz: 1000 });
    expect(p.clockHz).toBe(2596.12e6);
    expect(p.flopsPerSec).toBeCloseTo(2 * 2596.12e6 * 16 * 2 * 2, 0);
    expect(p.wasmFlopsPerSec).toBeCloseTo(2 * 2596.12e6 * 4 * 2 * 2, 0);
    expect(p.source).toMatch(/2\.60 GHz \(\/proc\/cpuinfo cpu MHz/);
    expect(p.source).toMatch(/16 lanes \(avx512f\)/);
  });

  it('cpufreq max frequency wins over cpu MHz; AVX2 gives 8 lanes', () => {
    const cpuinfo = EPYC.replaceAll(' avx512f avx512vl', '');
    const p = cpuPeakFrom({ cores: 4, arch: 'x64', cpuinfo, maxFreqKhz: '3500000\n', osSpeedMhz: 0 });
    expect(p.clockHz).toBe(3.5e9);
    expect(p.lanes).toBe(8);
    expect(p.flopsPerSec).toBeCloseTo(4 * 3.5e9 * 8 * 2 * 2, 0);
    expect(p.source).toMatch(/cpufreq cpuinfo_max_freq/);
  });

  it('a measured clock wins over every figure the system states', () => {
    const p = cpuPeakFrom({
      cores: 2,
      arch: 'x64',
      cpuinfo: EPYC,
      maxFreqKhz: '3000000',
      osSpeedMhz: 1000,
      measuredClockHz: 3.9e9,
    });
    expect(p.clockHz).toBe(3.9e9);
    expect(p.flopsPerSec).toBeCloseTo(2 * 3.9e9 * 16 * 2 * 2, 0);
    expect(p.source).toMatch(/3\.90 GHz \(measured: dependent integer adds in WebAssembly/);
  });

  it('without /proc/cpuinfo: os.cpus speed, and the lanes said to be assumed', () => {
    const p = cpuPeakFrom({ cores: 1, arch: 'x64', osSpeedMhz: 3000 });
    expect(p.flopsPerSec).toBeCloseTo(3e9 * 4 * 2, 0);
    expect(p.source).toMatch(/os\.cpus speed/);
    expect(p.source).toMatch(/assumed/);
  });

  it('this machine: a positive peak, the WASM peak at most the machine peak, a plausible measured clock', () => {
    const clock = measureClockHz();
    expect(clock).toBeGreaterThan(0.3e9);
    expect(clock).toBeLessThan(7e9);
    const p = cpuPeak();
    expect(p.flopsPerSec).toBeGreaterThan(0);
    expect(p.wasmFlopsPerSec).toBeLessThanOrEqual(p.flopsPerSec);
  });
});

describe('probeWasmSimd', () => {
  it('says why when the engine has no SIMD', () => {
    expect(probeWasmSimd(() => false)).toEqual({
      type: 'probe-reply',
      backend: 'wasm-simd',
      available: false,
      reason: 'this JavaScript engine has no WebAssembly SIMD',
    });
  });

  it('is available on this Node with the kernels built', () => {
    expect(probeWasmSimd()).toMatchObject({ available: true });
  });
});
