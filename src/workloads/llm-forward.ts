/**
 * The per-GPU ops of one LLM forward pass (a prefill chunk or a decode step) under tensor parallelism.
 * Each layer group's ops are costed once and carry a repeat count (the group's layers), so an estimate does
 * a fixed amount of work whatever the depth of the model.
 *
 * Sharding (Megatron-style TP over `tp` GPUs): q/k/v, gate/up and MLA up-projections are split by output
 * columns, o and down projections by input rows; MLA's down-projections and MoE routers are replicated; MoE
 * experts are split like dense FFNs (TP-MoE) unless `ep > 1`, when each GPU holds whole experts (`E / ep` of
 * them) and tokens reach them through an all-to-all dispatch and combine per MoE layer; the LM head is split
 * by vocabulary. Two all-reduces of the hidden state per layer when `tp > 1`.
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import type { OpCost } from '../model/types.ts';
import { causalQueryKeyPairs, expectedExpertsTouched, kvCachedTokens } from './models/costs.ts';
import {
  BYTES_PER_KV_ELEMENT,
  BYTES_PER_UNQUANTIZED_WEIGHT,
  BYTES_PER_WEIGHT,
  type KvDtype,
  type WeightDtype,
} from './models/dtypes.ts';
import type { LayerGroup, LinearName, LinearWeight, ModelSpec } from './models/types.ts';

/** Activations are bf16 throughout. */
const ACTIVATION_BYTES = 2;

const COLUMN_PARALLEL: ReadonlySet<LinearName> = new Set([
  'qkv-proj',
  'q-proj',
  'q-b-proj',
  'kv-b-proj',
  'gate-up-proj',
  'shared-gate-up-proj',
  'expert-gate-up-proj',
]);
const ROW_PARALLEL: ReadonlySet<LinearName> = new Set([
  'o-proj',
  'down-proj',
  'shared-down-proj',
  'expert-down-proj',
]);

/** Math precision of the weight GEMMs: int4 is weight-only (W4A16), so its math is bf16. */
export function linearMathPrecision(dtype: WeightDtype): Precision {
  return dtype === 'int4' ? 'bf16' : dtype;
}

/** One forward pass on one GPU of a TP group. */
export interface ForwardInput {
  readonly spec: ModelSpec;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  /** Sequences in the pass. */
  readonly sequences: number;
  /** New tokens per sequence (1 for decode). */
  readonly newTokensPerSequence: number;
  /** Tokens already cached per sequence. */
  readonly priorTokens: number;
  readonly tp: number;
  /** Expert-parallel GPUs; 1 (the default) splits experts over `tp` like a dense FFN. */
  readonly ep?: number;
}

/** An op with how many times the pass runs it (layers of its group). */
export interface RepeatedOp {
  readonly cost: OpCost;
  readonly repeat: number;
  /** `linear` ops run at the weight precision; `attention` and `lm-head` at bf16. */
  readonly math: 'linear' | 'attention' | 'lm-head';
}

/** The ops of a pass, its TP all-reduces, and what it holds in memory on each GPU. */
export interface ForwardOps {
  readonly ops: readonly RepeatedOp[];
  /** Tokens in the pass: sequences x new tokens per sequence. */
  readonly tokens: number;
  /** All-reduce message size (bytes) and count, when `tp > 1`. */
  readonly allReduce: { readonly messageBytes: number; readonly count: number } | null;
  /**
   * EP all-to-all per MoE layer when `ep > 1`: NCCL message sizes (bytes one GPU sends) of the dispatch (fp8
   * when the weights are fp8, as DeepEP does, else bf16) and of the bf16 combine, the count of each, the
   * group size.
   */
  readonly allToAll: {
    readonly dispatchBytes: number;
    readonly combineBytes: number;
    readonly count: number;
    readonly gpus: number;
  } | null;
  /** Of {@link weightBytesPerGpu}: the embedding, LM head and final norm (not split by pipeline stages). */
  readonly headBytesPerGpu: number;
  /** Weights stored per GPU (every expert), bytes. */
  readonly weightBytesPerGpu: number;
  /** KV cache held per GPU after the pass, bytes. */
  readonly kvCacheBytesPerGpu: number;
}

function shard(l: LinearWeight, tp: number): { inFeatures: number; outFeatures: number } {
  if (COLUMN_PARALLEL.has(l.name)) return { inFeatures: l.inFeatures, outFeatures: l.outFeatures / tp };
  if (ROW_PARALLEL.has(l.name)) return { inFeatures: l.inFeatures / tp, outFeatures: l.outFeatures };
  return { inFeatures: l.inFeatures, outFeatures: l.outFeatures };
}

