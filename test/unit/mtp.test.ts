/** Multi-token prediction in decode: the draft module's cost, the tokens per step, and the errors. */
import { describe, expect, it } from 'vitest';
import { estimateWorkload } from '../../src/index.ts';
import { userErrorOf } from '../helpers/errors.ts';

const decode = (params: Record<string, string | number>) =>
  estimateWorkload({
    workload: 'llm-decode',
    gpu: 'h200-sxm',
    params: { model: 'deepseek-v3', weightDtype: 'fp8', dp: 8, ep: 8, batch: 32, context: 2048, ...params },
  });

describe('multi-token prediction', () => {
  const off = decode({});
  const on = decode({ mtp: 'on' });
  const rowOf = (e: typeof on, label: RegExp) => e.breakdown.find((r) => label.test(r.op))!;

  it('drafts with one average layer of the 1-token step plus the LM head', () => {
    const head = rowOf(off, /^lm-head/).timeMs;
    const draft = rowOf(on, /^mtp draft module x1$/);
    expect(draft.timeMs).toBeCloseTo((off.metrics.timeMs! - head) / 61 + head, 9);
  });

  it('verifies the drafted token beside the real one: attention and GEMMs see 2 tokens per sequence', () => {
    const gemm = (e: typeof on) => rowOf(e, /^moe o-proj/).flops;
    expect(gemm(on)).toBeCloseTo(2 * gemm(off), 0);
  });

  it('yields 1 + acceptance tokens per step (0.85 by default, the DeepSeek-V3 report)', () => {
    const perGpu = (e: typeof on) => e.metrics.outputTokensPerSecPerGpu! * (e.metrics.timeMs! / 1e3);
    expect(perGpu(off)).toBeCloseTo(32, 9);
    expect(perGpu(on)).toBeCloseTo(32 * 1.85, 9);
    expect(perGpu(decode({ mtp: 'on', mtpAcceptance: 0.9 }))).toBeCloseTo(32 * 1.9, 9);
  });

  it('serving TPOT with MTP is the step and its draft over the tokens a step yields', () => {
    const serving = estimateWorkload({
      workload: 'llm-serving',
      gpu: 'h200-sxm',
      params: {
        model: 'deepseek-v3',
        weightDtype: 'fp8',
        dp: 8,
        ep: 8,
        batch: 32,
        inputLen: 2048,
        outputLen: 1,
        mtp: 'on',
      },
    });
    expect(serving.metrics.tpotMs! * 1.85).toBeCloseTo(on.metrics.timeMs!, 9);
  });

  it('refuses a model without an MTP module, and an acceptance above 1, naming the parameter', () => {
    const llama = () =>
      estimateWorkload({
        workload: 'llm-decode',
        gpu: 'h100-sxm',
        params: { model: 'llama-3-8b', mtp: 'on' },
      });
    expect(userErrorOf(llama)).toEqual({
      message: 'mtp on: llama-3-8b has no multi-token-prediction module (num_nextn_predict_layers is 0)',
      params: ['mtp'],
    });
    expect(userErrorOf(() => decode({ mtp: 'on', mtpAcceptance: 1.5 })).params).toEqual(['mtpAcceptance']);
  });
});
