import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import { BIT_LENGTH, type GpuSpec, PRECISIONS, type Precision } from '../../src/hardware/types.ts';
import { classify, performanceDensity, totalProcessingPerformance } from '../../src/regulation/index.ts';

const withPeak = (gpu: GpuSpec, precision: Precision, value: number): GpuSpec => ({
  ...gpu,
  peakDenseOpsPerSec: { ...gpu.peakDenseOpsPerSec, [precision]: { value, source: 'test', verified: true } },
});

describe('TPP properties', () => {
  it('raising any precision throughput never lowers TPP', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILT_IN_GPUS),
        fc.constantFrom(...PRECISIONS),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (gpu, precision, factor) => {
          const before = totalProcessingPerformance(gpu).tpp ?? 0;
          const current = gpu.peakDenseOpsPerSec[precision].value ?? 1e12;
          const after = totalProcessingPerformance(withPeak(gpu, precision, current * factor)).tpp!;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('TPP is at least every single precision throughput x bit length', () => {
    for (const gpu of BUILT_IN_GPUS) {
      const { tpp } = totalProcessingPerformance(gpu);
      for (const p of PRECISIONS) {
        const v = gpu.peakDenseOpsPerSec[p].value;
        if (v !== null) expect(tpp).toBeGreaterThanOrEqual((v / 1e12) * BIT_LENGTH[p] - 1e-9);
      }
    }
  });

  it('raising TPP at fixed die area never moves a data-center part from controlled to not controlled', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 30000, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 200, max: 1000, noNaN: true }),
        (tpp, factor, die) => {
          const verdict = (t: number) =>
            classify(
              {
                name: 'p',
                tpp: t,
                pd: performanceDensity(t, die),
                datacenter: true,
                ioBytesPerSec: null,
                dramBandwidthBytesPerSec: null,
              },
              'oct-2023',
            ).status;
          if (verdict(tpp) === 'controlled') expect(verdict(tpp * factor)).toBe('controlled');
        },
      ),
    );
  });
});
