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
import type { OpCost } from '../../src/model/types.ts';
import { attentionCost, lmHeadCost } from '../../src/workloads/llm/attention-head-ops.ts';
import type { KvDtype, WeightDtype } from '../../src/workloads/llm/models/dtypes.ts';
import type { ModelSpec } from '../../src/workloads/llm/models/types.ts';
import {
  type AllReduceOfPass,
  type AllToAllOfPass,
  allReduceOf,
  allToAllOf,
  forwardPlan,
  kvCacheBytesPerGpu,
  linearCost,
} from '../../src/workloads/llm/plan.ts';

export { linearMathPrecision } from '../../src/workloads/llm/plan.ts';

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
  readonly allReduce: AllReduceOfPass | null;
  /** EP all-to-all per MoE layer when `ep > 1`. */
  readonly allToAll: AllToAllOfPass | null;
  /** Of {@link weightBytesPerGpu}: the embedding, LM head and final norm (not split by pipeline stages). */
  readonly headBytesPerGpu: number;
  /** Weights stored per GPU (every expert), bytes. */
  readonly weightBytesPerGpu: number;
  /** KV cache held per GPU after the pass, bytes. */
  readonly kvCacheBytesPerGpu: number;
}

/** Per-GPU ops of one forward pass. `decode`: MLA runs in its absorbed form. */
export function forwardOps(input: ForwardInput, decode: boolean): ForwardOps {
  const { spec, sequences, newTokensPerSequence } = input;
  const plan = forwardPlan(spec, input.weightDtype, input.kvDtype, input.tp, input.ep ?? 1);
  const tokens = sequences * newTokensPerSequence;
  const ops: RepeatedOp[] = [];
  for (const l of plan.linears) {
    ops.push({ cost: linearCost(l, plan, tokens), repeat: l.repeat, math: 'linear' });
  }
  ops.push({
    cost: attentionCost(plan, sequences, newTokensPerSequence, input.priorTokens, decode),
    repeat: spec.layerCount,
    math: 'attention',
  });
  ops.push({ cost: lmHeadCost(plan, sequences), repeat: 1, math: 'lm-head' });
  return {
    ops,
    tokens,
    allReduce: allReduceOf(plan, tokens),
    allToAll: allToAllOf(plan, tokens),
    headBytesPerGpu: plan.headBytesPerGpu,
    weightBytesPerGpu: plan.weightBytesPerGpu,
    kvCacheBytesPerGpu: kvCacheBytesPerGpu(plan, sequences, input.priorTokens + newTokensPerSequence),
  };
}
