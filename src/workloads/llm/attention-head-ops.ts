/**
 * The attention and LM-head ops of an LLM forward pass (the weight GEMMs are in `plan.ts`).
 * @module
 */
import type { OpCost } from '../../model/types.ts';
import { attentionGemmShape } from '../kernels/attention.ts';
import { causalQueryKeyPairs, kvCachedTokens } from './models/costs.ts';
import { BYTES_PER_UNQUANTIZED_WEIGHT } from './models/dtypes.ts';
import type { ForwardPlan } from './plan.ts';

/** Activations are bf16 throughout. */
const ACTIVATION_BYTES = 2;

/**
 * Fused attention of one layer on one GPU for `sequences` sequences of `q` new tokens after `priorTokens`:
 * reads the cached KV, writes the new tokens' KV. Its shape is the fused kernel's GEMM equivalent, as in the
 * `attention` workload ({@link attentionGemmShape}): a tile of query rows per KV head (GQA heads packed; in
 * absorbed MLA decode every head shares the latent, so all of a GPU's heads are one tile; in MLA prefill each
 * head has its own keys), whose K loop covers both MMAs. Its head dimension is the mean of the score and
 * value dimensions (MLA decode: (576 + 512) / 2 on DeepSeek-V3), so the shape's flops equal the op's.
 */
export function attentionCost(
  plan: ForwardPlan,
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
  // Score + value flops per (query, key) pair and head are 4 x this.
  const headDim = perPair / (4 * a.queryHeads);
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
  return {
    op: decode ? 'decode attention' : 'prefill attention',
    flops: (pairs * perPair) / tp,
    bytes: reads + writes,
    readFraction: reads / (reads + writes),
    precision: 'bf16',
    shape: attentionGemmShape(rows, headDim, avgKeys, problems, 'bf16'),
  };
}

/** LM head: logits only for each sequence's last token, vocabulary split across TP ranks. */
export function lmHeadCost(plan: ForwardPlan, sequences: number): OpCost {
  const { spec } = plan;
  const vocabPerGpu = spec.vocabSize / plan.tp;
  const headBytes = vocabPerGpu * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const headReads = headBytes + sequences * spec.hiddenSize * ACTIVATION_BYTES;
  const headWrites = sequences * vocabPerGpu * 4;
  return {
    op: 'lm-head',
    flops: 2 * sequences * spec.hiddenSize * vocabPerGpu,
    bytes: headReads + headWrites,
    readFraction: headReads / (headReads + headWrites),
    precision: 'bf16',
    shape: { m: sequences, n: vocabPerGpu, k: spec.hiddenSize, batch: 1 },
  };
}
