/**
 * The attention-kernel efficiency model (src/model/attention-efficiency.ts): golden numbers by hand, and every
 * published kernel figure it was fitted to reproduced at its shape.
 */
import { describe, expect, it } from 'vitest';
import { estimateWorkload } from '../../src/index.ts';
import {
  type AttentionShape,
  attentionEfficiency,
  attentionPointRate,
  autoAttentionKernel,
  kernelPeakEta,
  kvSplits,
} from '../../src/model/attention-efficiency.ts';
import {
  ATTENTION_KERNEL_FITS,
  ATTENTION_POINTS,
  DECODE_BLOCK_BYTES_PER_SEC,
} from '../../src/model/data/attention-points.ts';
import { gpuResources } from '../../src/model/resources.ts';
import { opTime } from '../../src/model/roofline.ts';
import { resolvePassKernels } from '../../src/workloads/kernels/attention.ts';
import { attentionCost } from '../../src/workloads/llm/attention-head-ops.ts';
import { llmModel } from '../../src/workloads/llm/model-params.ts';
import { resolveLayout } from '../../src/workloads/llm/parallel-layout.ts';
import { passSetup } from '../../src/workloads/llm/pass-setup.ts';
import { userErrorOf } from '../helpers/errors.ts';
import { gpu } from '../helpers/llm.ts';
import { oracleAttentionEfficiency, passInput } from '../oracle/forward-ops.ts';

const h100 = gpu('h100-sxm');
const h20 = gpu('h20');
const a100 = gpu('a100-sxm');
const { fa2, fa3, flashinfer } = ATTENTION_KERNEL_FITS;

const decode = (problems: number, keys: number, rows = 4): AttentionShape => ({
  problems,
  rows,
  keys,
  flopsPerPairHead: 512,
  causal: false,
  decode: true,
});

describe('long-sequence efficiency E = 1 / (1 / mmaEta + (peak / SMs) / (flops per pair x softmax rate))', () => {
  it('FA2 and FA3 on H100 SXM (989.4 TFLOPS, 132 SMs) and H20 (148 TFLOPS, 78 SMs), head dim 128', () => {
    // FA2: 1 / 0.7375 = 1.35593; 989.4e12 / 132 / (512 x 1.125e10) = 1.30130; 148e12 / 78 / 5.76e12 = 0.32942.
    expect(kernelPeakEta(fa2, h100, 512)).toBeCloseTo(1 / (1.35593 + 1.3013), 4); // 0.3763
    expect(kernelPeakEta(fa2, h20, 512)).toBeCloseTo(1 / (1.35593 + 0.32942), 4); // 0.5934
    // FA3: mmaEta 1; 989.4e12 / 132 / (512 x 2.879e10) = 0.50849; 148e12 / 78 / 1.474e13 = 0.12872.
    expect(kernelPeakEta(fa3, h100, 512)).toBeCloseTo(1 / 1.50849, 4); // 0.6629
    expect(kernelPeakEta(fa3, h20, 512)).toBeCloseTo(1 / 1.12872, 4); // 0.8860
  });

  it('a slower GPU per SM hides more of the softmax: the same kernel reaches more of its peak on H20', () => {
    for (const fit of [fa2, fa3])
      expect(kernelPeakEta(fit, h20, 512)).toBeGreaterThan(kernelPeakEta(fit, h100, 512));
  });
});

