/**
 * The cost model of one LLM forward pass, split into what depends only on the model, dtypes and TP/EP (a
 * {@link ForwardPlan}, built once and cached) and the token-dependent arithmetic of each op. Sharding
 * rules: see `llm-forward.ts`.
 * @module
 */
import type { Precision } from '../../hardware/types.ts';
import type { OpCost } from '../../model/types.ts';
import { expectedExpertsTouched, kvCachedTokens } from './models/costs.ts';
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

/** TP all-reduce of a pass: NCCL message size (bytes) and count. */
export interface AllReduceOfPass {
  readonly messageBytes: number;
  readonly count: number;
}

/**
 * EP all-to-all per MoE layer: NCCL message sizes (bytes one GPU sends) of the dispatch (fp8 when the
 * weights are fp8, as DeepEP does, else bf16) and of the bf16 combine, the count of each, the group size.
 */
export interface AllToAllOfPass {
  readonly dispatchBytes: number;
  readonly combineBytes: number;
  readonly count: number;
  readonly gpus: number;
}

/** A weight GEMM of the pass, with everything that does not depend on the token count resolved. */
export interface LinearPlan {
  /** Breakdown label: `qkv-proj`, or `moe qkv-proj` / `dense qkv-proj` when dense and MoE layers mix. */
  readonly label: string;
  /** Layers of its group. */
  readonly repeat: number;
  /** Per-GPU GEMM dimensions after sharding. */
  readonly k: number;
  readonly n: number;
  readonly matrixBytes: number;
  readonly copies: number;
  readonly copiesPerToken: number;
  /** Whole experts per GPU, reached through the EP all-to-all. */
  readonly expertParallel: boolean;
  readonly precision: Precision;
}

/**
 * Everything of a forward pass that depends on the model, dtypes and TP/EP only: built once per
 * (model, dtypes, tp, ep) and cached, so a pass costs only its token-dependent arithmetic.
 */
export interface ForwardPlan {
  readonly spec: ModelSpec;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  readonly tp: number;
  readonly ep: number;
  readonly linears: readonly LinearPlan[];
  /** KV-cache bytes one token adds to one layer on one GPU. */
  readonly kvBytesPerTokenPerGpu: number;
  readonly headBytesPerGpu: number;
  readonly weightBytesPerGpu: number;
  /** MoE layers and experts per token (for the EP all-to-all); 0 for a dense model. */
  readonly moeLayers: number;
  readonly moeExpertsPerToken: number;
}

const planCache = new WeakMap<ModelSpec, Map<string, ForwardPlan>>();

/** The cached {@link ForwardPlan} of a model on a TP/EP layout at the given dtypes. */
export function forwardPlan(
  spec: ModelSpec,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  tp: number,
  ep = 1,
): ForwardPlan {
  let perSpec = planCache.get(spec);
  if (!perSpec) {
    perSpec = new Map();
    planCache.set(spec, perSpec);
  }
  const key = `${weightDtype}|${kvDtype}|${tp}|${ep}`;
  let plan = perSpec.get(key);
  if (!plan) {
    plan = buildPlan(spec, weightDtype, kvDtype, tp, ep);
    perSpec.set(key, plan);
  }
  return plan;
}

function buildPlan(
  spec: ModelSpec,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  tp: number,
  ep: number,
): ForwardPlan {
  const linears: LinearPlan[] = [];
  let weightBytesPerGpu = 0;
  let moeLayers = 0;
  let moeExpertsPerToken = 0;
  for (const g of spec.layerGroups) {
    weightBytesPerGpu += g.layerCount * smallParamBytes(g);
    if (g.ffn.kind === 'moe') {
      moeLayers += g.layerCount;
      moeExpertsPerToken = g.ffn.expertsPerToken;
    }
    for (const l of g.linears) {
      const expertParallel = ep > 1 && l.copies > 1;
      const { inFeatures: k, outFeatures: n } = expertParallel
        ? { inFeatures: l.inFeatures, outFeatures: l.outFeatures }
        : shard(l, tp);
      const bytesPerWeight = l.quantized ? BYTES_PER_WEIGHT[weightDtype] : BYTES_PER_UNQUANTIZED_WEIGHT;
      const matrixBytes = k * n * bytesPerWeight;
      const storedCopies = expertParallel ? Math.ceil(l.copies / ep) : l.copies;
      linears.push({
        label: labelFor(g, l, spec),
        repeat: g.layerCount,
        k,
        n,
        matrixBytes,
        copies: l.copies,
        copiesPerToken: l.copiesPerToken,
        expertParallel,
        precision: l.quantized ? linearMathPrecision(weightDtype) : 'bf16',
      });
      weightBytesPerGpu += g.layerCount * (storedCopies * matrixBytes);
    }
  }
  const headBytes = (spec.vocabSize / tp) * spec.hiddenSize * BYTES_PER_UNQUANTIZED_WEIGHT;
  const headBytesPerGpu = headBytes + (spec.tiedEmbeddings ? 0 : headBytes) + spec.hiddenSize * 2;
  weightBytesPerGpu += headBytesPerGpu;
  const a = spec.attention;
  const kvElementBytes = BYTES_PER_KV_ELEMENT[kvDtype];
  // MLA: the latent is shared by all heads, so every TP rank holds all of it.
  const kvBytesPerTokenPerGpu =
    a.kind === 'mla'
      ? spec.kvElementsPerTokenPerLayer * kvElementBytes
      : 2 * Math.ceil(a.kvHeads / tp) * a.headDim * kvElementBytes;
  return {
    spec,
    weightDtype,
    kvDtype,
    tp,
    ep,
    linears,
    kvBytesPerTokenPerGpu,
    headBytesPerGpu,
    weightBytesPerGpu,
    moeLayers,
    moeExpertsPerToken,
  };
}

