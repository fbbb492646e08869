/**
 * The single-pass LLM workloads, on one GPU of a TP group:
 * - `llm-prefill`: one prefill pass of `batch` prompts of `inputLen` tokens, after `context` cached tokens
 *   each (0 for fresh prompts; more for a later chunk of chunked prefill); `tokens` (prefill tokens per GPU)
 *   sets the prompts instead;
 * - `llm-decode`: one decode step of `batch` sequences at `context` cached tokens each, KV-cache reads
 *   included.
 *
 * Both take the layout of the multi-GPU workloads (`ep`, `pp`, `dp`, `numGpus`, `nodes`). `batch` is a TP
 * group's: each of the `dp` replicas runs its own at the same time (DP attention when `ep > 1`: the EP group's
 * all-to-all carries every replica's tokens), so a GPU's tokens are its TP group's divided by `tp`. With
 * `pp` stages the pass is one micro-batch through every stage; throughput assumes `pp` micro-batches in
 * flight, as `llm-serving` does.
 * @module
 */
import { type Message, msg, param, UserError } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { formatBytes, integerParam, resourceAssumptions } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';
import {
  contextWarnings,
  LLM_MODEL_PARAMS,
  type LlmModelParams,
  llmModel,
  PREFILL_TOKENS_PARAM,
  refusedParam,
} from './model-params.ts';
import type { ModelSpec } from './models/types.ts';
import { addMtpDraft, MTP_PARAMS, type MtpPlan, mtpAssumption, resolveMtp, verifyPass } from './mtp.ts';
import {
  describeLayout,
  PARALLEL_PARAMS,
  type ParallelLayout,
  type ParallelParams,
  resolveLayout,
} from './parallel-layout.ts';
import {
  evaluatePass,
  ONCE,
  overlapAssumption,
  type PassShape,
  type RowStyle,
  TWO_BATCH_OVERLAP_PARAM,
  zeroTotals,
} from './pass.ts';
import { attentionAssumption, epAssumption, type PassSetup, passSetup } from './pass-setup.ts';
import { kvCacheBytesPerGpu } from './plan.ts';

const LLM_PREFILL_PARAMS = [
  ...LLM_MODEL_PARAMS,
  ...PARALLEL_PARAMS,
  integerParam('batch', 'prompts in the pass of a TP group (each DP replica runs its own)', 1),
  PREFILL_TOKENS_PARAM,
  integerParam('inputLen', 'tokens per prompt', 4096),
  integerParam('context', 'tokens already cached per prompt (chunked prefill)', 0, 0),
  TWO_BATCH_OVERLAP_PARAM,
] as const satisfies readonly ParamSpec[];

/**
 * Parsed `llm-prefill` parameters: the model's and the layout's, `batch` prompts of `inputLen` tokens per TP
 * group after `context` cached, or `tokens` prefill tokens per GPU (0: use `batch`).
 */
export type LlmPrefillParams = ParamsOf<typeof LLM_PREFILL_PARAMS>;

const LLM_DECODE_PARAMS = [
  ...LLM_MODEL_PARAMS,
  ...PARALLEL_PARAMS,
  integerParam('batch', 'sequences of a TP group decoding together (each DP replica runs its own)', 1),
  integerParam('context', 'tokens already in each KV cache', 4096, 0),
  TWO_BATCH_OVERLAP_PARAM,
  ...MTP_PARAMS,
  refusedParam(
    'tokens',
    '--tokens',
    msg`${param('tokens')} is prefill tokens per GPU (llm-prefill); a decode step makes one token per sequence: set ${param('batch')} (sequences per TP group)`,
  ),
] as const satisfies readonly ParamSpec[];

/**
 * Parsed `llm-decode` parameters: the model's and the layout's, `batch` sequences per TP group with
 * `context` tokens already cached each (`tokens` is refused: it is llm-prefill's).
 */
export type LlmDecodeParams = ParamsOf<typeof LLM_DECODE_PARAMS>;

