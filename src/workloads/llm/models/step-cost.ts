/**
 * Hardware-independent cost of one decode step or one prefill: bytes moved and flops. The GPU model turns
 * these into time; keeping them here lets the golden numbers be checked by hand.
 * @module
 */
import {
  attentionCoreFlops,
  causalQueryKeyPairs,
  expectedExpertsTouched,
  expertWeightBytes,
  kvBytesPerToken,
  kvCachedTokens,
  layerWeightBytes,
} from './costs.ts';
import { BYTES_PER_UNQUANTIZED_WEIGHT, type KvDtype, type WeightDtype } from './dtypes.ts';
import type { ModelSpec } from './types.ts';

/** Bytes and flops of one forward pass. Activations are not counted (small next to weights and KV). */
export interface StepCost {
  /** Weights read: every dense weight once, routed experts only as far as tokens touch them. */
  readonly weightBytes: number;
  /** Embedding rows gathered (one per token). */
  readonly embeddingBytes: number;
  readonly kvReadBytes: number;
  readonly kvWriteBytes: number;
  readonly totalBytes: number;
  /** Projection, FFN and LM-head flops. */
  readonly linearFlops: number;
  /** Attention score and value flops. */
  readonly attentionFlops: number;
  readonly totalFlops: number;
}

/**
 * Weight bytes read by one pass over `tokens` tokens: dense weights once; per MoE layer, the expected
 * distinct experts touched (uniform routing). The embedding table is gathered, not read: see StepCost.
 */
export function weightBytesRead(spec: ModelSpec, dtype: WeightDtype, tokens: number): number {
  // The LM head (the embedding matrix itself when tied) and the final norm.
  const headParams = spec.tiedEmbeddings ? spec.params.embedding : spec.params.lmHead;
  let bytes = (headParams + spec.hiddenSize) * BYTES_PER_UNQUANTIZED_WEIGHT;
  for (const g of spec.layerGroups) {
    let layer = layerWeightBytes(g, dtype);
    if (g.ffn.kind === 'moe') {
      const touched = expectedExpertsTouched(g.ffn.routedExperts, g.ffn.expertsPerToken, tokens);
      layer -= (g.ffn.routedExperts - touched) * expertWeightBytes(g, dtype);
    }
    bytes += g.layerCount * layer;
  }
  return bytes;
}

/** Options of {@link decodeStepCost}. */
export interface DecodeStepInput {
  /** Sequences decoding together (one new token each). */
  readonly batch: number;
  /** Tokens already in each sequence's KV cache; the new token attends to these and itself. */
  readonly contextTokens: number;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
}

/** A step cost with its totals derived from the parts, so they can never disagree. */
function withTotals(parts: Omit<StepCost, 'totalBytes' | 'totalFlops'>): StepCost {
  return {
    ...parts,
    totalBytes: parts.weightBytes + parts.embeddingBytes + parts.kvReadBytes + parts.kvWriteBytes,
    totalFlops: parts.linearFlops + parts.attentionFlops,
  };
}

/** One decode step of `batch` sequences at `contextTokens` context, on one model replica. */
export function decodeStepCost(spec: ModelSpec, input: DecodeStepInput): StepCost {
  const { batch, contextTokens, weightDtype, kvDtype } = input;
  const kvPerToken = kvBytesPerToken(spec, kvDtype);
  const weightBytes = weightBytesRead(spec, weightDtype, batch);
  const embeddingBytes = batch * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const kvReadBytes = batch * kvCachedTokens(spec, contextTokens) * kvPerToken;
  const kvWriteBytes = batch * kvPerToken;
  const linearFlops = batch * spec.linearFlopsPerToken;
  const attentionFlops = attentionCoreFlops(
    spec,
    batch * causalQueryKeyPairs(spec, 1, contextTokens),
    'decode',
  );
  return withTotals({ weightBytes, embeddingBytes, kvReadBytes, kvWriteBytes, linearFlops, attentionFlops });
}

/** Options of {@link prefillCost}. */
export interface PrefillInput {
  /** New tokens processed in this pass (one sequence, or several packed). */
  readonly tokens: number;
  /** Tokens of each sequence already cached (chunked prefill); 0 for a fresh prompt. */
  readonly priorTokens?: number;
  /** Sequences the tokens split into evenly (attention is per sequence); default 1. */
  readonly sequences?: number;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
}

/** One prefill pass: weights read once, KV written for every new token, causal attention per sequence. */
export function prefillCost(spec: ModelSpec, input: PrefillInput): StepCost {
  const { tokens, weightDtype, kvDtype } = input;
  const sequences = input.sequences ?? 1;
  const prior = input.priorTokens ?? 0;
  const kvPerToken = kvBytesPerToken(spec, kvDtype);
  const weightBytes = weightBytesRead(spec, weightDtype, tokens);
  const embeddingBytes = tokens * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const kvReadBytes = sequences * kvCachedTokens(spec, prior) * kvPerToken;
  const kvWriteBytes = tokens * kvPerToken;
  const linearFlops = tokens * spec.linearFlopsPerToken;
  const pairs = sequences * causalQueryKeyPairs(spec, tokens / sequences, prior);
  const attentionFlops = attentionCoreFlops(spec, pairs, 'prefill');
  return withTotals({ weightBytes, embeddingBytes, kvReadBytes, kvWriteBytes, linearFlops, attentionFlops });
}
