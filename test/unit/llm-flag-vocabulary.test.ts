/**
 * One flag vocabulary for the LLM workloads: llm-prefill and llm-decode take the layout parameters of
 * llm-serving and training, `tokens` is prefill tokens per GPU everywhere (training's total is `trainTokens`),
 * `kvDtype` takes fp16, and a parameter that makes no sense for a workload is refused with the reason, naming
 * the parameters by key.
 */
import { describe, expect, it } from 'vitest';
import { type Estimate, estimateWorkload } from '../../src/index.ts';
import { userErrorOf } from '../helpers/errors.ts';

type Params = Readonly<Record<string, string | number>>;
const estimate = (workload: string, gpu: string, params: Params): Estimate =>
  estimateWorkload({ workload, gpu, params });

const sumMs = (e: Estimate, keep: (op: string) => boolean) =>
  e.breakdown.filter((r) => keep(r.op)).reduce((s, r) => s + r.timeMs, 0);

describe('llm-prefill and llm-decode take the layout parameters', () => {
  const llama = { model: 'llama-3-70b', tp: 4, batch: 8, context: 4096 } as const;

  it('at the default layout, giving the defaults changes nothing (numbers and assumptions)', () => {
    const plain = estimate('llm-decode', 'h100-sxm', llama);
    const explicit = estimate('llm-decode', 'h100-sxm', { ...llama, ep: 1, pp: 1, dp: 1 });
    expect(explicit.metrics).toEqual(plain.metrics);
    expect(explicit.breakdown).toEqual(plain.breakdown);
    expect(explicit.assumptions).toEqual(plain.assumptions);
    expect(plain.assumptions.some((a) => a.startsWith('layout:'))).toBe(false);
  });

  it('dp replicas of a dense model run side by side: the same per-GPU numbers, and a layout line', () => {
    const one = estimate('llm-decode', 'h100-sxm', llama);
    const four = estimate('llm-decode', 'h100-sxm', { ...llama, dp: 4 });
    expect(four.metrics).toEqual(one.metrics);
    expect(four.assumptions).toContain(
      'layout: 16 GPU(s) on 2 node(s) of 8 = TP 4 x PP 1 x DP 4; groups within 8 GPUs use the scale-up link, larger ones the NIC',
    );
    expect(four.assumptions.some((a) => a.startsWith('DP 4: each of the 4 TP groups'))).toBe(true);
  });

  it('pp stages: the pass crosses every stage (one pp send), a GPU stores its stage, tokens per GPU stay batch / tp', () => {
    // On H200 (141 GB) both fit: 405B bf16 weights over TP 8 are 101 GB a GPU.
    const flat = estimate('llm-decode', 'h200-sxm', { model: 'llama-3.1-405b', tp: 8, batch: 8 });
    const staged = estimate('llm-decode', 'h200-sxm', { model: 'llama-3.1-405b', tp: 8, pp: 2, batch: 8 });
    expect(flat.fits && staged.fits).toBe(true);
    const sends = staged.breakdown.filter((r) => r.op.startsWith('pp send'));
    expect(sends.map((r) => r.op)).toEqual(['pp send x1']);
    // Every compute row is the same; the pipeline adds its send.
    const compute = (e: Estimate) => e.breakdown.filter((r) => r.bound !== 'interconnect');
    expect(compute(staged)).toEqual(compute(flat));
    expect(staged.metrics.timeMs).toBeCloseTo(flat.metrics.timeMs! + sends[0]!.timeMs, 9);
    expect(staged.metrics.outputTokensPerSecPerGpu).toBeCloseTo(8 / 8 / (staged.metrics.timeMs! / 1e3), 6);
    // 126 layers: a stage holds 63 of them, plus the embedding and LM head.
    expect(staged.memory.neededBytes).toBeLessThan(flat.memory.neededBytes * 0.6);
  });

  it('refuses --ep on a dense model, naming ep', () => {
    expect(
      userErrorOf(() => estimate('llm-prefill', 'h100-sxm', { model: 'llama-3-8b', ep: 2, dp: 2 })),
    ).toEqual({
      message: 'ep 2: llama-3-8b is a dense model with no experts to split (use ep 1)',
      params: ['ep'],
    });
  });

  it('checks numGpus against the layout, naming the parameters', () => {
    const e = userErrorOf(() =>
      estimate('llm-decode', 'h20', { model: 'deepseek-v3', ep: 8, dp: 8, numGpus: 16 }),
    );
    expect(e.params).toEqual(['numGpus', 'tp', 'pp', 'dp']);
  });
});