function shard(l: LinearWeight, tp: number): { inFeatures: number; outFeatures: number } {
  if (COLUMN_PARALLEL.has(l.name)) return { inFeatures: l.inFeatures, outFeatures: l.outFeatures / tp };
  if (ROW_PARALLEL.has(l.name)) return { inFeatures: l.inFeatures / tp, outFeatures: l.outFeatures };
  return { inFeatures: l.inFeatures, outFeatures: l.outFeatures };
}

/** A writable {@link OpCost} with a writable shape: hot loops fill one instead of allocating per op. */
export interface OpCostScratch {
  op: string;
  flops: number;
  bytes: number;
  readFraction: number;
  precision: Precision | null;
  shape: { m: number; n: number; k: number; batch: number };
}

/** A fresh {@link OpCostScratch}. */
export function opCostScratch(): OpCostScratch {
  return {
    op: '',
    flops: 0,
    bytes: 0,
    readFraction: 1,
    precision: null,
    shape: { m: 1, n: 1, k: 1, batch: 1 },
  };
}

/** Cost of a weight GEMM over the TP group's `tokens` tokens. */
export function linearCost(l: LinearPlan, plan: ForwardPlan, tokens: number): OpCost {
  const out = opCostScratch();
  linearCostInto(l, plan, tokens, out);
  return out;
}

/** {@link linearCost}, written into `out`. */
export function linearCostInto(l: LinearPlan, plan: ForwardPlan, tokens: number, out: OpCostScratch): void {
  const { tp, ep } = plan;
  const { k, n } = l;
  // Under EP a GPU holds whole experts and computes its share of the group's (token, expert) pairs; the
  // group's unique tokens are its GPUs' TP-group tokens divided by the TP ranks that share them.
  const pairs = l.expertParallel ? (tokens / tp) * l.copiesPerToken : tokens * l.copiesPerToken;
  const touched = l.expertParallel
    ? expectedExpertsTouched(l.copies, l.copiesPerToken, (tokens / tp) * ep) / ep
    : l.copies > 1
      ? expectedExpertsTouched(l.copies, l.copiesPerToken, tokens)
      : 1;
  const rows = touched > 0 ? pairs / touched : 0;
  const reads = touched * l.matrixBytes + pairs * k * ACTIVATION_BYTES;
  const writes = pairs * n * ACTIVATION_BYTES;
  out.op = l.label;
  out.flops = 2 * pairs * k * n;
  out.bytes = reads + writes;
  out.readFraction = reads / (reads + writes);
  out.precision = l.precision;
  const shape = out.shape;
  shape.m = Math.max(1, Math.round(rows));
  shape.n = n;
  shape.k = k;
  shape.batch = Math.max(1, Math.round(touched));
}

/** KV cache one GPU holds for `sequences` sequences of `totalTokens` tokens, bytes. */
export function kvCacheBytesPerGpu(plan: ForwardPlan, sequences: number, totalTokens: number): number {
  const { spec } = plan;
  return sequences * kvCachedTokens(spec, totalTokens) * plan.kvBytesPerTokenPerGpu * spec.layerCount;
}

/** The TP all-reduce of a pass over `tokens` tokens, or null without TP. */
export function allReduceOf(plan: ForwardPlan, tokens: number): AllReduceOfPass | null {
  return plan.tp > 1
    ? { messageBytes: tokens * plan.spec.hiddenSize * ACTIVATION_BYTES, count: 2 * plan.spec.layerCount }
    : null;
}

/** The EP dispatch/combine of a pass, or null without expert parallelism or MoE layers. */
export function allToAllOf(plan: ForwardPlan, tokens: number): AllToAllOfPass | null {
  if (plan.ep <= 1 || plan.moeLayers === 0) return null;
  const elements = (tokens / plan.tp) * plan.moeExpertsPerToken * plan.spec.hiddenSize;
  return {
    dispatchBytes: elements * (plan.weightDtype === 'fp8' ? 1 : ACTIVATION_BYTES),
    combineBytes: elements * ACTIVATION_BYTES,
    count: plan.moeLayers,
    gpus: plan.ep,
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