describe('decode occupancy: KV splits and the per-block bandwidth ceiling', () => {
  it('a split-KV kernel splits to fill the SMs, in chunks of at least 256 keys; FA2 and prefill do not', () => {
    expect(kvSplits(flashinfer, decode(8, 65536), 132)).toBe(132 / 8); // 16.5: the SMs bind
    expect(kvSplits(flashinfer, decode(8, 2048), 132)).toBe(8); // 2048 / 256: the chunk size binds
    expect(kvSplits(flashinfer, decode(200, 65536), 132)).toBe(1); // the problems alone fill the SMs
    expect(kvSplits(fa2, decode(8, 65536), 132)).toBe(1);
    expect(kvSplits(flashinfer, { ...decode(8, 65536), decode: false }, 132)).toBe(1);
  });

  it('FA2 at batch 1 x 8 KV heads draws 8 blocks x 121.25 GB/s = 970 GB/s; at 64 blocks the HBM line binds', () => {
    const line = 0.925;
    const eight = attentionEfficiency('fa2', h100, decode(8, 65536), line);
    expect(DECODE_BLOCK_BYTES_PER_SEC).toBe(121.25e9);
    // min(1, 8 x 121.25e9 / (0.925 x 1 x 3.35e12)) = 0.313029: the bytes move at 970 GB/s.
    expect(eight.memoryFactor).toBeCloseTo(0.313029, 5);
    expect(eight.memoryFactor * line * 3.35e12).toBeCloseTo(970e9, -3);
    expect(attentionEfficiency('fa2', h100, decode(64, 65536), line).memoryFactor).toBe(1);
    // FlashInfer splits the 8 problems over all 132 SMs: the ceiling is gone, its own 0.78 remains.
    expect(attentionEfficiency('flashinfer', h100, decode(8, 65536), line).memoryFactor).toBe(0.78);
  });

  it('decode compute pads a GQA group of 4 rows to an 8-row tile', () => {
    // 200 problems on 132 SMs, no split (balanced): SMs full; 65,536 keys: 65536 / (65536 + 199).
    const e = attentionEfficiency('flashinfer', h100, decode(200, 65536), 0.925);
    expect(e.computeEta).toBeCloseTo((1 / 1.50849) * (65536 / 65735) * 0.5, 4);
  });

  it('prefill: key-length factor, 128-row tiles and wave quantization (FA2 causal, 1k, 16 x 32 heads)', () => {
    const e = attentionEfficiency(
      'fa2',
      h100,
      { problems: 512, rows: 1024, keys: 512.5, flopsPerPairHead: 512, causal: true, decode: false },
      0.925,
    );
    // 512 x 8 tiles = 4096 blocks in 32 waves of 132 (4224 slots); 512.5 visible keys, causal half-point 900.
    expect(e.computeEta).toBeCloseTo((1 / (1.35593 + 1.3013)) * (512.5 / 1412.5) * (4096 / 4224), 4);
    expect(e.computeEta * 989.4e12).toBeCloseTo(131e12, -12);
  });
});

describe('kernel choice', () => {
  it('auto: FA3 prefill on Hopper, FA2 elsewhere; FlashInfer decode, FlashMLA for MLA decode on Hopper', () => {
    expect(autoAttentionKernel('hopper', false, false)).toBe('fa3');
    expect(autoAttentionKernel('hopper', false, true)).toBe('flashinfer');
    expect(autoAttentionKernel('hopper', true, true)).toBe('flashmla');
    expect(autoAttentionKernel('ampere', false, false)).toBe('fa2');
    expect(autoAttentionKernel('ampere', true, true)).toBe('flashinfer');
    expect(resolvePassKernels(h100, 'flashmla', true, 'deepseek-v3')).toEqual({
      prefill: 'fa3',
      decode: 'flashmla',
    });
  });

  it('FA3 and FlashMLA need Hopper; FlashMLA needs MLA: errors name attentionKernel', () => {
    const fa3OnA100 = userErrorOf(() =>
      estimateWorkload({
        workload: 'attention',
        gpu: 'a100-sxm',
        params: { heads: 32, kvHeads: 8, qLen: 1024, kvLen: 1024, attentionKernel: 'fa3' },
      }),
    );
    expect(fa3OnA100.params).toContain('attentionKernel');
    expect(fa3OnA100.message).toMatch(/needs a Hopper GPU; a100-sxm is ampere/);
    const gqa = userErrorOf(() =>
      estimateWorkload({
        workload: 'llm-decode',
        gpu: 'h100',
        params: { model: 'llama-3-8b', attentionKernel: 'flashmla' },
      }),
    );
    expect(gqa.params).toContain('attentionKernel');
    expect(gqa.message).toMatch(/MLA decode only; llama-3-8b has grouped-query attention/);
    expect(() => resolvePassKernels(a100, 'flashmla', true, 'deepseek-v3')).toThrow(/needs a Hopper GPU/);
  });

  it('the pass setup resolves one kernel per phase, and a different choice is a different setup', () => {
    const spec = llmModel({ model: 'llama-3-8b', modelConfig: '', tp: 1 });
    const layout = resolveLayout(spec, { tp: 1, gpusPerNode: 8, ep: 1, pp: 1, dp: 1, numGpus: 0, nodes: 0 });
    const auto = passSetup(h100, spec, layout, 'bf16', 'bf16');
    expect([auto.attention.prefill.kernel, auto.attention.decode.kernel]).toEqual(['fa3', 'flashinfer']);
    // The same arguments but the kernel: the last-setup fast path must not return the previous setup.
    const fa2Setup = passSetup(h100, spec, layout, 'bf16', 'bf16', 'weightDtype', 'fa2');
    expect([fa2Setup.attention.prefill.kernel, fa2Setup.attention.decode.kernel]).toEqual(['fa2', 'fa2']);
    expect(passSetup(h100, spec, layout, 'bf16', 'bf16', 'weightDtype', 'auto')).toBe(auto);
    const onA100 = passSetup(a100, spec, layout, 'bf16', 'bf16', 'weightDtype', 'flashinfer');
    // FlashInfer's prefill off Hopper is FA2-style: FA2's fit.
    expect(onA100.attention.prefill.fit).toBe(fa2);
    expect(onA100.attention.decode.fit).toBe(flashinfer);
  });
});

