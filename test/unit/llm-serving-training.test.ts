import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.ts';
import { estimateLlmServing, estimateTraining } from '../../src/index.ts';
import { FP8_WGRAD_EFFICIENCY } from '../../src/model/data/wgrad-points.ts';
import { WORKLOADS } from '../../src/workloads/index.ts';
import { gpu, servingParams, trainingParams } from '../helpers/llm.ts';

const serving = servingParams;

/** The message and parameters of the UserError `fn` throws. */
function errorOf(fn: () => unknown): { message: string; params: readonly string[] } {
  try {
    fn();
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return { message: (error as UserError).message, params: (error as UserError).params };
  }
  throw new Error('expected a UserError');
}
const training = trainingParams;

describe('llm-serving', () => {
  it('reports exactly the contract metrics (plus timeMs, the cycle)', () => {
    const e = estimateLlmServing(gpu('h100-sxm'), serving());
    expect(Object.keys(e.metrics).sort()).toEqual(
      [
        'inputTokensPerSecPerGpu',
        'maxBatchPerGpu',
        'outputTokensPerSecPerGpu',
        'timeMs',
        'tpotMs',
        'ttftMs',
      ].sort(),
    );
  });

  it('hand check: llama-3-8b bf16 on H100, memory and the largest batch', () => {
    // Weights: 8.03e9 params x 2 B = 16.06 GB. KV per token: 32 layers x 2 x 8 heads x 128 x 2 B = 131,072 B;
    // at 1024 + 128 tokens a sequence holds 151.0 MB; (80 GB - 16.06 GB) / 151.0 MB = 423.4 -> 423.
    const e = estimateLlmServing(gpu('h100-sxm'), serving({ batch: 'max' }));
    expect(e.metrics.maxBatchPerGpu).toBe(423);
    expect(e.params.batch).toBe(423);
    expect(e.fits).toBe(true);
  });

  it('--batch max really is the largest that fits: max fits, max + 1 does not', () => {
    for (const [id, p] of [
      ['h100-sxm', serving({ model: 'llama-3-70b', tp: 4, batch: 'max' })],
      ['h20', serving({ model: 'llama-3-70b', tp: 2, batch: 'max', kvDtype: 'fp8' })],
      ['h200-sxm', serving({ model: 'deepseek-v3', weightDtype: 'fp8', tp: 8, ep: 8, batch: 'max' })],
    ] as const) {
      const max = estimateLlmServing(gpu(id), p);
      const b = Number(max.params.batch);
      expect(b).toBeGreaterThan(0);
      expect(max.fits).toBe(true);
      const over = estimateLlmServing(gpu(id), { ...p, batch: b + 1 });
      expect(over.fits).toBe(false);
      expect(over.bound).toBe('capacity');
      expect(over.assumptions.join('\n')).toMatch(/minimum GPUs: \d+/);
    }
  });

  it('a model that does not fit is a result with the memory needed', () => {
    const e = estimateLlmServing(gpu('h100-sxm'), serving({ model: 'llama-3.1-405b' }));
    expect(e.fits).toBe(false);
    expect(e.memory.neededBytes).toBeGreaterThan(800e9);
    expect(e.metrics.tpotMs).toBeNull();
    expect(e.assumptions.join('\n')).toMatch(/minimum GPUs: 11\b/);
  });

  it('--target-tpot-ms: the solved batch meets the target and one more does not', () => {
    const p = serving({ model: 'llama-3-70b', tp: 4, targetTpotMs: 25 });
    const e = estimateLlmServing(gpu('h100-sxm'), p);
    const b = Number(e.params.batch);
    expect(e.metrics.tpotMs!).toBeLessThanOrEqual(25);
    const next = estimateLlmServing(gpu('h100-sxm'), { ...p, targetTpotMs: 0, batch: b + 1 });
    expect(next.metrics.tpotMs!).toBeGreaterThan(25);
  });

  it('EP adds dispatch and combine all-to-alls; more nodes move them to the NIC', () => {
    const p = serving({ model: 'deepseek-v3', weightDtype: 'fp8', tp: 1, dp: 16, ep: 16, batch: 16 });
    const one = estimateLlmServing(gpu('h100-sxm'), { ...p, nodes: 1 });
    const two = estimateLlmServing(gpu('h100-sxm'), { ...p, nodes: 2 });
    expect(one.breakdown.some((r) => /ep dispatch deepep/.test(r.op))).toBe(true);
    expect(two.metrics.tpotMs!).toBeGreaterThan(one.metrics.tpotMs!);
  });

  it('bad input names the parameter by key, and the error carries it', () => {
    const h100 = gpu('h100-sxm');
    expect(errorOf(() => estimateLlmServing(h100, serving({ tp: 3 })))).toEqual({
      message: 'tp 3 must divide the 32 attention heads of llama-3-8b',
      params: ['tp'],
    });
    expect(() => WORKLOADS.estimate('llm-serving', h100, { model: 'llama-3-8b', batch: '0' })).toThrow(
      /batch must be a positive integer/,
    );
    expect(
      errorOf(() => estimateLlmServing(h100, serving({ model: 'mixtral-8x7b', ep: 16, dp: 16 }))),
    ).toEqual({
      message: 'ep 16 exceeds the 8 routed experts of mixtral-8x7b',
      params: ['ep'],
    });
    expect(errorOf(() => estimateLlmServing(h100, serving({ numGpus: 3 })))).toEqual({
      message: 'numGpus 3 must equal tp x pp x dp = 1 x 1 x 1 = 1',
      params: ['numGpus', 'tp', 'pp', 'dp'],
    });
    expect(errorOf(() => estimateLlmServing(h100, serving({ dp: 4, nodes: 3 })))).toEqual({
      message: 'nodes 3 must divide numGpus 4',
      params: ['nodes', 'numGpus'],
    });
    expect(errorOf(() => estimateLlmServing(h100, serving({ batch: 4, targetTpotMs: 20 })))).toEqual({
      message: 'batch and targetTpotMs both set the batch: give one',
      params: ['batch', 'targetTpotMs'],
    });
  });

  it('input warnings go to warnings, by key, not to assumptions', () => {
    const long = estimateLlmServing(gpu('h100-sxm'), serving({ inputLen: 9000 }));
    expect(long.warnings).toEqual([
      "inputLen + outputLen = 9128 positions exceeds llama-3-8b's max_position_embeddings (8192)",
    ]);
    const uneven = estimateLlmServing(
      gpu('h100-sxm'),
      serving({ model: 'qwen3-30b-a3b', tp: 2, dp: 3, ep: 6 }),
    );
    expect(uneven.warnings).toEqual(['ep 6 does not divide 128 experts; the busiest GPU holds 22']);
    const missed = estimateLlmServing(gpu('h100-sxm'), serving({ targetTpotMs: 0.5 }));
    expect(missed.warnings).toEqual(['targetTpotMs 0.5 is missed even at batch 1; showing batch 1']);
    expect(missed.params.batch).toBe(1);
    for (const e of [long, uneven, missed]) {
      expect(e.assumptions.filter((a) => /warning|--/.test(a))).toEqual([]);
    }
    expect(estimateLlmServing(gpu('h100-sxm'), serving()).warnings).toEqual([]);
  });
});