/** Estimate one prefill pass. Metrics: `timeMs`, `inputTokensPerSecPerGpu`. */
export function estimateLlmPrefill(gpu: GpuSpec, p: LlmPrefillParams): Estimate {
  const spec = llmModel(p);
  const batch = prefillPrompts(p);
  return estimateLlmPass(gpu, spec, p, {
    workload: 'llm-prefill',
    params: { ...p, model: spec.id, batch },
    pass: {
      sequences: batch,
      newTokens: p.inputLen,
      priorTokens: p.context,
      decode: false,
      twoBatchOverlap: p.twoBatchOverlap === 'on',
    },
    mtp: null,
    throughputMetric: 'inputTokensPerSecPerGpu',
    tokensPerGpu: (batch * p.inputLen) / p.tp,
    warnings: contextWarnings(
      spec,
      p.context + p.inputLen,
      () => msg`${param('context')} ${p.context} + ${param('inputLen')} ${p.inputLen}`,
    ),
    assumptions: [
      `one pass: ${batch} prompt(s) of ${p.inputLen} tokens after ${p.context} cached; causal attention; logits for the last token only; input tokens/s per GPU = tokens / pass time / tp`,
      ...(p.tokens > 0
        ? [
            `tokens ${p.tokens} per GPU: ${p.tokens} x tp ${p.tp} / inputLen ${p.inputLen} = ${batch} prompt(s) per TP group`,
          ]
        : []),
    ],
  });
}

/** Prompts per TP group: `batch`, or `tokens x tp / inputLen` when `tokens` is given. */
function prefillPrompts(p: LlmPrefillParams): number {
  if (p.tokens === 0) return p.batch;
  if (p.batch !== 1) {
    throw new UserError(msg`${param('batch')} and ${param('tokens')} both set the prompts: give one`);
  }
  const prompts = (p.tokens * p.tp) / p.inputLen;
  if (!Number.isInteger(prompts)) {
    throw new UserError(
      msg`${param('tokens')} ${p.tokens} x ${param('tp')} ${p.tp} must be a whole number of ${param('inputLen')} ${p.inputLen}-token prompts per TP group (got ${prompts})`,
    );
  }
  return prompts;
}

/** Estimate one decode step. Metrics: `timeMs`, `outputTokensPerSecPerGpu`. */
export function estimateLlmDecode(gpu: GpuSpec, p: LlmDecodeParams): Estimate {
  const spec = llmModel(p);
  const mtp = resolveMtp(spec, p);
  const step = { sequences: p.batch, newTokens: 1, priorTokens: p.context, decode: true };
  const tokensPerStep = mtp?.tokensPerStep ?? 1;
  return estimateLlmPass(gpu, spec, p, {
    workload: 'llm-decode',
    params: { ...p, model: spec.id },
    pass: verifyPass({ ...step, twoBatchOverlap: p.twoBatchOverlap === 'on' }, mtp),
    mtp,
    throughputMetric: 'outputTokensPerSecPerGpu',
    tokensPerGpu: (p.batch * tokensPerStep) / p.tp,
    warnings: contextWarnings(spec, p.context + 1, () => msg`${param('context')} ${p.context} + 1 new token`),
    assumptions: [
      `one step: ${p.batch} sequence(s) each read ${p.context} cached tokens and write one${mtp ? ` (and verify ${mtp.draftTokens} drafted)` : ''}; output tokens/s per GPU = batch${mtp ? ' x tokens per step' : ''} / step time / tp`,
      ...(mtp ? [mtpAssumption(mtp)] : []),
    ],
  });
}

/** What a single-pass workload adds to the model parameters. */
interface SinglePass {
  readonly workload: string;
  /** The parameters the estimate records (resolved where the workload resolves one). */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly pass: PassShape;
  /** Multi-token prediction of a decode step (its draft is added to the pass); null: off. */
  readonly mtp: MtpPlan | null;
  readonly throughputMetric: string;
  /** Tokens the pass yields per GPU (output tokens for decode, input tokens for prefill). */
  readonly tokensPerGpu: number;
  /** Warnings about the inputs (`Estimate.warnings`). */
  readonly warnings: readonly Message[];
  readonly assumptions: readonly string[];
}

const PASS_ROWS: RowStyle = { prefix: '', countOnes: false };

