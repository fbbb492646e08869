/**
 * What an LLM pass needs that does not depend on its batch: the GPU's resources, the model's
 * {@link ForwardPlan} on the layout, the links of each parallel group, the collectives a pass runs and the
 * weights a GPU stores. Built once per (GPU, model, layout, dtypes) and cached by content, so a sweep worker
 * keeps its setups from chunk to chunk.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { attentionKernelOnGpu } from '../../model/attention-efficiency.ts';
import type { CollectiveKind } from '../../model/collectives.ts';
import type { DeepEpDirection } from '../../model/data/deepep-points.ts';
import { deepEpBytesPerElement, remoteGroupsPerToken, runsDeepEp } from '../../model/deepep.ts';
import { collectiveLinkFor, type ResolvedLink } from '../../model/interconnect.ts';
import { type GpuResources, gpuResources } from '../../model/resources.ts';
import type { KernelEfficiency } from '../../model/types.ts';
import { memoByObject, type ObjectMemo } from '../../util/memo.ts';
import {
  type AttentionKernelChoice,
  attentionKernelAssumption,
  resolvePassKernels,
} from '../kernels/attention.ts';
import { attentionCost, type PassAttention } from './attention-head-ops.ts';
import type { KvDtype, WeightDtype } from './models/dtypes.ts';
import type { ModelSpec } from './models/types.ts';
import { type ParallelLayout, routedExperts } from './parallel-layout.ts';
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
  /** How DeepEP moves it (EP dispatch and combine on GPUs that run DeepEP); null for an NCCL collective. */
  readonly deepEp: DeepEpCollective | null;
}

/**
 * An EP all-to-all as DeepEP moves it: per token of the TP group, the bytes one GPU sends with the normal
 * kernels (prefill: once per remote rank, or per remote node across nodes, that holds one of its experts) and
 * with the low-latency kernels (decode: once per routed expert). Two-batch overlap can hide it.
 */
export interface DeepEpCollective {
  readonly direction: DeepEpDirection;
  readonly normalBytesPerToken: number;
  readonly lowLatencyBytesPerToken: number;
}

/** Everything a pass needs that does not depend on the batch. */
export interface PassSetup {
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
  /** Whether a pass has communication that two-batch overlap can hide (DeepEP all-to-all). */
  readonly overlappable: boolean;
  /** What `attentionKernel` asked for, and the kernel prefill and decode attention run on this GPU. */
  readonly attentionKernel: AttentionKernelChoice;
  readonly attention: PassAttention;
}

/** Setups by GPU, then model (identity first, then content: sweep clones hit), then layout and dtypes. */
let setups = memoByObject<ObjectMemo<Map<string, PassSetup>>>(256);
/** Setups cached in all; past this the cache starts over, so a long sweep's memory stays bounded. */
const MAX_SETUPS = 4096;
let setupCount = 0;
const newBySpec = () => memoByObject<Map<string, PassSetup>>(256);
const newByLayout = () => new Map<string, PassSetup>();

/**
 * Resolve resources, links, the op plan and the collectives once; cached by (GPU, model) content, layout and
 * dtypes and attention kernel. Throws a UserError when a group needs a link the catalog lacks, the GPU lacks
 * the precision (`precisionKey` names the parameter that chose it) or cannot run the attention kernel.
 * `attentionKernel` (default `auto`: FA3 prefill on Hopper, FA2 elsewhere; FlashInfer or FlashMLA decode)
 * resolves to one kernel for prefill and one for decode.
 */
export function passSetup(
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  precisionKey = 'weightDtype',
  attentionKernel: AttentionKernelChoice = 'auto',
): PassSetup {
  // Every layout field is in the key (its warnings follow from them and the model).
  const { tp, ep, pp, dp, gpusPerNode, numGpus, nodes } = layout;
  const last = lastSetup;
  if (
    last !== null &&
    last.gpu === gpu &&
    last.spec === spec &&
    last.weightDtype === weightDtype &&
    last.kvDtype === kvDtype &&
    last.attentionKernel === attentionKernel &&
    sameLayout(last.layout, layout)
  ) {
    return last;
  }
  const byLayout = setups.get(gpu, newBySpec).get(spec, newByLayout);
  const key = `${tp}|${ep}|${pp}|${dp}|${gpusPerNode}|${numGpus}|${nodes}|${weightDtype}|${kvDtype}|${attentionKernel}`;
  let setup = byLayout.get(key);
  if (!setup) {
    setup = buildSetup(gpu, spec, layout, weightDtype, kvDtype, precisionKey, attentionKernel);
    if (++setupCount > MAX_SETUPS) {
      setups = memoByObject(256);
      setupCount = 0;
    } else byLayout.set(key, setup);
  }
  lastSetup = setup;
  return setup;
}

