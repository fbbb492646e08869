import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinKernelRegistry } from '../../kernels/registry.ts';
import {
  bestLocalBackend,
  localProfileFromResults,
  predictLocalSec,
  readLocalProfile,
} from '../../src/bench/profile.ts';
import { modelSelfCheck } from '../../src/bench/self-check.ts';
import { resolveSuiteFile, suiteFileSchema } from '../../src/bench/suite-file.ts';
import { matchesFilter } from '../../src/bench/suites.ts';
import { fastestPerCase, readBenchResults, writeBenchResults } from '../../src/results/bench-results.ts';
import { parseWith } from '../../src/util/schema.ts';
import { tempDir } from '../helpers/cli.ts';

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'results', 'quick-sample.json');

describe('results file', () => {
  it('round-trips through its schema', () => {
    const results = readBenchResults(SAMPLE);
    const path = join(tempDir(), 'again.json');
    writeBenchResults(path, results);
    expect(readBenchResults(path)).toEqual(results);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')));
  });

  it('a truncated file is an error naming the file', () => {
    const path = join(tempDir(), 'cut.json');
    writeFileSync(path, readFileSync(SAMPLE, 'utf8').slice(0, 300));
    expect(() => readBenchResults(path)).toThrow(`${path}: not valid JSON`);
  });

  it('a corrupted field is an error naming the file and the field', () => {
    const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    data.measurements[1].statistics.medianSec = -1;
    const path = join(tempDir(), 'bad.json');
    writeFileSync(path, JSON.stringify(data));
    expect(() => readBenchResults(path)).toThrow(`${path}: measurements[1].statistics.medianSec`);
  });
});

describe('fastest verified backend per case', () => {
  it('takes the lowest median among completed runs of each case; invalid and errored runs never win', () => {
    const results = readBenchResults(SAMPLE);
    const completed = results.measurements.filter((m) => m.state === 'completed');
    const [a, b] = completed;
    if (!a || !b) throw new Error('the sample needs two completed cases');
    const slower = {
      ...a,
      ranOn: 'cpu' as const,
      backend: 'cpu' as const,
      statistics: { ...a.statistics, medianSec: a.statistics.medianSec * 2 },
    };
    const faster = {
      ...a,
      ranOn: 'wgsl' as const,
      backend: 'wgsl' as const,
      statistics: { ...a.statistics, medianSec: a.statistics.medianSec / 2 },
    };
    const wrong = { ...a, state: 'invalid' as const, ranOn: 'webgpu' as const, backend: 'webgpu' as const };
    const {
      samplesSec: _s,
      statistics: _t,
      flopsPerSec: _f,
      bytesPerSec: _b,
      timing: _m,
      ...wrongBase
    } = wrong;
    expect(fastestPerCase([slower, wrongBase, faster, b])).toEqual([
      { id: a.id, backend: 'wgsl' },
      { id: b.id, backend: b.ranOn },
    ]);
  });
});

describe('local profile and self-check', () => {
  it('takes peak from the best GEMM and bandwidth from the triad, and checks the rest', () => {
    const results = readBenchResults(SAMPLE);
    const profile = localProfileFromResults(results);
    const gemm = results.measurements.find((m) => m.id === 'gemm/m128-n128-k128');
    expect(profile.backends[0]).toMatchObject({ backend: 'webasm', peakSource: 'gemm/m128-n128-k128' });
    expect(gemm?.state === 'completed' && profile.backends[0]?.peakFlopsPerSec).toBe(
      gemm?.state === 'completed' && gemm.flopsPerSec,
    );
    const check = modelSelfCheck(results);
    expect(check.rows.filter((r) => r.role === 'calibration').map((r) => r.errorPercent)).toEqual([0, 0]);
    const softmax = check.rows.find((r) => r.id.startsWith('softmax'))!;
    expect(check.medianAbsErrorPercent).toBeCloseTo(Math.abs(softmax.errorPercent), 9);
  });
});

describe('this machine for compare --with-local', () => {
  it('predicts ops with the roofline of the best local backend', () => {
    const profile = readLocalProfile(SAMPLE);
    const best = bestLocalBackend(profile)!;
    expect(best.backend).toBe('webasm');
    const peak = best.peakFlopsPerSec!;
    const bandwidth = best.bandwidthBytesPerSec!;
    // one compute-bound op and one memory-bound op: max(flops/peak, bytes/bw) each, summed
    const sec = predictLocalSec(best, [
      { flops: 1e9, bytes: 1 },
      { flops: 0, bytes: 1e8 },
    ]);
    expect(sec).toBeCloseTo(1e9 / peak + 1e8 / bandwidth, 12);
    expect(
      predictLocalSec({ ...best, bandwidthBytesPerSec: null }, [{ flops: 1, bytes: 1 }]),
    ).toBeUndefined();
  });
});

describe('suite files and filters', () => {
  const registry = builtinKernelRegistry();
  const resolve = (data: unknown) =>
    resolveSuiteFile(parseWith(suiteFileSchema, data, 's.json'), registry, 's.json');

  it('resolves kernels, sizes, backends and timing', () => {
    const suite = resolve({
      name: 'mine',
      kernels: [{ kernel: 'gemm', sizes: [{ m: 8, n: 8, k: 8 }], toleranceRel: 1e-3 }],
      backends: ['cpu'],
      timing: { minSamples: 3 },
    });
    expect(suite.cases).toEqual([{ kernel: 'gemm', size: { m: 8, n: 8, k: 8 }, toleranceRel: 1e-3 }]);
    expect(suite.backends).toEqual(['cpu']);
    expect(suite.timing.minSamples).toBe(3);
  });

  it('names the field of a bad value, an unknown kernel and a missing dimension', () => {
    expect(() => resolve({ name: 'x', kernels: [{ kernel: 'gemm', sizes: [{ m: -1 }] }] })).toThrow(
      's.json: kernels[0].sizes[0].m',
    );
    expect(() => resolve({ name: 'x', kernels: [{ kernel: 'gem', sizes: [{ m: 1 }] }] })).toThrow(
      's.json: kernels[0].kernel "gem" is not a known kernel (did you mean gemm',
    );
    expect(() => resolve({ name: 'x', kernels: [{ kernel: 'gemv', sizes: [{ m: 4 }] }] })).toThrow(
      's.json: kernels[0].sizes[0] must have exactly m, k (missing k)',
    );
    expect(() => resolve({ name: 'x', kernels: [], backends: ['opengl'] })).toThrow('s.json: kernels');
  });

  it('filters by substring, wildcard and alternatives', () => {
    expect(matchesFilter('gemm/m1-n1024-k1024', 'gemm/m1-')).toBe(true);
    expect(matchesFilter('gemm/m16-n1024-k1024', 'gemm/m1-')).toBe(false);
    expect(matchesFilter('stream-triad/n1048576', 'copy,TRIAD')).toBe(true);
    expect(matchesFilter('gemm/m64-n64-k64', 'gemm/*-k64')).toBe(true);
    expect(matchesFilter('gemv/m64-k64', 'gemm/*')).toBe(false);
  });
});
