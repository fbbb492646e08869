/**
 * What an LLM pass needs that does not depend on its batch: the GPU's resources, the model's
 * {@link ForwardPlan} on the layout, the links of each parallel group, the collectives a pass runs and the
 * weights a GPU stores. Built once per (GPU, model, layout, dtypes) and cached by content, so a sweep worker
 * keeps its setups from chunk to chunk.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import type { CollectiveKind } from '../../model/collectives.ts';
import { collectiveLinkFor, type ResolvedLink } from '../../model/interconnect.ts';
import { type GpuResources, gpuResources } from '../../model/resources.ts';
import { memo, objectKey } from '../../util/memo.ts';
import type { KvDtype, WeightDtype } from './models/dtypes.ts';
import type { ModelSpec } from './models/types.ts';
import type { ParallelLayout } from './parallel-layout.ts';
import { type ForwardPlan, forwardPlan, linearMathPrecision, stageWeightBytes } from './plan.ts';

/** Activations cross the links in bf16. */
const ACTIVATION_BYTES = 2;

/**
 * One collective of a forward pass, defined once for every evaluator: its message is `bytesPerToken` times
 * the TP group's tokens in the pass, and the pass runs it `count` times.
 */
export interface PassCollective {
  /** Row label before the count: `tp`, `ep dispatch`, `ep combine`, `pp send`. */
  readonly label: string;
  /** Whether the row names the collective and its algorithm (`tp all-reduce (nvls, 8 GPUs) x160`). */
  readonly named: boolean;
  /** The NCCL collective it is costed as. */
  readonly kind: CollectiveKind;
  readonly bytesPerToken: number;
  readonly gpus: number;
  readonly count: number;
  readonly link: ResolvedLink;
}

/** Everything a pass needs that does not depend on the batch. */
export interface PassSetup {
  /** Cache key: equal for setups built from equal inputs. */
  readonly key: string;
  readonly gpu: GpuSpec;
  readonly spec: ModelSpec;
  readonly layout: ParallelLayout;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  readonly linear: GpuResources;
  readonly bf16: GpuResources;
  /** The model's per-GPU ops on this layout, built once. */
  readonly plan: ForwardPlan;
  /** Links of the TP group, the EP group and a pipeline hop; null where the layout has none. */
  readonly links: {
    readonly tp: ResolvedLink | null;
    readonly ep: ResolvedLink | null;
    readonly pp: ResolvedLink | null;
  };
  /** The collectives of one forward pass, in breakdown order: TP all-reduces, EP dispatch and combine, PP sends. */
  readonly collectives: readonly PassCollective[];
  /** Weight bytes one GPU stores: its stage's layers plus the embedding and LM head. */
  readonly stageWeightBytes: number;
}

const setups = memo<PassSetup>(1024);

/**
 * Resolve resources, links, the op plan and the collectives once; cached by content of (GPU, model, layout,
 * dtypes). Throws a UserError when a group needs a link the catalog lacks, or the GPU lacks the precision
 * (`precisionKey` is the key of the parameter that chose it: `weightDtype`, or training's `precision`).
 */
export function passSetup(
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  precisionKey = 'weightDtype',
): PassSetup {
  // Every layout field is in the key: the setup carries the layout (and its warnings) for the estimate.
  const { tp, ep, pp, dp, gpusPerNode, numGpus, nodes } = layout;
  const key = `${objectKey(gpu)}|${objectKey(spec)}|${tp}|${ep}|${pp}|${dp}|${gpusPerNode}|${numGpus}|${nodes}|${objectKey(layout.warnings)}|${weightDtype}|${kvDtype}`;
  return setups.get(key, () => buildSetup(key, gpu, spec, layout, weightDtype, kvDtype, precisionKey));
}

function buildSetup(
  key: string,
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  precisionKey: string,
): PassSetup {
  const { tp, ep, pp, dp, gpusPerNode } = layout;
  const plan = forwardPlan(spec, weightDtype, kvDtype, tp, ep);
  // Pipeline neighbours sit tp x dp GPUs apart: on another node once a stage fills one.
  const ppCrossesNodes = tp * dp >= gpusPerNode;
  const links = {
    tp: tp > 1 ? collectiveLinkFor(gpu, tp, gpusPerNode, true) : null,
    ep: ep > 1 ? collectiveLinkFor(gpu, ep, gpusPerNode, false) : null,
    pp: pp > 1 ? collectiveLinkFor(gpu, ppCrossesNodes ? gpusPerNode + 1 : 2, gpusPerNode, false) : null,
  };
  return {
    key,
    gpu,
    spec,
    layout,
    weightDtype,
    kvDtype,
    linear: gpuResources(gpu, linearMathPrecision(weightDtype), precisionKey),
    // No parameter chooses the bf16 of attention and activations: a part without it is the GPU's doing.
    bf16: gpuResources(gpu, 'bf16', 'gpu'),
    plan,
    links,
    collectives: passCollectives(plan, layout, links),
    stageWeightBytes: stageWeightBytes(plan, pp),
  };
}

/**
 * The communication of one forward pass, the only place its rules are written:
 * - TP: two all-reduces of the hidden state (bf16) per layer;
 * - EP: per MoE layer, an all-to-all dispatch of each token's hidden state to its experts (fp8 when the
 *   weights are fp8, as DeepEP does, else bf16) and a bf16 combine back; a GPU sends its TP rank's share;
 * - PP: one send of the hidden state per stage boundary, costed as a 2-GPU all-gather of twice the bytes
 *   (which moves the same bytes per GPU).
 */
function passCollectives(
  plan: ForwardPlan,
  layout: ParallelLayout,
  links: PassSetup['links'],
): PassCollective[] {
  const hidden = plan.spec.hiddenSize * ACTIVATION_BYTES;
  const out: PassCollective[] = [];
  if (plan.tp > 1 && links.tp) {
    out.push({
      label: 'tp',
      named: true,
      kind: 'all-reduce',
      bytesPerToken: hidden,
      gpus: layout.tp,
      count: 2 * plan.spec.layerCount,
      link: links.tp,
    });
  }
  if (plan.ep > 1 && plan.moeLayers > 0 && links.ep) {
    const elements = (plan.moeExpertsPerToken * plan.spec.hiddenSize) / plan.tp;
    const dispatch = plan.weightDtype === 'fp8' ? 1 : ACTIVATION_BYTES;
    const common = {
      named: true,
      kind: 'all-to-all',
      gpus: plan.ep,
      count: plan.moeLayers,
      link: links.ep,
    } as const;
    out.push({ ...common, label: 'ep dispatch', bytesPerToken: elements * dispatch });
    out.push({ ...common, label: 'ep combine', bytesPerToken: elements * ACTIVATION_BYTES });
  }
  if (layout.pp > 1 && links.pp) {
    out.push({
      label: 'pp send',
      named: false,
      kind: 'all-gather',
      bytesPerToken: 2 * hidden,
      gpus: 2,
      count: layout.pp - 1,
      link: links.pp,
    });
  }
  return out;
}