describe('DeepSeek-V3 prefill at EP 8, DP 8 (TP 1), fp8 weights, 2 prompts of 4096 per GPU on H200', () => {
  const layout = { model: 'deepseek-v3', weightDtype: 'fp8', ep: 8, dp: 8 } as const;
  const e = estimate('llm-prefill', 'h200-sxm', { ...layout, tokens: 8192, inputLen: 4096 });
  const row = (op: string) => e.breakdown.find((r) => r.op === op);

  it('--tokens 8192 per GPU at TP 1 is 2 prompts of 4096', () => {
    expect(e.fits).toBe(true); // 101 GB of fp8 weights (32 experts a layer) + 0.6 GB of KV cache
    expect(e.params.batch).toBe(2);
    expect(e.params.tokens).toBe(8192);
    const byBatch = estimate('llm-prefill', 'h200-sxm', { ...layout, batch: 2, inputLen: 4096 });
    expect(byBatch.metrics).toEqual(e.metrics);
    expect(e.metrics.inputTokensPerSecPerGpu).toBeCloseTo(8192 / (e.metrics.timeMs! / 1e3), 6);
  });

  it('expert GEMMs by hand: balanced EP gives a GPU its own 8192 tokens x 8 experts of (token, expert) pairs', () => {
    // 58 MoE layers; hidden 7168, expert FFN 2048 (gate + up: 4096 outputs); 256 experts, 32 per GPU, all touched.
    const pairs = 8192 * 8;
    const gateUp = row('moe expert-gate-up-proj x58')!;
    expect(gateUp.flops).toBe(58 * 2 * pairs * 7168 * 4096);
    // Reads: 32 experts' fp8 weights + the pairs' bf16 inputs; writes: the pairs' bf16 outputs.
    const bytes = 32 * 7168 * 4096 + pairs * 7168 * 2 + pairs * 4096 * 2;
    expect(gateUp.bytes / 58).toBeCloseTo(bytes, -3);
    expect(row('moe expert-down-proj x58')!.flops).toBe(58 * 2 * pairs * 2048 * 7168);
  });

  it('shows the EP dispatch and combine (58 MoE layers each) and says how per-GPU tokens are counted', () => {
    const ep = e.breakdown.filter((r) => r.op.startsWith('ep '));
    expect(ep).toHaveLength(2);
    expect(ep[0]!.op).toMatch(/^ep dispatch .* x58$/);
    expect(ep[1]!.op).toMatch(/^ep combine .* x58$/);
    expect(ep.every((r) => r.bound === 'interconnect' && r.timeMs > 0)).toBe(true);
    expect(e.assumptions).toContain(
      'layout: 8 GPU(s) on 1 node(s) of 8 = TP 1 x PP 1 x DP 8, EP 8; groups within 8 GPUs use the scale-up link, larger ones the NIC',
    );
    expect(e.assumptions).toContain(
      'tokens 8192 per GPU: 8192 x tp 1 / inputLen 4096 = 2 prompt(s) per TP group',
    );
    expect(e.assumptions.some((a) => a.startsWith('EP 8: whole experts per GPU'))).toBe(true);
  });

  it("matches llm-serving's prefill pass on the same layout (its batch 2 per GPU: 2 prompts per TP group)", () => {
    // Serving's two-batch overlap splits its prefill in two; the single pass is the one without it.
    const s = estimate('llm-serving', 'h200-sxm', {
      ...layout,
      batch: 2,
      inputLen: 4096,
      outputLen: 2,
      twoBatchOverlap: 'off',
    });
    const servingPrefill = s.breakdown.filter((r) => r.op.startsWith('prefill '));
    expect(servingPrefill).toHaveLength(e.breakdown.length);
    for (const r of e.breakdown) {
      // Serving labels its prefill rows `prefill <op> xN`, the counts of one shown (`lm-head x1`).
      const twin =
        servingPrefill.find((t) => t.op.replace(/^prefill /, '') === r.op.replace(/^prefill /, '')) ??
        servingPrefill.find((t) => t.op === `prefill ${r.op} x1`);
      expect(twin, r.op).toBeDefined();
      expect(twin!.flops).toBe(r.flops);
      expect(twin!.bytes).toBe(r.bytes);
      expect(twin!.timeMs).toBeCloseTo(r.timeMs, 9);
    }
    expect(sumMs(s, (op) => op.startsWith('prefill '))).toBeCloseTo(e.metrics.timeMs!, 9);
  });
});

