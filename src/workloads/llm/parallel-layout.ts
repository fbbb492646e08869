/**
 * Parallel layouts of the multi-GPU LLM workloads (`llm-serving`, `training`): the `--ep`, `--pp`, `--dp`,
 * `--num-gpus` and `--nodes` flags, and their checks against the model. Every error names the flag.
 *
 * Layout: `num-gpus = tp x pp x dp`. A model replica's layers are split over `pp` stages; each stage's
 * attention and dense layers over `tp` GPUs, replicated `dp` times (DP attention when `ep > 1`). Experts are
 * split over `ep` GPUs that must tile the `dp x tp` GPUs of a stage.
 * @module
 */
import { UserError } from '../../errors.ts';
import type { ParamSpec } from '../params.ts';
import type { ModelSpec } from './models/types.ts';

/** Parsed parallelism flags (beside `tp` and `gpusPerNode` of the model params). */
export interface ParallelParams {
  readonly ep: number;
  readonly pp: number;
  readonly dp: number;
  /** `--num-gpus`; 0 means `tp x pp x dp`. */
  readonly numGpus: number;
  /** `--nodes`; 0 means `ceil(num-gpus / gpus-per-node)`. */
  readonly nodes: number;
}

/** Param specs for {@link ParallelParams}. */
export const PARALLEL_PARAMS: readonly ParamSpec[] = [
  {
    key: 'ep',
    flag: '--ep',
    description: 'expert-parallel GPUs (MoE models; 1 splits experts over --tp)',
    kind: 'integer',
    default: 1,
  },
  { key: 'pp', flag: '--pp', description: 'pipeline stages', kind: 'integer', default: 1 },
  {
    key: 'dp',
    flag: '--dp',
    description: 'data-parallel replicas (DP attention when --ep > 1)',
    kind: 'integer',
    default: 1,
  },
  {
    key: 'numGpus',
    flag: '--num-gpus',
    description: 'GPUs in all (0: tp x pp x dp)',
    kind: 'integer',
    min: 0,
    default: 0,
  },
  {
    key: 'nodes',
    flag: '--nodes',
    description: 'nodes the GPUs span (0: num-gpus / gpus-per-node, rounded up)',
    kind: 'integer',
    min: 0,
    default: 0,
  },
];

/** A checked layout. */
export interface ParallelLayout {
  readonly tp: number;
  readonly pp: number;
  readonly dp: number;
  readonly ep: number;
  readonly numGpus: number;
  readonly nodes: number;
  /** GPUs per scale-up domain, after `--nodes`. */
  readonly gpusPerNode: number;
  /** Warnings (estimates still run). */
  readonly warnings: readonly string[];
}

/** Routed experts of the model's MoE layers, or 0 for a dense model. */
export function routedExperts(spec: ModelSpec): number {
  for (const g of spec.layerGroups) if (g.ffn.kind === 'moe') return g.ffn.routedExperts;
  return 0;
}

/** Check the flags against each other and the model. */
export function resolveLayout(
  spec: ModelSpec,
  p: ParallelParams & { readonly tp: number; readonly gpusPerNode: number },
): ParallelLayout {
  const { tp, pp, dp, ep } = p;
  const warnings: string[] = [];
  const product = tp * pp * dp;
  const numGpus = p.numGpus === 0 ? product : p.numGpus;
  if (numGpus !== product) {
    throw new UserError(
      `--num-gpus ${numGpus} must equal --tp x --pp x --dp = ${tp} x ${pp} x ${dp} = ${product}`,
    );
  }
  if (pp > spec.layerCount) {
    throw new UserError(`--pp ${pp} exceeds the ${spec.layerCount} layers of ${spec.id}`);
  }
  const experts = routedExperts(spec);
  if (ep > 1) {
    if (experts === 0) {
      throw new UserError(`--ep ${ep}: ${spec.id} is a dense model with no experts to split (use --ep 1)`);
    }
    if (ep > experts) {
      throw new UserError(`--ep ${ep} exceeds the ${experts} routed experts of ${spec.id}`);
    }
    if ((tp * dp) % ep !== 0 || ep < tp) {
      throw new UserError(
        `--ep ${ep} must divide --tp x --dp = ${tp * dp} GPUs of a pipeline stage and be at least --tp ${tp}`,
      );
    }
    if (experts % ep !== 0) {
      warnings.push(
        `warning: --ep ${ep} does not divide ${experts} experts; the busiest GPU holds ${Math.ceil(experts / ep)}`,
      );
    }
  }
  let gpusPerNode = p.gpusPerNode;
  let nodes = Math.ceil(numGpus / gpusPerNode);
  if (p.nodes > 0) {
    if (p.nodes > numGpus) throw new UserError(`--nodes ${p.nodes} exceeds --num-gpus ${numGpus}`);
    if (numGpus % p.nodes !== 0) {
      throw new UserError(`--nodes ${p.nodes} must divide --num-gpus ${numGpus}`);
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