function linearOp(
  l: LinearWeight,
  input: ForwardInput,
  tokens: number,
): { cost: OpCost; storedBytes: number } {
  const ep = input.ep ?? 1;
  const expertParallel = ep > 1 && l.copies > 1;
  // Under EP a GPU holds whole experts and computes its share of the group's (token, expert) pairs; the
  // group's unique tokens are its GPUs' TP-group tokens divided by the TP ranks that share them.
  const { inFeatures: k, outFeatures: n } = expertParallel
    ? { inFeatures: l.inFeatures, outFeatures: l.outFeatures }
    : shard(l, input.tp);
  const bytesPerWeight = l.quantized ? BYTES_PER_WEIGHT[input.weightDtype] : BYTES_PER_UNQUANTIZED_WEIGHT;
  const matrixBytes = k * n * bytesPerWeight;
  const pairs = expertParallel ? (tokens / input.tp) * l.copiesPerToken : tokens * l.copiesPerToken;
  const touched = expertParallel
    ? expectedExpertsTouched(l.copies, l.copiesPerToken, (tokens / input.tp) * ep) / ep
    : l.copies > 1
      ? expectedExpertsTouched(l.copies, l.copiesPerToken, tokens)
      : 1;
  const storedCopies = expertParallel ? Math.ceil(l.copies / ep) : l.copies;
  const rows = touched > 0 ? pairs / touched : 0;
  const reads = touched * matrixBytes + pairs * k * ACTIVATION_BYTES;
  const writes = pairs * n * ACTIVATION_BYTES;
  return {
    cost: {
      op: l.name,
      flops: 2 * pairs * k * n,
      bytes: reads + writes,
      readFraction: reads / (reads + writes),
      precision: l.quantized ? linearMathPrecision(input.weightDtype) : 'bf16',
      shape: { m: Math.max(1, Math.round(rows)), n, k, batch: Math.max(1, Math.round(touched)) },
    },
    storedBytes: storedCopies * matrixBytes,
  };
}

/** Fused attention of one layer on one GPU: reads the cached KV, writes the new tokens' KV. */
function attentionOp(input: ForwardInput, decode: boolean): { cost: OpCost; kvBytesPerTokenPerGpu: number } {
  const { spec, sequences, newTokensPerSequence: q, priorTokens, tp } = input;
  const a = spec.attention;
  const kvElementBytes = BYTES_PER_KV_ELEMENT[input.kvDtype];
  const pairs = sequences * causalQueryKeyPairs(spec, q, priorTokens);
  const perPair = spec.attentionFlopsPerQueryKeyPerLayer[decode ? 'decode' : 'prefill'];
  const avgKeys = pairs / (sequences * q);
  let kvPerTokenPerGpu: number;
  let shape: OpCost['shape'];
  let qoBytes: number;
  if (a.kind === 'mla') {
    // The latent is shared by all heads, so every TP rank holds all of it.
    kvPerTokenPerGpu = spec.kvElementsPerTokenPerLayer * kvElementBytes;
    const heads = a.queryHeads / tp;
    shape = decode
      ? { m: q * heads, n: a.kvLoraRank, k: avgKeys, batch: sequences }
      : { m: q, n: a.vHeadDim, k: avgKeys, batch: sequences * heads };
    qoBytes = sequences * q * heads * (a.qkNopeHeadDim + a.qkRopeHeadDim + a.vHeadDim) * ACTIVATION_BYTES;
  } else {
    const kvHeads = Math.ceil(a.kvHeads / tp);
    kvPerTokenPerGpu = 2 * kvHeads * a.headDim * kvElementBytes;
    const group = a.queryHeads / a.kvHeads;
    shape = { m: q * group, n: a.headDim, k: avgKeys, batch: sequences * kvHeads };
    qoBytes = 2 * sequences * q * (a.queryHeads / tp) * a.headDim * ACTIVATION_BYTES;
  }
  // Cached KV is read once per sequence; the new tokens' KV is written, and read back in prefill.
  const cached = sequences * kvCachedTokens(spec, priorTokens) * kvPerTokenPerGpu;
  const fresh = sequences * q * kvPerTokenPerGpu;
  const reads = cached + (decode ? 0 : fresh) + qoBytes / 2;
  const writes = fresh + qoBytes / 2;
  return {
    cost: {
      op: decode ? 'decode attention' : 'prefill attention',
      flops: (pairs * perPair) / tp,
      bytes: reads + writes,
      readFraction: reads / (reads + writes),
      precision: 'bf16',
      shape,
    },
    kvBytesPerTokenPerGpu: kvPerTokenPerGpu,
  };
}

