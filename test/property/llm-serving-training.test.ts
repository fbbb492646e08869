import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateLlmDecode,
  estimateTraining,
  passSetup,
  resolveLayout,
  resolveModelSpec,
  servingTimes,
} from '../../src/index.ts';
import { gpu, trainingParams } from '../helpers/llm.ts';

const GPUS = ['h100-sxm', 'h800-sxm', 'h20'] as const;
const layout1 = { tp: 1, pp: 1, dp: 1, ep: 1, numGpus: 0, nodes: 0, gpusPerNode: 8 };
const setupFor = (id: string, model: string, tp = 1) => {
  const spec = resolveModelSpec({ model });
  return passSetup(gpu(id), spec, resolveLayout(spec, { ...layout1, tp }), 'bf16', 'bf16');
};

describe('serving properties', () => {
  it('decode tokens/s per GPU does not decrease with batch until compute binds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GPUS),
        fc.integer({ min: 1, max: 63 }),
        fc.integer({ min: 128, max: 8192 }),
        (id, b, ctx) => {
          const setup = setupFor(id, 'llama-3-8b');
          const shape = { inputLen: ctx, outputLen: 2 };
          const rate = (n: number) => n / servingTimes(setup, shape, n).tpotSec;
          const step = estimateLlmDecode(gpu(id), {
            model: 'llama-3-8b',
            modelConfig: '',
            weightDtype: 'bf16',
            kvDtype: 'bf16',
            twoBatchOverlap: 'off',
            mtp: 'off',
            mtpAcceptance: 0.85,
            attentionKernel: 'auto',
            ...layout1,
            batch: b + 1,
            context: shape.inputLen,
          });
          // Until compute binds: every op of the larger step is still memory-bound.
          fc.pre(step.breakdown.every((r) => r.bound !== 'compute'));
          // Below 64 rows decode GEMMs are memory-bound (no tile quantization), so adding a sequence never lowers
          // the per-GPU rate.
          expect(rate(b + 1)).toBeGreaterThanOrEqual(rate(b) * (1 - 1e-9));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('TTFT grows with input length', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GPUS),
        fc.integer({ min: 16, max: 8000 }),
        fc.integer({ min: 1, max: 4000 }),
        (id, len, extra) => {
          const setup = setupFor(id, 'llama-3-70b', 4);
          const t = (n: number) => servingTimes(setup, { inputLen: n, outputLen: 1 }, 1).ttftSec;
          expect(t(len + extra)).toBeGreaterThan(t(len));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('training properties', () => {
  it('more GPUs never add GPU-hours beyond the communication and bubble terms', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GPUS), fc.constantFrom(4, 8, 16), (id, dp) => {
        const base = trainingParams({ globalBatch: 128 });
        const one = estimateTraining(gpu(id), { ...base, dp });
        const two = estimateTraining(gpu(id), { ...base, dp: dp * 2 });
        const comm = (e: typeof one) =>
          e.breakdown.filter((r) => r.bound === 'interconnect').reduce((s, r) => s + r.timeMs, 0) / 1e3;
        const extraHours = ((1e12 / (128 * 4096)) * comm(two) * dp * 2) / 3600;
        expect(two.metrics.gpuHours!).toBeLessThanOrEqual((one.metrics.gpuHours! + extraHours) * (1 + 1e-6));
      }),
      { numRuns: 20 },
    );
  });
});
