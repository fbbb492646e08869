import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { COMPUTE_FIT, MEMORY_FIT } from '../../src/model/data/fitted.ts';
import { WORKLOADS } from '../../src/workloads/index.ts';
import { estimateAttention } from '../../src/workloads/kernels/attention.ts';
import { presetModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { resolveLayout } from '../../src/workloads/llm/parallel-layout.ts';
import { passSecAt } from '../../src/workloads/llm/pass.ts';
import { passSetup } from '../../src/workloads/llm/pass-setup.ts';
import {
  estimateLlmDecode,
  estimateLlmPrefill,
  type LlmDecodeParams,
  type LlmPrefillParams,
} from '../../src/workloads/llm/prefill-decode.ts';

const catalog = loadCatalog({});
const h100 = catalog.get('h100-sxm', '--gpu');
const h20 = catalog.get('h20', '--gpu');
const base = {
  model: '',
  modelConfig: '',
  weightDtype: 'bf16',
  kvDtype: 'bf16',
  tp: 1,
  gpusPerNode: 8,
  ep: 1,
  pp: 1,
  dp: 1,
  numGpus: 0,
  nodes: 0,
  twoBatchOverlap: 'off',
  attentionKernel: 'auto',
} as const;
const decode = (p: Partial<LlmDecodeParams>): LlmDecodeParams => ({
  ...base,
  batch: 1,
  context: 4096,
  mtp: 'off',
  mtpAcceptance: 0.85,
  ...p,
});
const prefill = (p: Partial<LlmPrefillParams>): LlmPrefillParams => ({
  ...base,
  tokens: 0,
  batch: 1,
  inputLen: 4096,
  context: 0,
  ...p,
});

describe('llm-decode golden: llama-3-8b on H100 SXM, batch 1, context 4096, bf16', () => {
  const e = estimateLlmDecode(h100, decode({ model: 'llama-3-8b' }));

  // Per layer (x32), bytes = weights + input row + output row at 2 bytes:
  //   qkv 4096x6144x2 + 8192 + 12288 = 50,352,128     o 4096x4096x2 + 8192 + 8192 = 33,570,816
  //   gate-up 4096x28672x2 + 8192 + 57344 = 234,946,560   down 14336x4096x2 + 28672 + 8192 = 117,477,376
  //   attention: KV read 4096 tokens x 2 x 8 heads x 128 x 2 = 16,777,216, KV write 4096, q and o 8192 each
  // LM head once: 128256x4096x2 + 8192 + 128256 logits x 4 bytes = 1,051,194,368.
  // Attention runs on FlashInfer (auto on Hopper): it streams at 0.78 of the memory line (`kernel`); 8 KV
  // heads split 16 ways over 4,097 keys give 128 blocks x 121.25 GB/s, far above HBM, so no block ceiling.
  const rows = [
    { reads: 4096 * 6144 * 2 + 8192, writes: 12288, repeat: 32, kernel: 1 },
    { reads: 4096 * 4096 * 2 + 8192, writes: 8192, repeat: 32, kernel: 1 },
    { reads: 4096 * 28672 * 2 + 8192, writes: 57344, repeat: 32, kernel: 1 },
    { reads: 14336 * 4096 * 2 + 28672, writes: 8192, repeat: 32, kernel: 1 },
    { reads: 16_777_216 + 8192, writes: 4096 + 8192, repeat: 32, kernel: 0.78 },
    { reads: 128256 * 4096 * 2 + 8192, writes: 128256 * 4, repeat: 1, kernel: 1 },
  ];

  it('reads and writes 15.55 GB per step (weights 15.01 GB + KV 0.54 GB + activations)', () => {
    const bytes = e.breakdown.reduce((sum, r) => sum + r.bytes, 0);
    expect(bytes).toBe(15_551_820_800);
    expect(bytes).toBe(rows.reduce((sum, r) => sum + r.repeat * (r.reads + r.writes), 0));
  });

  it('is memory-bound: time = sum of bytes / (3.35 TB/s x eta_m) + launch latency per op', () => {
    let expectedSec = 0;
    for (const { reads, writes, repeat, kernel } of rows) {
      const eta = (MEMORY_FIT.intercept + MEMORY_FIT.slope * (reads / (reads + writes))) * kernel;
      expectedSec += repeat * ((reads + writes) / (3.35e12 * eta) + COMPUTE_FIT.launchLatencySec);
    }
    expect(e.bound).toBe('memory');
    expect(e.metrics.timeMs).toBeCloseTo(expectedSec * 1e3, 9);
    expect(e.metrics.timeMs).toBeGreaterThan(5.6); // about 5.74 ms (5.69 before FlashInfer's 0.78)
    expect(e.metrics.timeMs).toBeLessThan(5.8);
    expect(e.metrics.outputTokensPerSecPerGpu).toBeCloseTo(1 / expectedSec, 6);
  });
});

describe('llm-prefill attention golden: llama-3-8b on H100 SXM, one 4096-token prompt', () => {
  const e = estimateLlmPrefill(h100, prefill({ model: 'llama-3-8b' }));
  const row = e.breakdown.find((r) => r.op.startsWith('prefill attention'))!;

  // Causal pairs: 4096 x 4097 / 2 = 8,390,656, so 2048.5 keys per query on average. Per layer, flops =
  // pairs x 4 x 32 heads x 128 = 137,472,507,904 (= 2^25 x 4097). The kernel (auto on Hopper: FA3) tiles each
  // of the 32 heads' 4,096 query rows in 32 tiles of 128: 1024 blocks on 132 SMs, 8 waves, occupancy
  // 1024 / 1056; a query sees 2,048.5 keys on average, causal half-point 325 visible keys.
  const flops = 137_472_507_904;
  const occupancy = 1024 / (8 * 132);

  it('has the attention workload flops and is compute-bound', () => {
    expect(row.flops).toBe(32 * flops);
    expect(row.bound).toBe('compute');
  });

  it('times FA3: flops / (989.4 TFLOPS x E x keys / (keys + 325) x occupancy) + launch', () => {
    // E = 1 / (1 / 1 + (989.4e12 / 132) / (512 x 2.879e10)) = 1 / 1.50849 = 0.66291.
    const e = 1 / (1 + 989.4e12 / 132 / (512 * 2.879e10));
    expect(e).toBeCloseTo(0.66291, 5);
    const eta = e * (2048.5 / (2048.5 + 325)) * occupancy;
    const perLayerSec = flops / (989.4e12 * eta) + COMPUTE_FIT.launchLatencySec;
    expect(h100.peakDenseOpsPerSec.bf16.value).toBe(989.4e12);
    expect(row.timeMs).toBeCloseTo(32 * perLayerSec * 1e3, 9);
  });

  it('matches the attention workload on the same problem (compute-bound, same flops and shape)', () => {
    const a = estimateAttention(h100, {
      batch: 1,
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      qLen: 4096,
      kvLen: 4096,
      dtype: 'bf16',
      causal: true,
      attentionKernel: 'auto',
    });
    expect(a.breakdown[0]!.flops).toBe(flops);
    expect(row.timeMs / 32).toBeCloseTo(a.metrics.timeMs!, 9);
  });
});

describe('llm-decode and llm-prefill workloads', () => {
  it('are registered with the metric names of issue 4', () => {
    const d = WORKLOADS.estimate('llm-decode', h100, { model: 'llama-3-8b', batch: '4', context: '1024' });
    expect(Object.keys(d.metrics)).toEqual(['timeMs', 'outputTokensPerSecPerGpu']);
    expect(d.throughputMetric).toBe('outputTokensPerSecPerGpu');
    const p = WORKLOADS.estimate('llm-prefill', h100, { model: 'llama-3-8b', inputLen: '2048' });
    expect(Object.keys(p.metrics)).toEqual(['timeMs', 'inputTokensPerSecPerGpu']);
  });

  it('H20 beats H100 SXM on small-batch 70B decode (memory bandwidth binds)', () => {
    const p = decode({ model: 'llama-3-70b', tp: 2 });
    const onH20 = estimateLlmDecode(h20, p);
    const onH100 = estimateLlmDecode(h100, p);
    expect(onH20.bound).toBe('memory');
    expect(onH20.metrics.outputTokensPerSecPerGpu!).toBeGreaterThan(onH100.metrics.outputTokensPerSecPerGpu!);
  });

  it('H100 SXM beats H20 on 70B prefill (compute binds)', () => {
    const p = prefill({ model: 'llama-3-70b', tp: 2 });
    const onH100 = estimateLlmPrefill(h100, p);
    expect(onH100.bound).toBe('compute');
    expect(onH100.metrics.inputTokensPerSecPerGpu!).toBeGreaterThan(
      3 * estimateLlmPrefill(h20, p).metrics.inputTokensPerSecPerGpu!,
    );
  });

  it('a model that does not fit is a result with the memory needed', () => {
    const e = estimateLlmDecode(h100, decode({ model: 'llama-3-70b' }));
    expect(e.fits).toBe(false);
    expect(e.bound).toBe('capacity');
    expect(e.metrics.outputTokensPerSecPerGpu).toBeNull();
    expect(e.memory.neededBytes).toBeGreaterThan(141e9);
  });

  it('MLA keeps the whole latent on every TP rank; deepseek-v3 fp8 fits 8 x H200', () => {
    const h200 = catalog.get('h200', '--gpu');
    const e = estimateLlmDecode(h200, decode({ model: 'deepseek-v3', weightDtype: 'fp8', tp: 8, batch: 32 }));
    expect(e.fits).toBe(true);
    expect(e.breakdown.some((r) => r.op.startsWith('tp all-reduce'))).toBe(true);
  });

  it('errors name the parameter by key, and carry it', () => {
    const userError = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        return error as UserError;
      }
      throw new Error('expected a UserError');
    };
    const message = (fn: () => unknown) => userError(fn).message;
    const tp = userError(() => estimateLlmDecode(h100, decode({ model: 'llama-3-8b', tp: 3 })));
    expect(tp.message).toBe('tp 3 must divide the 32 attention heads of llama-3-8b');
    expect(tp.param).toBe('tp');
    const none = userError(() => estimateLlmDecode(h100, decode({})));
    expect(none.message).toMatch(/^model or modelConfig is required/);
    expect(none.params).toEqual(['model', 'modelConfig']);
    const a100 = catalog.get('a100-sxm', '--gpu');
    const fp8 = userError(() => estimateLlmDecode(a100, decode({ model: 'llama-3-8b', weightDtype: 'fp8' })));
    expect(fp8.message).toMatch(/^weightDtype fp8: a100-sxm has no fp8 peak/);
    expect(fp8.param).toBe('weightDtype');
    expect(message(() => WORKLOADS.estimate('llm-decode', h100, { model: 'llama-3-8b', batch: '0' }))).toBe(
      'batch must be a positive integer (got "0")',
    );
    expect(
      message(() => WORKLOADS.estimate('llm-decode', h100, { model: 'x', weightDtype: 'int3' })),
    ).toMatch(/^weightDtype must be one of bf16, fp16, fp8, int4/);
  });

  it("passSecAt gives the estimate's time, with and without TP", () => {
    for (const tp of [1, 8]) {
      const e = estimateLlmDecode(h100, decode({ model: 'llama-3-8b', tp, batch: 16 }));
      const spec = presetModelSpec('llama-3-8b');
      const layout = resolveLayout(spec, { tp, pp: 1, dp: 1, ep: 1, numGpus: 0, nodes: 0, gpusPerNode: 8 });
      const setup = passSetup(h100, spec, layout, 'bf16', 'bf16');
      const pass = { sequences: 16, newTokens: 1, priorTokens: 4096, decode: true };
      expect(passSecAt(setup, pass, 'nominal') * 1e3).toBeCloseTo(e.metrics.timeMs!, 9);
    }
  });

  it('warns, in its warnings, when the context exceeds max_position_embeddings', () => {
    const e = estimateLlmDecode(h100, decode({ model: 'llama-3-8b', context: 9000 }));
    expect(e.warnings).toEqual([
      "context 9000 + 1 new token = 9001 positions exceeds llama-3-8b's max_position_embeddings (8192)",
    ]);
    expect(e.assumptions.join('\n')).not.toMatch(/max_position_embeddings|warning/);
    const p = estimateLlmPrefill(h100, prefill({ model: 'llama-3-8b', context: 8000, inputLen: 200 }));
    expect(p.warnings).toEqual([
      "context 8000 + inputLen 200 = 8200 positions exceeds llama-3-8b's max_position_embeddings (8192)",
    ]);
    expect(estimateLlmDecode(h100, decode({ model: 'llama-3-8b', context: 8191 })).warnings).toEqual([]);
  });

  it('decode tokens/s per GPU never falls as batch grows while memory binds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 8192 }), (batch, context) => {
        const lo = estimateLlmDecode(h100, decode({ model: 'llama-3-8b', batch, context }));
        const hi = estimateLlmDecode(h100, decode({ model: 'llama-3-8b', batch: batch + 1, context }));
        // Every op memory-bound, not just the largest: at batch 129 the weight GEMMs pad to a second
        // 128-row tile and turn compute-bound while attention (the largest op) still reads memory.
        fc.pre(lo.fits && hi.fits && hi.breakdown.every((r) => r.bound === 'memory'));
        expect(hi.metrics.outputTokensPerSecPerGpu!).toBeGreaterThanOrEqual(
          lo.metrics.outputTokensPerSecPerGpu!,
        );
      }),
    );
  });

  it('TTFT (prefill time) grows with input length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32_000 }), fc.integer({ min: 1, max: 4000 }), (len, extra) => {
        const a = estimateLlmPrefill(h100, prefill({ model: 'llama-3-8b', inputLen: len }));
        const b = estimateLlmPrefill(h100, prefill({ model: 'llama-3-8b', inputLen: len + extra }));
        expect(b.metrics.timeMs!).toBeGreaterThan(a.metrics.timeMs!);
      }),
      { numRuns: 50 },
    );
  });
});