/**
 * The last setup returned, for the common run of calls on one (GPU, model, layout): an estimate and the
 * sweep points around it skip the key and the three lookups.
 */
let lastSetup: PassSetup | null = null;

function sameLayout(a: ParallelLayout, b: ParallelLayout): boolean {
  return (
    a.tp === b.tp &&
    a.ep === b.ep &&
    a.pp === b.pp &&
    a.dp === b.dp &&
    a.gpusPerNode === b.gpusPerNode &&
    a.numGpus === b.numGpus &&
    a.nodes === b.nodes
  );
}

function buildSetup(
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  precisionKey: string,
  attentionKernel: AttentionKernelChoice,
): PassSetup {
  const { tp, ep, pp, dp, gpusPerNode } = layout;
  const mla = spec.attention.kind === 'mla';
  const kernels = resolvePassKernels(gpu, attentionKernel, mla, spec.id);
  // The kernel's flops per (query, key) pair and head: 4 x head dim (MLA decode: the absorbed latent's).
  const perPairHead = (phase: 'prefill' | 'decode') =>
    spec.attentionFlopsPerQueryKeyPerLayer[phase] / spec.attention.queryHeads;
  const plan = forwardPlan(spec, weightDtype, kvDtype, tp, ep);
  // Pipeline neighbours sit tp x dp GPUs apart: on another node once a stage fills one.
  const ppCrossesNodes = tp * dp >= gpusPerNode;
  const links = {
    tp: tp > 1 ? collectiveLinkFor(gpu, tp, gpusPerNode, true) : null,
    ep: ep > 1 ? collectiveLinkFor(gpu, ep, gpusPerNode, false) : null,
    pp: pp > 1 ? collectiveLinkFor(gpu, ppCrossesNodes ? gpusPerNode + 1 : 2, gpusPerNode, false) : null,
  };
  const collectives = passCollectives(gpu, spec, plan, layout, links);
  // No parameter chooses the bf16 of attention and activations: a part without it is the GPU's doing.
  const bf16 = gpuResources(gpu, 'bf16', 'gpu');
  return {
    gpu,
    spec,
    layout,
    weightDtype,
    kvDtype,
    linear: gpuResources(gpu, linearMathPrecision(weightDtype), precisionKey),
    bf16,
    plan,
    links,
    collectives,
    stageWeightBytes: stageWeightBytes(plan, pp),
    overlappable: collectives.some((c) => c.deepEp !== null),
    attentionKernel,
    attention: {
      prefill: attentionKernelOnGpu(kernels.prefill, gpu, perPairHead('prefill'), false),
      decode: attentionKernelOnGpu(kernels.decode, gpu, perPairHead('decode'), true),
      memoryLine: bf16.byScenario.nominal.memoryLine,
    },
  };
}

/**
 * The communication of one forward pass, the only place its rules are written:
 * - TP: two all-reduces of the hidden state (bf16) per layer;
 * - EP: per MoE layer, an all-to-all dispatch of each token's hidden state to its experts (fp8 when the
 *   weights are fp8, as DeepEP does, else bf16) and a bf16 combine back; a GPU sends its TP rank's share.
 *   On a GPU that runs DeepEP ({@link runsDeepEp}) they are DeepEP's kernels ({@link DeepEpCollective});
 *   elsewhere NCCL all-to-alls of every (token, expert) copy;
 * - PP: one send of the hidden state per stage boundary, costed as a 2-GPU all-gather of twice the bytes
 *   (which moves the same bytes per GPU).
 */
function passCollectives(
  gpu: GpuSpec,
  spec: ModelSpec,
  plan: ForwardPlan,
  layout: ParallelLayout,
  links: PassSetup['links'],
): PassCollective[] {
  const hidden = plan.spec.hiddenSize * ACTIVATION_BYTES;
  const out: PassCollective[] = [];
  // Built by one function, so every collective has one shape (the evaluator's loads stay monomorphic).
  const add = (
    label: string,
    named: boolean,
    kind: CollectiveKind,
    bytesPerToken: number,
    gpus: number,
    count: number,
    link: ResolvedLink,
    deepEp: DeepEpCollective | null = null,
  ) => out.push({ label, named, kind, bytesPerToken, gpus, count, link, deepEp });
  if (plan.tp > 1 && links.tp)
    add('tp', true, 'all-reduce', hidden, layout.tp, 2 * plan.spec.layerCount, links.tp);
  if (plan.ep > 1 && plan.moeLayers > 0 && links.ep) {
    const elements = (plan.moeExpertsPerToken * plan.spec.hiddenSize) / plan.tp;
    const fp8 = plan.weightDtype === 'fp8';
    const dispatch = fp8 ? 1 : ACTIVATION_BYTES;
    const deepEp = runsDeepEp(gpu) ? deepEpCollectives(spec, plan, layout, fp8) : null;
    add(
      'ep dispatch',
      true,
      'all-to-all',
      elements * dispatch,
      plan.ep,
      plan.moeLayers,
      links.ep,
      deepEp?.dispatch,
    );
    add(
      'ep combine',
      true,
      'all-to-all',
      elements * ACTIVATION_BYTES,
      plan.ep,
      plan.moeLayers,
      links.ep,
      deepEp?.combine,
    );
  }
  if (layout.pp > 1 && links.pp) add('pp send', false, 'all-gather', 2 * hidden, 2, layout.pp - 1, links.pp);
  return out;
}