describe('roofline: an op with its own kernel efficiency', () => {
  it('uses computeEta instead of the GEMM curve and scales the memory line by memoryFactor', () => {
    const res = gpuResources(h100, 'bf16').byScenario.nominal;
    const base = { op: 'x', flops: 1e12, bytes: 0, readFraction: 1, precision: 'bf16' as const, shape: null };
    const c = opTime({ ...base, kernel: { computeEta: 0.5, memoryFactor: 1 } }, res);
    expect(c.timeSec).toBeCloseTo(1e12 / (989.4e12 * 0.5) + res.launchLatencySec, 12);
    const m = opTime({ ...base, flops: 0, bytes: 1e9, kernel: { computeEta: 1, memoryFactor: 0.5 } }, res);
    const eta = (res.memoryLine.intercept + res.memoryLine.slope) * res.memoryScale * 0.5;
    expect(m.timeSec).toBeCloseTo(1e9 / (res.memoryBytesPerSec * eta) + res.launchLatencySec, 12);
  });
});

describe('every published kernel figure is reproduced at its shape within 12.5%', () => {
  for (const p of ATTENTION_POINTS) {
    it(p.id, () => {
      const g = gpu(p.gpuId);
      const line = gpuResources(g, 'bf16').byScenario.nominal.memoryLine;
      const lineEta = line.intercept + line.slope; // decode reads: read fraction 1
      const modelled = attentionPointRate(p, g, lineEta);
      const measured = (p.achievedOpsPerSec ?? p.achievedBytesPerSec) as number;
      expect(Math.abs(modelled / measured - 1)).toBeLessThanOrEqual(0.125);
    });
  }
});

describe('the LLM pass costs attention as the oracle writes it out', () => {
  it.each([
    ['h100-sxm', 'llama-3-70b', 4, 'auto'],
    ['h100-sxm', 'llama-3-70b', 4, 'fa2'],
    ['a100-sxm', 'llama-3-8b', 1, 'flashinfer'],
    ['h800-sxm', 'deepseek-v3', 1, 'auto'],
    ['h800-sxm', 'deepseek-v3', 8, 'flashmla'],
    ['h20', 'qwen3-30b-a3b', 1, 'auto'],
  ] as const)('%s %s TP%i %s', (id, model, tp, attentionKernel) => {
    const g = gpu(id);
    const spec = llmModel({ model, modelConfig: '', tp });
    const layout = resolveLayout(spec, { tp, gpusPerNode: 8, ep: 1, pp: 1, dp: 1, numGpus: 0, nodes: 0 });
    const setup = passSetup(g, spec, layout, 'bf16', 'bf16', 'weightDtype', attentionKernel);
    const line = setup.bf16.byScenario.nominal.memoryLine;
    for (const [sequences, q, prior, decode] of [
      [1, 1, 512, true],
      [64, 1, 8192, true],
      [2, 4096, 0, false],
      [1, 700, 3000, false],
    ] as const) {
      const cost = attentionCost(setup.plan, setup.attention, sequences, q, prior, decode);
      const input = { ...passInput(setup, sequences, q, prior) };
      const lineEta = line.intercept + line.slope * cost.readFraction;
      const oracle = oracleAttentionEfficiency(input, decode, Math.min(1, lineEta));
      expect(cost.kernel!.computeEta).toBeCloseTo(oracle.computeEta, 12);
      expect(cost.kernel!.memoryFactor).toBeCloseTo(oracle.memoryFactor, 12);
    }
  });

  it('assumption lines name the kernel and its efficiency at the shape', () => {
    const e = estimateWorkload({
      workload: 'llm-serving',
      gpu: 'h800',
      params: { model: 'deepseek-v3', weightDtype: 'fp8', ep: 8, dp: 8, batch: 16 },
    });
    const text = e.assumptions.join('\n');
    expect(text).toMatch(/prefill attention: FlashAttention-3 kernel at \d+% of dense peak/);
    expect(text).toMatch(/decode attention: FlashMLA kernel at \d+% of dense peak .* \(auto: /);
  });
});
