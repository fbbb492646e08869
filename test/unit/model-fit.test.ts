import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS, createCatalog } from '../../src/index.ts';
import { COLLECTIVE_POINTS } from '../../src/model/data/collective-points.ts';
import {
  COLLECTIVE_FIT,
  COMPUTE_FIT,
  FIT_BANDS,
  FIT_TOLERANCE,
  MEMORY_FIT,
} from '../../src/model/data/fitted.ts';
import { GEMM_POINTS } from '../../src/model/data/gemm-points.ts';
import { MEMORY_POINTS } from '../../src/model/data/memory-points.ts';
import { FP8_WGRAD_EFFICIENCY, WGRAD_POINTS } from '../../src/model/data/wgrad-points.ts';
import { collectiveResiduals, fitCollectives } from '../../src/model/fit/collective-fit.ts';
import { fitCompute, gemmResiduals } from '../../src/model/fit/gemm-fit.ts';
import { fitMemoryLine, memoryResiduals } from '../../src/model/fit/memory-fit.ts';
import { bandOf } from '../../src/model/fit/search.ts';
import { fitWgradEfficiency, wgradRatios } from '../../src/model/fit/wgrad-fit.ts';

const catalog = createCatalog(BUILT_IN_GPUS);
const gpuOf = (id: string) => catalog.get(id);

describe('calibration: each point within the documented tolerance', () => {
  it.each(
    gemmResiduals(GEMM_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT).map((r) => [r.id, r.relativeError] as const),
  )('GEMM %s', (_id, error) => expect(Math.abs(error)).toBeLessThanOrEqual(FIT_TOLERANCE.compute));
  it.each(memoryResiduals(MEMORY_POINTS, gpuOf, MEMORY_FIT).map((r) => [r.id, r.relativeError] as const))(
    'memory %s',
    (_id, error) => expect(Math.abs(error)).toBeLessThanOrEqual(FIT_TOLERANCE.memory),
  );
  it.each(
    collectiveResiduals(COLLECTIVE_POINTS, gpuOf, COLLECTIVE_FIT).map(
      (r) => [r.id, r.relativeError] as const,
    ),
  )('collective %s', (_id, error) => expect(Math.abs(error)).toBeLessThanOrEqual(FIT_TOLERANCE.collective));
});

describe('the stored constants are what the fits produce (no hand tuning)', () => {
  it('fp8 weight-gradient efficiency: the median of DeepGEMM PR 95 over the forward curve', () => {
    const ratios = wgradRatios(WGRAD_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT);
    expect(ratios).toHaveLength(13);
    expect(fitWgradEfficiency(ratios)).toBeCloseTo(FP8_WGRAD_EFFICIENCY, 3);
    // Hand check of one point: 920 TFLOPS measured for 7168 x 2112 x 4096 on H800.
    const first = ratios[0]!;
    expect(first.ratio).toBeCloseTo(920 / first.curveTflops, 12);
  });

  it('memory line', () => {
    const line = fitMemoryLine(MEMORY_POINTS, gpuOf);
    expect(line.intercept).toBeCloseTo(MEMORY_FIT.intercept, 3);
    expect(line.slope).toBeCloseTo(MEMORY_FIT.slope, 3);
    expect(bandOf(memoryResiduals(MEMORY_POINTS, gpuOf, MEMORY_FIT).map((r) => r.relativeError))).toBe(
      FIT_BANDS.memory,
    );
  });

  it('compute curves', () => {
    const fit = fitCompute(GEMM_POINTS, gpuOf, MEMORY_FIT);
    expect(fit.kHalf).toBe(COMPUTE_FIT.kHalf);
    expect(fit.launchLatencySec).toBeCloseTo(COMPUTE_FIT.launchLatencySec, 8);
    for (const [curve, eta] of Object.entries(COMPUTE_FIT.etaMax)) {
      expect(fit.etaMax[curve as keyof typeof fit.etaMax]).toBeCloseTo(eta, 2);
    }
    expect(
      bandOf(gemmResiduals(GEMM_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT).map((r) => r.relativeError)),
    ).toBe(FIT_BANDS.compute);
  }, 60_000);

  it('collective epsilon and ramp', () => {
    const fit = fitCollectives(COLLECTIVE_POINTS, gpuOf);
    for (const [cls, eps] of Object.entries(COLLECTIVE_FIT.epsilon)) {
      expect(fit.epsilon[cls as keyof typeof fit.epsilon]).toBeCloseTo(eps, 2);
    }
    expect(fit.rampExponent).toBeCloseTo(COLLECTIVE_FIT.rampExponent, 2);
    expect(fit.rampHalfBytes / COLLECTIVE_FIT.rampHalfBytes).toBeCloseTo(1, 2);
    expect(
      bandOf(collectiveResiduals(COLLECTIVE_POINTS, gpuOf, COLLECTIVE_FIT).map((r) => r.relativeError)),
    ).toBe(FIT_BANDS.collective);
  }, 60_000);
});
