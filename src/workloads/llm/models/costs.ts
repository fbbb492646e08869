/**
 * Costs of a model that depend on a dtype or a context length: weight bytes, KV-cache bytes and attention
 * flops. Each is a few multiplications over the (at most two) layer groups, so estimators may call them per
 * estimate.
 * @module
 */
import {
  BYTES_PER_KV_ELEMENT,
  BYTES_PER_UNQUANTIZED_WEIGHT,
  BYTES_PER_WEIGHT,
  type KvDtype,
  type WeightDtype,
} from './dtypes.ts';
import type { LayerGroup, ModelSpec } from './types.ts';

/** Bytes of one layer of `group` with every expert, in `dtype` (norms, biases and routers at 16 bits). */
function layerWeightBytes(group: LayerGroup, dtype: WeightDtype): number {
  return (
    group.quantizedParamsPerLayer * BYTES_PER_WEIGHT[dtype] +
    group.unquantizedParamsPerLayer * BYTES_PER_UNQUANTIZED_WEIGHT
  );
}

/**
 * Bytes of the embedding table, the LM head (counted once when tied) and the final norm: kept in 16 bits
 * whatever the weight dtype.
 */
function embeddingAndHeadBytes(spec: ModelSpec): number {
  return (spec.params.embedding + spec.params.lmHead + spec.hiddenSize) * BYTES_PER_UNQUANTIZED_WEIGHT;
}

/** Bytes of every weight the model stores (for memory fit), MTP modules included when counted. */
export function modelWeightBytes(spec: ModelSpec, dtype: WeightDtype): number {
  let bytes = embeddingAndHeadBytes(spec) + spec.params.mtp * BYTES_PER_WEIGHT[dtype];
  for (const g of spec.layerGroups) bytes += g.layerCount * layerWeightBytes(g, dtype);
  return bytes;
}

/** KV-cache bytes one token adds to one layer. MLA: the compressed latent plus the rope key. */
export function kvBytesPerTokenPerLayer(spec: ModelSpec, dtype: KvDtype): number {
  return spec.kvElementsPerTokenPerLayer * BYTES_PER_KV_ELEMENT[dtype];
}

/** KV-cache bytes one token adds over all layers. */
export function kvBytesPerToken(spec: ModelSpec, dtype: KvDtype): number {
  return spec.layerCount * kvBytesPerTokenPerLayer(spec, dtype);
}

/** Tokens the KV cache holds for a sequence of `contextTokens`: capped by a sliding window. */
export function kvCachedTokens(spec: ModelSpec, contextTokens: number): number {
  const a = spec.attention;
  return a.kind !== 'mla' && a.slidingWindowTokens !== null
    ? Math.min(contextTokens, a.slidingWindowTokens)
    : contextTokens;
}

/** KV-cache bytes of one sequence of `contextTokens`, over all layers. */
export function kvCacheBytes(spec: ModelSpec, dtype: KvDtype, contextTokens: number): number {
  return kvCachedTokens(spec, contextTokens) * kvBytesPerToken(spec, dtype);
}

/**
 * (query, key) pairs when `queryTokens` new tokens attend causally after `priorTokens` cached ones: query i
 * (0-based) sees `priorTokens + i + 1` keys, capped by a sliding window.
 */
export function causalQueryKeyPairs(spec: ModelSpec, queryTokens: number, priorTokens: number): number {
  const a = spec.attention;
  const window = a.kind !== 'mla' ? a.slidingWindowTokens : null;
  const full = queryTokens * priorTokens + (queryTokens * (queryTokens + 1)) / 2;
  if (window === null || priorTokens + queryTokens <= window) return full;
  // Queries whose visible span reaches the window see exactly `window` keys.
  const uncapped = Math.max(0, Math.min(queryTokens, window - priorTokens));
  return uncapped * priorTokens + (uncapped * (uncapped + 1)) / 2 + (queryTokens - uncapped) * window;
}

/** The two phases, for attention costs: MLA decodes in its absorbed form. */
export type AttentionPhase = 'prefill' | 'decode';

/** Attention score + value flops over all layers for `pairs` (query, key) pairs. */
function attentionCoreFlops(spec: ModelSpec, pairs: number, phase: AttentionPhase): number {
  return pairs * spec.attentionFlopsPerQueryKeyPerLayer[phase] * spec.layerCount;
}

/** Flops per token by op, over all layers, for a token attending to `keys` keys. */
export interface TokenFlops {
  readonly attentionProj: number;
  readonly attentionCore: number;
  readonly ffn: number;
  readonly lmHead: number;
  readonly total: number;
}

/** Flops one token costs, by op, when it attends to `keys` keys (decode: context + 1). */
export function flopsPerToken(spec: ModelSpec, keys: number, phase: AttentionPhase): TokenFlops {
  let attentionProj = 0;
  let ffn = 0;
  for (const g of spec.layerGroups) {
    attentionProj += g.layerCount * g.attentionProjFlopsPerToken;
    ffn += g.layerCount * g.ffnFlopsPerToken;
  }
  const attentionCore = attentionCoreFlops(spec, keys, phase);
  const lmHead = spec.lmHeadFlopsPerToken;
  return { attentionProj, attentionCore, ffn, lmHead, total: attentionProj + attentionCore + ffn + lmHead };
}

/**
 * Expected distinct experts that `tokens` tokens route to, each picking `perToken` of `experts` uniformly
 * at random: `E (1 - (1 - k/E)^T)`. Real routers are skewed, which touches fewer; this is the upper-bound
 * assumption for weight traffic.
 */
export function expectedExpertsTouched(experts: number, perToken: number, tokens: number): number {
  if (tokens <= 0) return 0;
  // A pass asks twice in a row with the same arguments (an MoE layer's expert gate-up and down GEMMs), and
  // the power is the costly part: the last answer is kept.
  const last = lastTouched;
  if (last.tokens === tokens && last.experts === experts && last.perToken === perToken) return last.value;
  const value = experts * (1 - (1 - perToken / experts) ** tokens);
  last.experts = experts;
  last.perToken = perToken;
  last.tokens = tokens;
  last.value = value;
  return value;
}

/** The last {@link expectedExpertsTouched} call (NaN arguments match nothing). */
const lastTouched = { experts: Number.NaN, perToken: Number.NaN, tokens: Number.NaN, value: 0 };