/** Time one forward pass on one GPU of its TP group (the three scenarios in one pass over the ops). */
function estimateLlmPass(
  gpu: GpuSpec,
  spec: ModelSpec,
  p: LlmModelParams & ParallelParams,
  run: SinglePass,
): Estimate {
  const layout = resolveLayout(spec, p);
  const setup = passSetup(gpu, spec, layout, p.weightDtype, p.kvDtype, 'weightDtype', p.attentionKernel);
  const rows = newBreakdown();
  const totals = zeroTotals();
  const sink = { rows, style: PASS_ROWS, totals, ops: null };
  const overlapped = evaluatePass(setup, run.pass, ONCE, sink);
  if (run.mtp !== null) addMtpDraft(setup, run.pass, ONCE, sink);
  const overlap = overlapAssumption(setup, run.pass.twoBatchOverlap === true, {
    [run.pass.decode ? 'the decode step' : 'the prefill pass']: overlapped,
  });
  const { plan, linear } = setup;
  const { pass } = run;
  // With pp micro-batches in flight a GPU holds its stage's layers' KV cache for all of them: the bytes of
  // one micro-batch over every layer.
  const kvCacheBytes = kvCacheBytesPerGpu(plan, pass.sequences, pass.priorTokens + pass.newTokens);
  const weightBytes = layout.pp > 1 ? setup.stageWeightBytes : plan.weightBytesPerGpu;
  const usesLayout = p.ep > 1 || p.pp > 1 || p.dp > 1 || p.numGpus > 0 || p.nodes > 0;
  return assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload: run.workload,
      params: run.params,
      throughputMetric: run.throughputMetric,
      capacity: capacityCheck(gpu, weightBytes + kvCacheBytes),
      confidence: linear.curve.confidence,
      warnings: [...run.warnings, ...layout.warnings],
      assumptions: [
        ...run.assumptions,
        `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
        ...(usesLayout ? layoutAssumptions(setup) : []),
        attentionAssumption(setup, pass.sequences, pass.newTokens, pass.priorTokens, pass.decode),
        `memory per GPU: weights ${formatBytes(weightBytes)} + KV cache ${formatBytes(kvCacheBytes)}; activations and runtime workspace not counted`,
        `weights ${p.weightDtype} (embedding, LM head, norms and routers bf16), KV cache ${p.kvDtype}, activations bf16`,
        'MoE: routing assumed uniform, so a pass reads the expected number of distinct experts its tokens touch',
        ...(p.tp > 1
          ? [
              `TP ${p.tp}: Megatron sharding, 2 all-reduces of the hidden state per layer, not overlapped (SGLang and vLLM run them between the GEMMs); ${setup.links.tp?.description ?? ''}`,
            ]
          : []),
        ...(setup.links.ep ? [epAssumption(setup)] : []),
        ...(overlap === null ? [] : [overlap]),
        ...(setup.links.pp
          ? [`PP ${layout.pp}: one activation send per stage boundary; ${setup.links.pp.description}`]
          : []),
        'norms, rotary embedding, activation functions and sampling are not costed (elementwise, small next to GEMMs)',
        ...resourceAssumptions(gpu, linear, true),
      ],
    },
    rows,
    { [run.throughputMetric]: run.tokensPerGpu / totals.nominalSec },
    totals.optimisticSec,
    totals.pessimisticSec,
  );
}

/** What a layout beyond one TP group means for a single pass (only when a layout parameter is given). */
function layoutAssumptions(setup: PassSetup): string[] {
  const l: ParallelLayout = setup.layout;
  const out = [describeLayout(l)];
  if (l.dp > 1) {
    out.push(
      `DP ${l.dp}: each of the ${l.dp} TP groups of a stage runs this pass on its own batch at the same time${l.ep > 1 ? " (DP attention; the MoE layers see every group's tokens through EP)" : ''}; tokens per GPU = one TP group's tokens / tp`,
    );
  }
  if (l.pp > 1) {
    out.push(
      `PP ${l.pp}: the pass is one micro-batch through all ${l.pp} stages (every layer plus ${l.pp - 1} activation send(s)); throughput assumes ${l.pp} micro-batches in flight (a full pipeline), so tokens per GPU = a micro-batch's tokens / tp; a GPU stores its stage's weights`,
    );
  }
  return out;
}

/** The `llm-prefill` workload. */
export const LLM_PREFILL_WORKLOAD: TypedWorkload<typeof LLM_PREFILL_PARAMS> = {
  kind: 'llm-prefill',
  summary: 'one LLM prefill pass over prompts of a given length',
  params: LLM_PREFILL_PARAMS,
  throughputMetric: 'inputTokensPerSecPerGpu',
  throughputUnit: 'tokens/s/GPU',
  example: '--model llama-3-70b --input-len 8192 --tp 4',
  estimate: estimateLlmPrefill,
};

/** The `llm-decode` workload. */
export const LLM_DECODE_WORKLOAD: TypedWorkload<typeof LLM_DECODE_PARAMS> = {
  kind: 'llm-decode',
  summary: 'one LLM decode step at batch B and context L, KV-cache reads included',
  params: LLM_DECODE_PARAMS,
  throughputMetric: 'outputTokensPerSecPerGpu',
  throughputUnit: 'tokens/s/GPU',
  example: '--model llama-3-70b --batch 8 --context 4096 --tp 2',
  estimate: estimateLlmDecode,
};
