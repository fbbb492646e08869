import { describe, expect, it } from 'vitest';
import { estimateWorkload, gemmCost, MEMORY_FIT, waveQuantization } from '../../src/index.ts';
import { COMPUTE_FIT } from '../../src/model/data/fitted.ts';
import { smallTileRows, tileShape } from '../../src/model/wave.ts';

describe('small-M tile quantization', () => {
  it('pads m <= 64 to the smallest of 8/16/32/64 rows, larger m to the 128-row tensor tile', () => {
    expect([1, 8, 9, 16, 17, 32, 33, 64].map(smallTileRows)).toEqual([8, 8, 16, 16, 32, 32, 64, 64]);
    expect(tileShape('bf16', 1)).toEqual({ tileM: 8, tileN: 128 });
    expect(tileShape('fp8', 64)).toEqual({ tileM: 64, tileN: 128 });
    expect(tileShape('fp8', 65)).toEqual({ tileM: 128, tileN: 128 });
    expect(tileShape('fp64', 24)).toEqual({ tileM: 32, tileN: 64 });
  });

  it('charges m = 1 one eighth of a tile, not one sixty-fourth', () => {
    // 8192 / 128 = 64 tiles of 8 x 128 on 132 SMs: split-K 2 gives 128 units in one wave.
    const wave = waveQuantization({ m: 1, n: 8192, k: 8192, batch: 1 }, 'bf16', 132);
    expect(wave.tiles).toBe(64);
    expect(wave.splitK).toBe(2);
    expect(wave.efficiency).toBeCloseTo((1 / 8) * (128 / 132), 12);
  });

  it('keeps the DeepGEMM calibration shapes (M = 64 and 128) on their 64- and 128-row tiles', () => {
    // 64 x 2112: 17 tiles of 64 x 128 (2176 columns), split-K min(132/17, 7168/256) = 7: 119 of 132 SMs.
    const wave = waveQuantization({ m: 64, n: 2112, k: 7168, batch: 1 }, 'fp8', 132);
    expect(wave.tiles).toBe(17);
    expect(wave.splitK).toBe(7);
    expect(wave.efficiency).toBeCloseTo((2112 / 2176) * (119 / 132), 12);
    expect(tileShape('fp8', 128).tileM).toBe(128);
  });

  for (const gpu of ['h20', 'h100']) {
    it(`batch-1 decode GEMM (1 x 8192 x 8192 bf16) on ${gpu} is memory-bound at the memory line`, () => {
      const e = estimateWorkload({ workload: 'gemm', gpu, params: { m: 1, n: 8192, k: 8192 } });
      expect(e.bound).toBe('memory');
      const cost = gemmCost(1, 8192, 8192, 'bf16');
      const etaM = MEMORY_FIT.intercept + MEMORY_FIT.slope * cost.readFraction;
      const bandwidth = gpu === 'h20' ? 4.0e12 : 3.35e12;
      expect(e.metrics.timeMs).toBeCloseTo(
        (cost.bytes / (bandwidth * etaM) + COMPUTE_FIT.launchLatencySec) * 1e3,
        9,
      );
    });
  }
});
