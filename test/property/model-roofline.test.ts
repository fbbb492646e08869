import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_GPUS,
  COLLECTIVE_FIT,
  collectiveTime,
  estimateGemm,
  gemmCost,
  gpuResources,
  type OpCost,
  opTime,
  rooflineLowerBoundSec,
  SCENARIOS,
} from '../../src/index.ts';
import { collectiveOp, collectiveOpRange } from '../../src/model/collective-op.ts';
import { memoryEfficiency } from '../../src/model/memory-efficiency.ts';
import { opTimeRange, opTimeSec } from '../../src/model/roofline.ts';

const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm')!;
const res = gpuResources(h100, 'bf16').byScenario.nominal;
const shape = { m: 4096, n: 4096, k: 4096, batch: 1 };
const cost = (flops: number, bytes: number): OpCost => ({
  op: 'x',
  flops,
  bytes,
  readFraction: 0.5,
  precision: 'bf16',
  shape,
});
const size = fc.double({ min: 1, max: 1e16, noNaN: true });

describe('op time invariants', () => {
  it('never decreases as flops or bytes grow', () => {
    fc.assert(
      fc.property(size, size, size, size, (f, b, df, db) => {
        const base = opTime(cost(f, b), res).timeSec;
        expect(opTime(cost(f + df, b), res).timeSec).toBeGreaterThanOrEqual(base);
        expect(opTime(cost(f, b + db), res).timeSec).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it('is at least the pure roofline, for every GPU, precision it has, scenario and GEMM shape', () => {
    const dims = fc.integer({ min: 1, max: 70000 });
    const gpuPrecision = fc.constantFrom(
      ...BUILT_IN_GPUS.flatMap((g) =>
        (['fp64', 'fp32', 'tf32', 'bf16', 'fp8', 'int8'] as const)
          .filter(
            (p) => g.peakDenseOpsPerSec[p].value !== null && g.memoryBandwidthBytesPerSec.value !== null,
          )
          .map((p) => [g, p] as const),
      ),
    );
    fc.assert(
      fc.property(
        gpuPrecision,
        dims,
        dims,
        dims,
        fc.constantFrom(...SCENARIOS),
        ([gpu, p], m, n, k, scenario) => {
          const r = gpuResources(gpu, p);
          const c = gemmCost(m, n, k, p);
          // The scenario may raise unverified figures by 15%: the bound uses the raised figures.
          const peak = r.byScenario[scenario].peakOpsPerSec;
          const bw = r.byScenario[scenario].memoryBytesPerSec;
          expect(peak).toBeGreaterThan(0);
          expect(opTime(c, r.byScenario[scenario]).timeSec).toBeGreaterThanOrEqual(
            rooflineLowerBoundSec(c, peak, bw),
          );
          const e = estimateGemm(gpu, { m, n, k, dtype: p, batch: 1 });
          const nominal = r.byScenario.nominal;
          const bound = rooflineLowerBoundSec(c, nominal.peakOpsPerSec, nominal.memoryBytesPerSec) * 1e3;
          if (e.fits) expect(e.metrics.timeMs!).toBeGreaterThanOrEqual(bound);
          else expect(e.bound).toBe('capacity');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('more bandwidth never slows a memory-bound op', () => {
    fc.assert(
      fc.property(
        size,
        fc.double({ min: 1e9, max: 1e13, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (b, bw, factor) => {
          const c: OpCost = {
            op: 'copy',
            flops: 0,
            bytes: b,
            readFraction: 0.5,
            precision: null,
            shape: null,
          };
          const slow = opTime(c, { ...res, memoryBytesPerSec: bw }).timeSec;
          const fast = opTime(c, { ...res, memoryBytesPerSec: bw * factor }).timeSec;
          expect(fast).toBeLessThanOrEqual(slow);
        },
      ),
    );
  });

  it('collective time never decreases with message size, and more link bandwidth never slows it', () => {
    const kinds = fc.constantFrom('all-reduce', 'all-gather', 'reduce-scatter', 'all-to-all' as const);
    fc.assert(
      fc.property(
        kinds,
        fc.double({ min: 1, max: 1e11, noNaN: true }),
        fc.double({ min: 1, max: 1e10, noNaN: true }),
        fc.integer({ min: 2, max: 1024 }),
        fc.boolean(),
        (kind, s, ds, n, nvls) => {
          const link = {
            linkClass: nvls ? 'nvls' : 'ring',
            bandwidthBytesPerSec: 450e9,
            hopLatencySec: 3.33e-6,
            inSwitchReduction: nvls,
          } as const;
          const t = collectiveTime(kind, s, n, link, COLLECTIVE_FIT).timeSec;
          expect(collectiveTime(kind, s + ds, n, link, COLLECTIVE_FIT).timeSec).toBeGreaterThanOrEqual(t);
          const faster = { ...link, bandwidthBytesPerSec: 900e9 };
          expect(collectiveTime(kind, s, n, faster, COLLECTIVE_FIT).timeSec).toBeLessThanOrEqual(t);
        },
      ),
    );
  });
});

describe('single-pass scenario ranges equal the per-scenario pipeline', () => {
  const gpus = fc.constantFrom(...BUILT_IN_GPUS.filter((g) => g.peakDenseOpsPerSec.bf16.value !== null));
  const dims = fc.integer({ min: 1, max: 70000 });

  it('opTimeRange matches opTime in each scenario', () => {
    fc.assert(
      fc.property(gpus, dims, dims, dims, (gpu, m, n, k) => {
        const r = gpuResources(gpu, 'bf16');
        const c = gemmCost(m, n, k, 'bf16');
        const range = opTimeRange(c, r.byScenario);
        expect(range.nominal).toEqual(opTime(c, r.byScenario.nominal));
        expect(range.optimisticSec).toBe(opTime(c, r.byScenario.optimistic).timeSec);
        expect(range.pessimisticSec).toBe(opTime(c, r.byScenario.pessimistic).timeSec);
      }),
      { numRuns: 50 },
    );
  });

  it('collectiveOpRange matches collectiveOp in each scenario', () => {
    const withLinks = BUILT_IN_GPUS.filter(
      (g) => (g.scaleOutBandwidthBytesPerSec.value ?? 0) > 0 && (g.pcieBandwidthBytesPerSec.value ?? 0) > 0,
    );
    const kinds = fc.constantFrom('all-reduce', 'all-gather', 'reduce-scatter', 'all-to-all' as const);
    fc.assert(
      fc.property(
        fc.constantFrom(...withLinks),
        kinds,
        fc.double({ min: 1, max: 1e11, noNaN: true }),
        fc.integer({ min: 2, max: 64 }),
        (gpu, kind, bytes, count) => {
          const range = collectiveOpRange(gpu, kind, bytes, count, 8);
          expect(range.nominal).toEqual(collectiveOp(gpu, kind, bytes, count, 8, 'nominal'));
          for (const [end, scenario] of [
            [range.optimisticSec, 'optimistic'],
            [range.pessimisticSec, 'pessimistic'],
          ] as const) {
            const t = collectiveOp(gpu, kind, bytes, count, 8, scenario).op.timeSec;
            expect(Math.abs(end / t - 1)).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the roofline core and the fitted memory line', () => {
  it("a data-movement op's time is its bytes over memoryEfficiency x bandwidth, in every scenario", () => {
    const byScenario = gpuResources(h100, null).byScenario;
    fc.assert(
      fc.property(size, fc.double({ min: 0, max: 1, noNaN: true }), (bytes, readFraction) => {
        const op: OpCost = { op: 'copy', flops: 0, bytes, readFraction, precision: null, shape: null };
        for (const scenario of SCENARIOS) {
          const r = byScenario[scenario];
          const eta = memoryEfficiency(readFraction, r.memoryLine, r.memoryScale);
          const expected = bytes / (r.memoryBytesPerSec * eta) + r.launchLatencySec;
          expect(Math.abs(opTimeSec(op, r) - expected)).toBeLessThanOrEqual(1e-12 * expected);
        }
      }),
    );
  });
});