/**
 * DeepEP's bytes per TP-group token for an EP group: the normal kernels send a token once per remote rank
 * (within a node) or remote node (across nodes) holding one of its experts, the low-latency kernels once per
 * routed expert; a GPU sends its TP rank's share. Routing is uniform (no node limit, no skew).
 */
function deepEpCollectives(
  spec: ModelSpec,
  plan: ForwardPlan,
  layout: ParallelLayout,
  fp8: boolean,
): Record<DeepEpDirection, DeepEpCollective> {
  const { ep, tp } = plan;
  const k = plan.moeExpertsPerToken;
  const groups = ep <= layout.gpusPerNode ? ep : Math.ceil(ep / layout.gpusPerNode);
  const remote = remoteGroupsPerToken(routedExperts(spec), k, groups);
  const one = (direction: DeepEpDirection): DeepEpCollective => {
    const perCopy = (plan.spec.hiddenSize * deepEpBytesPerElement(direction, fp8)) / tp;
    return { direction, normalBytesPerToken: remote * perCopy, lowLatencyBytesPerToken: k * perCopy };
  };
  return { dispatch: one('dispatch'), combine: one('combine') };
}

/** The assumption line of the setup's EP all-to-all (DeepEP or NCCL). */
export function epAssumption(setup: PassSetup): string {
  const { layout, links, weightDtype, collectives } = setup;
  const dispatch = weightDtype === 'fp8' ? 'fp8' : 'bf16';
  const link = links.ep?.description ?? '';
  const head = `EP ${layout.ep}: whole experts per GPU, uniform routing; per MoE layer a dispatch (${dispatch}) and a combine (bf16)`;
  if (collectives.some((c) => c.deepEp !== null)) {
    return `${head} by DeepEP: normal kernels in prefill (a token sent once per remote ${layout.ep <= layout.gpusPerNode ? 'GPU' : 'node'} holding one of its experts), low-latency kernels in decode (once per expert); rates fitted to DeepEP's published H800 figures (DeepEP docs/legacy.md), scaled to this GPU's link; ${link}`;
  }
  return `${head} as NCCL all-to-alls (${setup.gpu.id} does not run DeepEP: it needs a Hopper or Blackwell GPU on NVSwitch); ${link}`;
}

/** A memo of the last assumption line of one phase and what it was for. */
interface LastLine {
  setup: PassSetup | null;
  sequences: number;
  q: number;
  priorTokens: number;
  line: string;
}
const lastLine = (): LastLine => ({ setup: null, sequences: 0, q: 0, priorTokens: 0, line: '' });
/** The last line per phase: a serving estimate asks for both, and estimates around one shape repeat them. */
const lastPrefill = lastLine();
const lastDecode = lastLine();

/**
 * The assumption line of the attention kernel `setup` runs for a pass of `sequences` x `q` new tokens after
 * `priorTokens`: the kernel's name and its efficiency at that shape.
 */
export function attentionAssumption(
  setup: PassSetup,
  sequences: number,
  q: number,
  priorTokens: number,
  decode: boolean,
): string {
  const last = decode ? lastDecode : lastPrefill;
  if (
    last.setup === setup &&
    last.sequences === sequences &&
    last.q === q &&
    last.priorTokens === priorTokens
  ) {
    return last.line;
  }
  const kernel = decode ? setup.attention.decode : setup.attention.prefill;
  const cost = attentionCost(setup.plan, setup.attention, sequences, q, priorTokens, decode);
  const label = decode ? 'decode attention' : 'prefill attention';
  const line = attentionKernelAssumption(
    label,
    kernel.kernel,
    cost.kernel as KernelEfficiency,
    setup.attentionKernel === 'auto',
  );
  last.setup = setup;
  last.sequences = sequences;
  last.q = q;
  last.priorTokens = priorTokens;
  last.line = line;
  return line;
}