describe('--tokens is prefill tokens per GPU', () => {
  it('sets tokens x tp / inputLen prompts per TP group', () => {
    const e = estimate('llm-prefill', 'h100-sxm', {
      model: 'llama-3-70b',
      tp: 4,
      tokens: 2048,
      inputLen: 4096,
    });
    expect(e.params.batch).toBe(2);
    const byBatch = estimate('llm-prefill', 'h100-sxm', {
      model: 'llama-3-70b',
      tp: 4,
      batch: 2,
      inputLen: 4096,
    });
    expect(e.metrics).toEqual(byBatch.metrics);
  });

  it('refuses a part of a prompt, naming tokens, tp and inputLen', () => {
    expect(
      userErrorOf(() => estimate('llm-prefill', 'h100-sxm', { model: 'llama-3-8b', tokens: 1000 })),
    ).toEqual({
      message:
        'tokens 1000 x tp 1 must be a whole number of inputLen 4096-token prompts per TP group (got 0.244140625)',
      params: ['tokens', 'tp', 'inputLen'],
    });
  });

  it('refuses batch and tokens together', () => {
    const e = userErrorOf(() =>
      estimate('llm-prefill', 'h100-sxm', { model: 'llama-3-8b', tokens: 8192, batch: 2 }),
    );
    expect(e.params).toEqual(['batch', 'tokens']);
  });

  it('is refused on llm-decode with the reason, pointing at batch', () => {
    expect(
      userErrorOf(() => estimate('llm-decode', 'h100-sxm', { model: 'llama-3-8b', tokens: 4096 })),
    ).toEqual({
      message:
        'tokens is prefill tokens per GPU (llm-prefill); a decode step makes one token per sequence: set batch (sequences per TP group)',
      params: ['tokens', 'batch'],
    });
  });

  it('is refused on llm-serving, pointing at batch and inputLen', () => {
    expect(
      userErrorOf(() => estimate('llm-serving', 'h100-sxm', { model: 'llama-3-8b', tokens: 4096 })),
    ).toEqual({
      message:
        'tokens is prefill tokens per GPU of one pass (llm-prefill); serving sets its load with batch (sequences per GPU) and inputLen',
      params: ['tokens', 'batch', 'inputLen'],
    });
  });

  it('is refused on training, pointing at trainTokens (its old meaning)', () => {
    const e = userErrorOf(() =>
      estimate('training', 'h100-sxm', { model: 'llama-3-8b', dp: 8, tokens: 15e12 }),
    );
    expect(e.params).toEqual(['tokens', 'trainTokens']);
    expect(e.message).toContain('the tokens training runs on are trainTokens');
  });
});

describe('training takes trainTokens, weightDtype bf16, and refuses what only inference means', () => {
  const base = { model: 'llama-3-8b', dp: 8, globalBatch: 64 } as const;

  it('trainTokens sets the GPU-hours: tokens / tokens per s x GPUs / 3600', () => {
    const e = estimate('training', 'h100-sxm', { ...base, trainTokens: 15e12 });
    expect(e.metrics.gpuHours).toBeCloseTo(((15e12 / e.metrics.tokensPerSec!) * 8) / 3600, 3);
    expect(e.params).not.toHaveProperty('tokens');
    expect(e.params).not.toHaveProperty('kvDtype');
  });

  it('weightDtype bf16 given is the default (fp8 GEMMs stay --precision fp8)', () => {
    const plain = estimate('training', 'h100-sxm', { ...base, precision: 'fp8' });
    const given = estimate('training', 'h100-sxm', { ...base, precision: 'fp8', weightDtype: 'bf16' });
    expect(given.metrics).toEqual(plain.metrics);
  });

  it.each([
    ['fp8', ['weightDtype', 'weightDtype', 'precision']],
    ['fp16', ['weightDtype']],
    ['int4', ['weightDtype']],
  ] as const)('refuses weightDtype %s with the reason', (weightDtype, params) => {
    const e = userErrorOf(() => estimate('training', 'h100-sxm', { ...base, precision: 'fp8', weightDtype }));
    expect(e.params).toEqual([...new Set(params)]);
    expect(e.message).toMatch(new RegExp(`^weightDtype ${weightDtype}`));
  });

  it('refuses kvDtype: training keeps no KV cache', () => {
    expect(userErrorOf(() => estimate('training', 'h100-sxm', { ...base, kvDtype: 'fp8' }))).toEqual({
      message: 'kvDtype: training keeps no KV cache (attention runs in bf16 over each sequence)',
      params: ['kvDtype'],
    });
  });
});

describe('kvDtype fp16', () => {
  it('is 2 bytes like bf16 on every inference workload, and the assumptions say fp16', () => {
    for (const workload of ['llm-decode', 'llm-serving'] as const) {
      const p = { model: 'llama-3-8b', batch: 8 };
      const bf16 = estimate(workload, 'h20', { ...p, kvDtype: 'bf16' });
      const fp16 = estimate(workload, 'h20', { ...p, kvDtype: 'fp16' });
      expect(fp16.metrics).toEqual(bf16.metrics);
      expect(fp16.memory.neededBytes).toBe(bf16.memory.neededBytes);
      expect(fp16.assumptions.some((a) => a.includes('KV cache fp16'))).toBe(true);
    }
  });
});
