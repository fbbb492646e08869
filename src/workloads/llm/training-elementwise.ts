/**
 * The memory-bound kernels of a training step around its GEMMs and attention, by the bytes they must move:
 * the model's shapes only, timed on the GPU's memory line. No constant here is fitted: each class counts the
 * tensors its kernels read and write once (bf16 activations, fp8 copies of GEMM inputs), forward and backward.
 *
 * Classes, per layer and per (token, matrix) row of each GEMM:
 * - **fp8 casts** (GEMMs in fp8 only): forward, the input cast from bf16 (read 2 B, write 1 B per element);
 *   backward, the output gradient cast for the input-gradient GEMM and transposed casts of the input and of
 *   the output gradient for the weight-gradient GEMM: `3 x (2k + 2n)` bytes per row, four kernels.
 * - **norms**: the two RMSNorms of a layer over the hidden state (MLA: also its q and kv latent norms), on
 *   each TP rank's `tokens / tp` rows (sequence parallel): forward reads x and writes y (4 B per element),
 *   backward reads x and dy and writes dx (6 B).
 * - **rotary**: the rotated part of q and k, read and written forward and backward (8 B per element).
 * - **SwiGLU** on each gate-up output of width `n = 2 x intermediate`: forward reads `n`, writes `n/2`;
 *   backward reads `n` and `n/2`, writes `n` (bf16: `8n` bytes per row).
 * - **MoE permute**: tokens into expert order and back (the combine's weighted sum), forward and backward:
 *   per routed row, `4 x hidden` bytes to permute and `2 x hidden` to read in the unpermute, plus
 *   `2 x hidden` per token written by it; twice for the backward.
 *
 * Against DeepSeek's own trace of DeepSeek-V3 pre-training (deepseek-ai/profile-data `train.json`, see
 * docs/validation.md) these classes are what the trace's norm, rotary, SwiGLU, permute and fp8-cast kernels
 * do; its copies, fills and small aten kernels (about a tenth of its memory-bound time) are not counted.
 * @module
 */
import type { MlaAttention } from './models/types.ts';
import { type ForwardPlan, linearRows } from './plan.ts';

/** bf16 activations. */
const BF16 = 2;
/** A bf16 read plus an fp8 write, per element cast. */
const CAST_BYTES = BF16 + 1;

/** One class of memory-bound kernels over one micro-batch, forward and backward, on one GPU. */
export interface ElementwiseClass {
  readonly label: string;
  /** Layers it runs in (MoE permute: the MoE layers). */
  readonly layers: number;
  /** Bytes moved forward and backward. */
  readonly forwardBytes: number;
  readonly backwardBytes: number;
  /** Share of those bytes read. */
  readonly readFraction: number;
  /** Kernel launches forward + backward. */
  readonly kernels: number;
}

/** Elementwise classes of one micro-batch of `tokens` tokens per TP group, forward and backward, on one GPU. */
export function trainingElementwise(plan: ForwardPlan, tokens: number): ElementwiseClass[] {
  const { spec, tp } = plan;
  const hidden = spec.hiddenSize;
  const layers = spec.layerCount;
  const rankTokens = tokens / tp;
  const out: ElementwiseClass[] = [];

  // fp8 casts of every fp8 GEMM's input and output gradient.
  let castFwd = 0;
  let castBwd = 0;
  let castKernels = 0;
  for (const l of plan.linears) {
    if (l.precision !== 'fp8') continue;
    const rows = linearRows(l, plan, tokens) * l.repeat;
    castFwd += CAST_BYTES * rows * l.k;
    castBwd += CAST_BYTES * rows * (l.k + 2 * l.n);
    castKernels += 4 * l.repeat;
  }
  if (castFwd > 0) {
    out.push({
      label: 'fp8 casts',
      layers,
      forwardBytes: castFwd,
      backwardBytes: castBwd,
      readFraction: BF16 / CAST_BYTES,
      kernels: castKernels,
    });
  }

  // RMSNorms: two over the hidden state; MLA normalizes its q and kv latents too.
  const a = spec.attention;
  const latent = a.kind === 'mla' ? (a.qLoraRank ?? 0) + a.kvLoraRank : 0;
  const normElements = layers * rankTokens * (2 * hidden + latent);
  const normsPerLayer = 2 + (a.kind === 'mla' ? (a.qLoraRank === null ? 1 : 2) : 0);
  out.push({
    label: 'norms',
    layers,
    forwardBytes: 2 * BF16 * normElements,
    backwardBytes: 3 * BF16 * normElements,
    readFraction: (1 + 2) / (2 + 3),
    kernels: 2 * normsPerLayer * layers,
  });

  // Rotary embedding of q and k.
  const ropeElements = layers * tokens * ropeElementsPerToken(plan);
  out.push({
    label: 'rotary',
    layers,
    forwardBytes: 2 * BF16 * ropeElements,
    backwardBytes: 2 * BF16 * ropeElements,
    readFraction: 0.5,
    kernels: 2 * layers,
  });

  // SwiGLU on every gate-up output; the MoE permute around the routed experts.
  let swiglu = 0;
  let swigluKernels = 0;
  let routedRows = 0;
  let moeLayers = 0;
  for (const l of plan.linears) {
    if (l.name === 'gate-up-proj' || l.name === 'shared-gate-up-proj' || l.name === 'expert-gate-up-proj') {
      swiglu += linearRows(l, plan, tokens) * l.repeat * l.n;
      swigluKernels += 2 * l.repeat;
    }
    if (l.name === 'expert-gate-up-proj') {
      routedRows += linearRows(l, plan, tokens) * l.repeat;
      moeLayers += l.repeat;
    }
  }
  out.push({
    label: 'SwiGLU',
    layers,
    // Forward: read n, write n/2; backward: read n + n/2, write n (elements, bf16).
    forwardBytes: BF16 * 1.5 * swiglu,
    backwardBytes: BF16 * 2.5 * swiglu,
    readFraction: (1 + 1.5) / (1.5 + 2.5),
    kernels: swigluKernels,
  });
  if (routedRows > 0) {
    const permute = BF16 * hidden * (3 * routedRows + moeLayers * rankTokens);
    out.push({
      label: 'MoE permute',
      layers: moeLayers,
      forwardBytes: permute,
      backwardBytes: permute,
      readFraction: (2 * routedRows) / (3 * routedRows + moeLayers * rankTokens),
      kernels: 4 * moeLayers,
    });
  }
  return out;
}

/** Elements of q and k that rotary embedding rotates per token on one GPU. */
function ropeElementsPerToken(plan: ForwardPlan): number {
  const a = plan.spec.attention;
  if (a.kind === 'mla') return ropeMla(a, plan.tp);
  return (Math.ceil(a.queryHeads / plan.tp) + Math.ceil(a.kvHeads / plan.tp)) * a.headDim;
}

/** MLA rotates a `qkRopeHeadDim` slice of each query head and one shared key slice. */
function ropeMla(a: MlaAttention, tp: number): number {
  return (Math.ceil(a.queryHeads / tp) + 1) * a.qkRopeHeadDim;
}
