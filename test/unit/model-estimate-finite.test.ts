/** A fitting estimate never carries NaN or Infinity: it would reach a report as null, "does not fit". */
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { GpuSpec } from '../../src/hardware/types.ts';
import { WORKLOADS } from '../../src/workloads/index.ts';

const h100 = loadCatalog().get('h100');
const gemm = { m: 4096, n: 4096, k: 4096, dtype: 'bf16' };

/** h100 with a bf16 peak the GPU-file schema would refuse (built by hand, as an API caller could). */
function withBf16Peak(value: number): GpuSpec {
  const bf16 = { ...h100.peakDenseOpsPerSec.bf16, value };
  return { ...h100, id: 'slow', peakDenseOpsPerSec: { ...h100.peakDenseOpsPerSec, bf16 } };
}

describe('estimates are finite or refused', () => {
  it('a peak of 1e-300 ops/s is a UserError naming the metric, not a null timeMs', () => {
    let message = '';
    try {
      WORKLOADS.estimate('gemm', withBf16Peak(1e-300), gemm);
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^gemm on slow: timeMs is Infinity \(not a finite number\)/);
  });

  it('the lowest peak a GPU file accepts (1e6 ops/s) still gives finite numbers', () => {
    const e = WORKLOADS.estimate('gemm', withBf16Peak(1e6), gemm);
    expect(e.fits).toBe(true);
    for (const value of [...Object.values(e.metrics), e.range.low, e.range.high]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(e.metrics.timeMs).toBeGreaterThan(1e8);
  });
});