describe('training', () => {
  it('reports exactly the contract metrics; MFU is against the bf16 dense peak', () => {
    const e = estimateTraining(gpu('h100-sxm'), training());
    expect(Object.keys(e.metrics).sort()).toEqual(['gpuHours', 'mfu', 'stepTimeS', 'timeMs', 'tokensPerSec']);
    expect(e.assumptions.join('\n')).toMatch(/bf16 dense peak 989 TFLOPS/);
    const mfu = e.metrics.mfu!;
    expect(mfu).toBeGreaterThan(0.3);
    expect(mfu).toBeLessThan(0.9);
  });

  it('hand check: gpuHours = tokens / tokensPerSec x GPUs / 3600 and tokens/s = batch x seq / step', () => {
    const e = estimateTraining(gpu('h100-sxm'), training());
    const m = e.metrics as Record<string, number>;
    expect(m.tokensPerSec).toBeCloseTo((64 * 4096) / m.stepTimeS!, 6);
    expect(m.gpuHours).toBeCloseTo(((1e12 / m.tokensPerSec!) * 8) / 3600, 3);
  });

  it('hand check: the LM head scores every token, and the attention row carries the FA3 backward', () => {
    // llama-3-8b, DP 8, 64 x 4096 tokens: 8 micro-batches of one sequence per GPU, each forward + backward
    // (3x; selective recompute fits) over logits of all 4096 tokens: 3 x 8 x 2 x 4096 x 4096 x 128256.
    const e = estimateTraining(gpu('h100-sxm'), training());
    const row = (name: string) => e.breakdown.find((r) => r.op.startsWith(`fwd+bwd ${name}`))!;
    expect(row('lm-head').flops).toBe(3 * 8 * 2 * 4096 * 4096 * 128256);
    // Attention: the forward once and FlashAttention's backward at 2.5x its flops: 8 x 3.5 x 32 layers x
    // 4 x 32 heads x 128 x the causal pairs 4096 x 4097 / 2. Its time: 1 + 2.5 x 638 / 542 forwards (FA3's
    // published backward rate at 4096), not 3.
    const attention = row('prefill attention');
    expect(attention.flops).toBeCloseTo((8 * 3.5 * 32 * 4 * 32 * 128 * 4096 * 4097) / 2, -6);
    const ratio = (2.5 * 638) / 542;
    // The forward's time is llm-prefill's for one 4096-token prompt on the same GPU and kernel.
    const prefill = WORKLOADS.estimate('llm-prefill', gpu('h100-sxm'), {
      model: 'llama-3-8b',
      batch: 1,
      inputLen: 4096,
    });
    const forward = prefill.breakdown.find((r) => r.op === 'prefill attention x32')!;
    expect(attention.timeMs).toBeCloseTo(8 * (1 + ratio) * forward.timeMs, 9);
    const qkv = row('qkv-proj');
    expect(qkv.flops).toBe(3 * 8 * 32 * 2 * 4096 * 4096 * 6144);
    for (const name of ['norms', 'rotary', 'SwiGLU']) expect(row(name).bound).toBe('memory');
    expect(e.breakdown.some((r) => r.op.includes('fp8 casts'))).toBe(false);
  });

  it('hand check: an fp8 weight GEMM row is the forward x (3 + 1 / FP8_WGRAD_EFFICIENCY - 1) slots', () => {
    // llama-3-8b fp8, DP 8, 64 x 4096 tokens: 8 micro-batches of one sequence per GPU, selective recompute.
    const e = estimateTraining(gpu('h100-sxm'), training({ precision: 'fp8' }));
    const prefill = WORKLOADS.estimate('llm-prefill', gpu('h100-sxm'), {
      model: 'llama-3-8b',
      weightDtype: 'fp8',
      batch: 1,
      inputLen: 4096,
    });
    const forward = prefill.breakdown.find((r) => r.op === 'qkv-proj x32')!;
    const row = e.breakdown.find((r) => r.op === 'fwd+bwd qkv-proj x32')!;
    expect(row.timeMs).toBeCloseTo(8 * (3 + 1 / FP8_WGRAD_EFFICIENCY - 1) * forward.timeMs, 9);
    expect(row.flops).toBeCloseTo(8 * 3 * forward.flops, 0);
    expect(e.assumptions.join('\n')).toMatch(/weight-gradient GEMMs at 0\.748 of the forward curve/);
  });

  it('--mtp on trains one more average layer and a second LM head; a model without the module is refused', () => {
    // deepseek-v3 on 2048 H200 as DeepSeek laid it out (TP 1, PP 16, DP 128, EP 64), 1F1B; 2048 sequences:
    // 16 micro-batches per replica, slots (16 + 15) / 16 per GPU; selective recomputation (it fits in 141 GB)
    // so the weights are exactly 3x forward.
    const p = training({
      model: 'deepseek-v3',
      tp: 1,
      pp: 16,
      dp: 128,
      ep: 64,
      globalBatch: 2048,
      precision: 'fp8',
      recompute: 'selective',
    });
    const off = estimateTraining(gpu('h200-sxm'), p);
    const on = estimateTraining(gpu('h200-sxm'), { ...p, mtp: 'on' });
    expect(on.fits).toBe(true);
    const slots = (16 + 15) / 16;
    // Unweighted forward flops of the op rows (attention's row carries 3.5 forwards, the others 3).
    let forward = 0;
    let head = 0;
    for (const r of off.breakdown) {
      if (r.bound === 'interconnect' || (r.bound === 'memory' && r.flops === 0)) continue;
      if (r.op.startsWith('fwd+bwd lm-head')) head = r.flops / (3 * slots);
      if (/attention/.test(r.op)) forward += r.flops / (3.5 * slots);
      else if (r.flops > 0) forward += r.flops / (3 * slots);
    }
    const mtp = on.breakdown.find((r) => r.op === 'fwd+bwd mtp module x1')!;
    expect(mtp.flops).toBeCloseTo(3 * slots * ((forward - head) / 61 + head), -6);
    expect(on.metrics.stepTimeS!).toBeGreaterThan(off.metrics.stepTimeS!);
    expect(on.assumptions.join('\n')).toMatch(/multi-token prediction \(mtp on/);
    expect(errorOf(() => estimateTraining(gpu('h100-sxm'), training({ mtp: 'on' })))).toEqual({
      message: 'mtp on: llama-3-8b has no multi-token-prediction module (num_nextn_predict_layers is 0)',
      params: ['mtp'],
    });
  });

  it('pipeline bubbles cost time: fewer micro-batches per replica lower MFU', () => {
    const many = estimateTraining(
      gpu('h100-sxm'),
      training({ model: 'llama-3-70b', tp: 8, pp: 4, dp: 2, globalBatch: 256 }),
    );
    const few = estimateTraining(
      gpu('h100-sxm'),
      training({ model: 'llama-3-70b', tp: 8, pp: 4, dp: 2, globalBatch: 8 }),
    );
    expect(few.metrics.mfu!).toBeLessThan(many.metrics.mfu!);
  });

  it('MoE with EP runs and H20 trains slower than H800 (compute-bound)', () => {
    const p = training({ model: 'qwen3-30b-a3b', tp: 1, dp: 8, ep: 8, globalBatch: 64 });
    const h800 = estimateTraining(gpu('h800-sxm'), p);
    const h20 = estimateTraining(gpu('h20'), p);
    expect(h800.breakdown.some((r) => /ep dispatch/.test(r.op))).toBe(true);
    expect(h20.metrics.gpuHours!).toBeGreaterThan(h800.metrics.gpuHours!);
  });

  it('globalBatch not divisible by dp x microBatch names the parameters', () => {
    expect(errorOf(() => estimateTraining(gpu('h100-sxm'), training({ globalBatch: 12 })))).toEqual({
      message: 'globalBatch 12 must be a multiple of dp 8 x microBatch 1',
      params: ['globalBatch', 'dp', 'microBatch'],
    });
    expect(errorOf(() => estimateTraining(gpu('a100-sxm'), training({ precision: 'fp8' })))).toMatchObject({
      params: ['precision'],
    });
  });

  it('warns, in warnings, when seqLen exceeds max_position_embeddings', () => {
    const e = estimateTraining(gpu('h100-sxm'), training({ seqLen: 10000 }));
    expect(e.warnings).toEqual([
      "seqLen = 10000 positions exceeds llama-3-8b's max_position_embeddings (8192)",
    ]);
    expect(estimateTraining(gpu('h100-sxm'), training()).warnings).toEqual([]);
  });
});
