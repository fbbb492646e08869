/**
 * The attention and LM-head ops of an LLM forward pass (the weight GEMMs are in `plan.ts`).
 * @module
 */
import { type AttentionKernelOnGpu, attentionEfficiencyOn } from '../../model/attention-efficiency.ts';
import { type MemoryLine, memoryEfficiency } from '../../model/memory-efficiency.ts';
import type { OpCost } from '../../model/types.ts';
import { causalQueryKeyPairs, kvCachedTokens } from './models/costs.ts';
import { BYTES_PER_UNQUANTIZED_WEIGHT } from './models/dtypes.ts';
import type { ForwardPlan } from './plan.ts';

/**
 * The attention kernels of a pass setup, one per phase, and the GPU's memory line (nominal), which their
 * block-bandwidth ceiling is compared against.
 */
export interface PassAttention {
  readonly prefill: AttentionKernelOnGpu;
  readonly decode: AttentionKernelOnGpu;
  readonly memoryLine: MemoryLine;
}

/** Activations are bf16 throughout. */
const ACTIVATION_BYTES = 2;

/**
 * Fused attention of one layer on one GPU for `sequences` sequences of `q` new tokens after `priorTokens`:
 * reads the cached KV, writes the new tokens' KV. It is timed as `kernel` runs it (`OpCost.kernel`, see
 * `model/attention-efficiency.ts`): decode, a thread block per (sequence, KV head) holding the GQA group's
 * rows (absorbed MLA: per sequence, all the GPU's heads share the latent), split over the keys by a split-KV
 * kernel; prefill, 128-row query tiles per (sequence, head), causal; both over the visible keys per query on
 * average (window-capped), on the kernel `attention` holds for the phase.
 */
export function attentionCost(
  plan: ForwardPlan,
  attention: PassAttention,
  sequences: number,
  q: number,
  priorTokens: number,
  decode: boolean,
): OpCost {
  const { spec, tp, kvBytesPerTokenPerGpu } = plan;
  const a = spec.attention;
  const pairs = sequences * causalQueryKeyPairs(spec, q, priorTokens);
  const perPair = spec.attentionFlopsPerQueryKeyPerLayer[decode ? 'decode' : 'prefill'];
  const avgKeys = pairs / (sequences * q);
  const heads = a.queryHeads / tp;
  let rows: number;
  let problems: number;
  let qoBytes: number;
  if (a.kind === 'mla') {
    rows = decode ? q * heads : q;
    problems = decode ? sequences : sequences * heads;
    qoBytes = sequences * q * heads * (a.qkNopeHeadDim + a.qkRopeHeadDim + a.vHeadDim) * ACTIVATION_BYTES;
  } else {
    const kvHeads = Math.ceil(a.kvHeads / tp);
    rows = (q * heads) / kvHeads;
    problems = sequences * kvHeads;
    qoBytes = 2 * sequences * q * heads * a.headDim * ACTIVATION_BYTES;
  }
  // Cached KV is read once per sequence; the new tokens' KV is written, and read back in prefill.
  const cached = sequences * kvCachedTokens(spec, priorTokens) * kvBytesPerTokenPerGpu;
  const fresh = sequences * q * kvBytesPerTokenPerGpu;
  const reads = cached + (decode ? 0 : fresh) + qoBytes / 2;
  const writes = fresh + qoBytes / 2;
  const readFraction = reads / (reads + writes);
  // The kernel's view: decode blocks per (sequence, KV head) or latent; prefill query tiles per head.
  // One object in, the phase picked here: the evaluator's hot loops load nothing more per pass.
  const eff = attentionEfficiencyOn(
    decode ? attention.decode : attention.prefill,
    decode ? problems : sequences * heads,
    decode ? rows : q,
    avgKeys,
    !decode,
    decode,
    memoryEfficiency(readFraction, attention.memoryLine),
  );
  return {
    op: decode ? 'decode attention' : 'prefill attention',
    flops: (pairs * perPair) / tp,
    bytes: reads + writes,
    readFraction,
    precision: 'bf16',
    // Timed by the kernel's own efficiency, not on the GEMM curve: no GEMM shape.
    shape: null,
    kernel: eff,
  };
}

/**
 * LM head over `rows` tokens (serving: each sequence's last token; training: every token), vocabulary split
 * across TP ranks.
 */
export function lmHeadCost(plan: ForwardPlan, rows: number): OpCost {
  const { spec } = plan;
  const vocabPerGpu = spec.vocabSize / plan.tp;
  const headBytes = vocabPerGpu * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const headReads = headBytes + rows * spec.hiddenSize * ACTIVATION_BYTES;
  const headWrites = rows * vocabPerGpu * 4;
  return {
    op: 'lm-head',
    flops: 2 * rows * spec.hiddenSize * vocabPerGpu,
    bytes: headReads + headWrites,
    readFraction: headReads / (headReads + headWrites),
    precision: 'bf16',
    shape: { m: rows, n: vocabPerGpu, k: spec.hiddenSize, batch: 1 },
    kernel: null,
  };
}
