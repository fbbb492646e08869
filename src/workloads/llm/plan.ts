/**
 * The plan of one LLM forward pass: everything that depends only on the model, dtypes and TP/EP (a
 * {@link ForwardPlan}, built once and cached), and the token-dependent arithmetic of its weight GEMMs and KV
 * cache. `pass.ts` evaluates a plan; `attention-head-ops.ts` holds the attention and LM-head ops.
 *
 * Sharding (Megatron-style TP over `tp` GPUs): q/k/v, gate/up and MLA up-projections are split by output
 * columns, o and down projections by input rows; MLA's down-projections and MoE routers are replicated; MoE
 * experts are split like dense FFNs (TP-MoE) unless `ep > 1`, when each GPU holds whole experts (`E / ep` of
 * them) and tokens reach them through an all-to-all dispatch and combine per MoE layer; the LM head is split
 * by vocabulary. Each layer group's ops are costed once and carry a repeat count (the group's layers), so a
 * pass does a fixed amount of work whatever the depth of the model.
 * @module
 */
import type { Precision } from '../../hardware/types.ts';
import { memo, objectKey } from '../../util/memo.ts';
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

/** A weight GEMM of the pass, with everything that does not depend on the token count resolved. */
export interface LinearPlan {
  /** Breakdown label: `qkv-proj`, or `moe qkv-proj` / `dense qkv-proj` when dense and MoE layers mix. */
  readonly label: string;
  /** The matrix it is (`expert-gate-up-proj`, ...). */
  readonly name: LinearName;
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
  /**
   * Where two-batch overlap pairs it with communication: `attention` (an MoE layer's work before the
   * dispatch: attention projections and the router), `experts` (between dispatch and combine: routed and
   * shared experts), `none` (a dense layer: no all-to-all to hide).
   */
  readonly overlapPhase: OverlapPhase;
}

/** See {@link LinearPlan.overlapPhase}. */
export type OverlapPhase = 'none' | 'attention' | 'experts';

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

const plans = memo<ForwardPlan>(1024);

/**
 * The cached {@link ForwardPlan} of a model on a TP/EP layout at the given dtypes (keyed by the model's
 * content, so a sweep worker reuses it across chunks).
 */
export function forwardPlan(
  spec: ModelSpec,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  tp: number,
  ep = 1,
): ForwardPlan {
  const key = `${objectKey(spec)}|${weightDtype}|${kvDtype}|${tp}|${ep}`;
  return plans.get(key, () => buildPlan(spec, weightDtype, kvDtype, tp, ep));
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
        name: l.name,
        repeat: g.layerCount,
        k,
        n,
        matrixBytes,
        copies: l.copies,
        copiesPerToken: l.copiesPerToken,
        expertParallel,
        precision: l.quantized ? linearMathPrecision(weightDtype) : 'bf16',
        overlapPhase:
          g.ffn.kind !== 'moe' ? 'none' : l.part === 'ffn' && l.name !== 'router' ? 'experts' : 'attention',
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

/** A writable `OpCost` with a writable shape: hot loops fill one instead of allocating per op. */
export interface OpCostScratch {
  op: string;
  flops: number;
  bytes: number;
  readFraction: number;
  precision: Precision | null;
  shape: { m: number; n: number; k: number; batch: number };
  /** Always null: weight GEMMs run on the GEMM curve (the field keeps every cost one shape). */
  kernel: null;
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
    kernel: null,
  };
}

/** Cost of a weight GEMM over the TP group's `tokens` tokens, written into `out`. */
export function linearCostInto(l: LinearPlan, plan: ForwardPlan, tokens: number, out: OpCostScratch): void {
  const { tp, ep } = plan;
  const { k, n } = l;
  const pairs = linearRows(l, plan, tokens);
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

/**
 * The (token, matrix) pairs one GPU multiplies through `l` when its TP group holds `tokens` tokens: under EP
 * a GPU holds whole experts and computes its share of the group's (token, expert) pairs; the group's unique
 * tokens are its GPUs' TP-group tokens divided by the TP ranks that share them.
 */
export function linearRows(l: LinearPlan, plan: ForwardPlan, tokens: number): number {
  return l.expertParallel ? (tokens / plan.tp) * l.copiesPerToken : tokens * l.copiesPerToken;
}

/**
 * Weight bytes one GPU of a pipeline stage stores: its stage's share of the layers (`ceil(layers / pp)`)
 * plus the embedding, LM head and final norm, which stages do not split.
 */
export function stageWeightBytes(plan: ForwardPlan, pp: number): number {
  const layers = plan.spec.layerCount;
  const layerBytes = plan.weightBytesPerGpu - plan.headBytesPerGpu;
  return (layerBytes * Math.ceil(layers / pp)) / layers + plan.headBytesPerGpu;
}

/** KV cache one GPU holds for `sequences` sequences of `totalTokens` tokens, bytes. */
export function kvCacheBytesPerGpu(plan: ForwardPlan, sequences: number, totalTokens: number): number {
  const { spec } = plan;
  return sequences * kvCachedTokens(spec, totalTokens) * plan.kvBytesPerTokenPerGpu * spec.layerCount;
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
