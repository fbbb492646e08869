/**
 * Parallel layouts of the LLM workloads (`llm-prefill`, `llm-decode`, `llm-serving`, `training`): the `ep`,
 * `pp`, `dp`, `numGpus` and `nodes` parameters, and their checks against the model. Every error names the
 * parameter.
 *
 * Layout: `num-gpus = tp x pp x dp`. A model replica's layers are split over `pp` stages; each stage's
 * attention and dense layers over `tp` GPUs, replicated `dp` times (DP attention when `ep > 1`). Experts are
 * split over `ep` GPUs that must tile the `dp x tp` GPUs of a stage.
 * @module
 */
import { type Message, msg, param, UserError } from '../../errors.ts';
import { integerParam } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { ModelSpec } from './models/types.ts';

/** Parallelism parameters (beside `tp` and `gpusPerNode` of the model params). */
export const PARALLEL_PARAMS = [
  integerParam('ep', 'expert-parallel GPUs (MoE models; 1 splits experts over --tp)', 1),
  integerParam('pp', 'pipeline stages', 1),
  integerParam('dp', 'data-parallel replicas (DP attention when --ep > 1)', 1),
  integerParam('numGpus', 'GPUs in all (0: tp x pp x dp)', 0, 0),
  integerParam('nodes', 'nodes the GPUs span (0: num-gpus / gpus-per-node, rounded up)', 0, 0),
] as const satisfies readonly ParamSpec[];

/**
 * Parsed {@link PARALLEL_PARAMS}: `ep`, `pp`, `dp`; `numGpus` (0 means `tp x pp x dp`) and `nodes` (0 means
 * `ceil(numGpus / gpusPerNode)`).
 */
export type ParallelParams = ParamsOf<typeof PARALLEL_PARAMS>;

/** A checked layout. */
export interface ParallelLayout {
  readonly tp: number;
  readonly pp: number;
  readonly dp: number;
  readonly ep: number;
  readonly numGpus: number;
  readonly nodes: number;
  /** GPUs per scale-up domain, after `nodes`. */
  readonly gpusPerNode: number;
  /** Warnings about the layout (estimates still run): they go to `Estimate.warnings`. */
  readonly warnings: readonly Message[];
}

/** Routed experts of the model's MoE layers, or 0 for a dense model. */
export function routedExperts(spec: ModelSpec): number {
  for (const g of spec.layerGroups) if (g.ffn.kind === 'moe') return g.ffn.routedExperts;
  return 0;
}

/** Check the parameters against each other and the model; errors name the parameters. */
export function resolveLayout(
  spec: ModelSpec,
  p: ParallelParams & { readonly tp: number; readonly gpusPerNode: number },
): ParallelLayout {
  const { tp, pp, dp, ep } = p;
  const warnings: Message[] = [];
  const product = tp * pp * dp;
  const numGpus = p.numGpus === 0 ? product : p.numGpus;
  if (numGpus !== product) {
    throw new UserError(
      msg`${param('numGpus')} ${numGpus} must equal ${param('tp')} x ${param('pp')} x ${param('dp')} = ${tp} x ${pp} x ${dp} = ${product}`,
    );
  }
  if (pp > spec.layerCount) {
    throw new UserError(msg`${param('pp')} ${pp} exceeds the ${spec.layerCount} layers of ${spec.id}`);
  }
  const experts = routedExperts(spec);
  if (ep > 1) {
    if (experts === 0) {
      throw new UserError(
        msg`${param('ep')} ${ep}: ${spec.id} is a dense model with no experts to split (use ${param('ep')} 1)`,
      );
    }
    if (ep > experts) {
      throw new UserError(msg`${param('ep')} ${ep} exceeds the ${experts} routed experts of ${spec.id}`);
    }
    if ((tp * dp) % ep !== 0 || ep < tp) {
      throw new UserError(
        msg`${param('ep')} ${ep} must divide ${param('tp')} x ${param('dp')} = ${tp * dp} GPUs of a pipeline stage and be at least ${param('tp')} ${tp}`,
      );
    }
    if (experts % ep !== 0) {
      warnings.push(
        msg`${param('ep')} ${ep} does not divide ${experts} experts; the busiest GPU holds ${Math.ceil(experts / ep)}`,
      );
    }
  }
  let gpusPerNode = p.gpusPerNode;
  let nodes = Math.ceil(numGpus / gpusPerNode);
  if (p.nodes > 0) {
    if (p.nodes > numGpus) {
      throw new UserError(msg`${param('nodes')} ${p.nodes} exceeds ${param('numGpus')} ${numGpus}`);
    }
    if (numGpus % p.nodes !== 0) {
      throw new UserError(msg`${param('nodes')} ${p.nodes} must divide ${param('numGpus')} ${numGpus}`);
    }
    nodes = p.nodes;
    gpusPerNode = numGpus / nodes;
  }
  return { tp, pp, dp, ep, numGpus, nodes, gpusPerNode, warnings };
}

/** One line describing a layout, for assumptions. */
export function describeLayout(l: ParallelLayout): string {
  return `layout: ${l.numGpus} GPU(s) on ${l.nodes} node(s) of ${l.gpusPerNode} = TP ${l.tp} x PP ${l.pp} x DP ${l.dp}${l.ep > 1 ? `, EP ${l.ep}` : ''}; groups within ${l.gpusPerNode} GPUs use the scale-up link, larger ones the NIC`;
}