/** Per-GPU ops of one forward pass. `decode`: MLA runs in its absorbed form. */
export function forwardOps(input: ForwardInput, decode: boolean): ForwardOps {
  const { spec, sequences, newTokensPerSequence, tp } = input;
  const tokens = sequences * newTokensPerSequence;
  const ops: RepeatedOp[] = [];
  let weightBytesPerGpu = 0;
  const attention = attentionOp(input, decode);
  for (const g of spec.layerGroups) {
    weightBytesPerGpu += g.layerCount * smallParamBytes(g);
    for (const l of g.linears) {
      const { cost, storedBytes } = linearOp(l, input, tokens);
      ops.push({ cost: { ...cost, op: labelFor(g, l, spec) }, repeat: g.layerCount, math: 'linear' });
      weightBytesPerGpu += g.layerCount * storedBytes;
    }
  }
  ops.push({ cost: attention.cost, repeat: spec.layerCount, math: 'attention' });
  // LM head: logits only for each sequence's last token, vocabulary split across TP ranks.
  const vocabPerGpu = spec.vocabSize / tp;
  const headBytes = vocabPerGpu * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const headReads = headBytes + sequences * spec.hiddenSize * ACTIVATION_BYTES;
  const headWrites = sequences * vocabPerGpu * 4;
  ops.push({
    cost: {
      op: 'lm-head',
      flops: 2 * sequences * spec.hiddenSize * vocabPerGpu,
      bytes: headReads + headWrites,
      readFraction: headReads / (headReads + headWrites),
      precision: 'bf16',
      shape: { m: sequences, n: vocabPerGpu, k: spec.hiddenSize, batch: 1 },
    },
    repeat: 1,
    math: 'lm-head',
  });
  const headBytesPerGpu = headBytes + (spec.tiedEmbeddings ? 0 : headBytes) + spec.hiddenSize * 2;
  weightBytesPerGpu += headBytesPerGpu;
  const totalTokens = input.priorTokens + newTokensPerSequence;
  return {
    ops,
    tokens,
    allReduce:
      tp > 1
        ? { messageBytes: tokens * spec.hiddenSize * ACTIVATION_BYTES, count: 2 * spec.layerCount }
        : null,
    allToAll: allToAllOf(input, tokens),
    headBytesPerGpu,
    weightBytesPerGpu,
    kvCacheBytesPerGpu:
      sequences * kvCachedTokens(spec, totalTokens) * attention.kvBytesPerTokenPerGpu * spec.layerCount,
  };
}

/** The EP dispatch/combine of a pass, or null without expert parallelism or MoE layers. */
function allToAllOf(input: ForwardInput, tokens: number): ForwardOps['allToAll'] {
  const ep = input.ep ?? 1;
  if (ep <= 1) return null;
  let count = 0;
  let perToken = 0;
  for (const g of input.spec.layerGroups) {
    if (g.ffn.kind !== 'moe') continue;
    count += g.layerCount;
    perToken = g.ffn.expertsPerToken;
  }
  if (count === 0) return null;
  const elements = (tokens / input.tp) * perToken * input.spec.hiddenSize;
  return {
    dispatchBytes: elements * (input.weightDtype === 'fp8' ? 1 : ACTIVATION_BYTES),
    combineBytes: elements * ACTIVATION_BYTES,
    count,
    gpus: ep,
  };
}

/** Norms, biases and router biases: replicated, 16-bit. */
function smallParamBytes(g: LayerGroup): number {
  let matrices = 0;
  for (const l of g.linears) if (!l.quantized) matrices += l.inFeatures * l.outFeatures * l.copies;
  return (g.unquantizedParamsPerLayer - matrices) * BYTES_PER_UNQUANTIZED_WEIGHT;
}

/** `qkv-proj` for single-group models; `moe qkv-proj` / `dense qkv-proj` when dense and MoE layers mix. */
function labelFor(g: LayerGroup, l: LinearWeight, spec: ModelSpec): string {
  return spec.layerGroups.length > 1 ? `${g.ffn.kind} ${l.name}` : l.name;
}
