/**
 * The single-pass LLM workloads, on one GPU of a TP group:
 * - `llm-prefill`: one prefill pass of `batch` prompts of `inputLen` tokens, after `context` cached tokens
 *   each (0 for fresh prompts; more for a later chunk of chunked prefill);
 * - `llm-decode`: one decode step of `batch` sequences at `context` cached tokens each, KV-cache reads
 *   included.
 * @module
 */
import { type Message, msg, param } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { formatBytes, integerParam, resourceAssumptions } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';
import { contextWarnings, LLM_MODEL_PARAMS, type LlmModelParams, llmModel } from './model-params.ts';
import type { ModelSpec } from './models/types.ts';
import type { ParallelLayout } from './parallel-layout.ts';
import { evaluatePass, ONCE, type PassShape, type RowStyle, zeroTotals } from './pass.ts';
import { passSetup } from './pass-setup.ts';
import { kvCacheBytesPerGpu } from './plan.ts';

const LLM_PREFILL_PARAMS = [
  ...LLM_MODEL_PARAMS,
  integerParam('batch', 'prompts in the pass', 1),
  integerParam('inputLen', 'tokens per prompt', 4096),
  integerParam('context', 'tokens already cached per prompt (chunked prefill)', 0, 0),
] as const satisfies readonly ParamSpec[];

/** Parsed `llm-prefill` parameters: the model's, `batch` prompts of `inputLen` tokens after `context` cached. */
export type LlmPrefillParams = ParamsOf<typeof LLM_PREFILL_PARAMS>;

const LLM_DECODE_PARAMS = [
  ...LLM_MODEL_PARAMS,
  integerParam('batch', 'sequences decoding together', 1),
  integerParam('context', 'tokens already in each KV cache', 4096, 0),
] as const satisfies readonly ParamSpec[];

/** Parsed `llm-decode` parameters: the model's, `batch` sequences with `context` tokens already cached each. */
export type LlmDecodeParams = ParamsOf<typeof LLM_DECODE_PARAMS>;

/** Estimate one prefill pass. Metrics: `timeMs`, `inputTokensPerSecPerGpu`. */
export function estimateLlmPrefill(gpu: GpuSpec, p: LlmPrefillParams): Estimate {
  const spec = llmModel(p);
  return estimateLlmPass(gpu, spec, p, {
    workload: 'llm-prefill',
    pass: { sequences: p.batch, newTokens: p.inputLen, priorTokens: p.context, decode: false },
    throughputMetric: 'inputTokensPerSecPerGpu',
    tokensPerGpu: (p.batch * p.inputLen) / p.tp,
    warnings: contextWarnings(
      spec,
      p.context + p.inputLen,
      () => msg`${param('context')} ${p.context} + ${param('inputLen')} ${p.inputLen}`,
    ),
    assumptions: [
      `one pass: ${p.batch} prompt(s) of ${p.inputLen} tokens after ${p.context} cached; causal attention; logits for the last token only; input tokens/s per GPU = tokens / pass time / tp`,
    ],
  });
}

/** Estimate one decode step. Metrics: `timeMs`, `outputTokensPerSecPerGpu`. */
export function estimateLlmDecode(gpu: GpuSpec, p: LlmDecodeParams): Estimate {
  const spec = llmModel(p);
  return estimateLlmPass(gpu, spec, p, {
    workload: 'llm-decode',
    pass: { sequences: p.batch, newTokens: 1, priorTokens: p.context, decode: true },
    throughputMetric: 'outputTokensPerSecPerGpu',
    tokensPerGpu: p.batch / p.tp,
    warnings: contextWarnings(spec, p.context + 1, () => msg`${param('context')} ${p.context} + 1 new token`),
    assumptions: [
      `one step: ${p.batch} sequence(s) each read ${p.context} cached tokens and write one; output tokens/s per GPU = batch / step time / tp`,
    ],
  });
}

/** What a single-pass workload adds to the model parameters. */
interface SinglePass {
  readonly workload: string;
  readonly pass: PassShape;
  readonly throughputMetric: string;
  /** Tokens the pass yields per GPU (output tokens for decode, input tokens for prefill). */
  readonly tokensPerGpu: number;
  /** Warnings about the inputs (`Estimate.warnings`). */
  readonly warnings: readonly Message[];
  readonly assumptions: readonly string[];
}

const PASS_ROWS: RowStyle = { prefix: '', countOnes: false };

/** Time one forward pass on one GPU of its TP group (the three scenarios in one pass over the ops). */
function estimateLlmPass(gpu: GpuSpec, spec: ModelSpec, p: LlmModelParams, run: SinglePass): Estimate {
  const setup = passSetup(gpu, spec, singleGroup(p.tp, p.gpusPerNode), p.weightDtype, p.kvDtype);
  const rows = newBreakdown();
  const totals = zeroTotals();
  evaluatePass(setup, run.pass, ONCE, { rows, style: PASS_ROWS, totals, ops: null });
  const { plan, linear } = setup;
  const { pass } = run;
  const kvCacheBytes = kvCacheBytesPerGpu(plan, pass.sequences, pass.priorTokens + pass.newTokens);
  return assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload: run.workload,
      params: { ...p, model: spec.id },
      throughputMetric: run.throughputMetric,
      capacity: capacityCheck(gpu, plan.weightBytesPerGpu + kvCacheBytes),
      confidence: linear.curve.confidence,
      warnings: run.warnings,
      assumptions: [
        ...run.assumptions,
        `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
        `memory per GPU: weights ${formatBytes(plan.weightBytesPerGpu)} + KV cache ${formatBytes(kvCacheBytes)}; activations and runtime workspace not counted`,
        `weights ${p.weightDtype} (embedding, LM head, norms and routers bf16), KV cache ${p.kvDtype}, activations bf16`,
        'MoE: routing assumed uniform, so a pass reads the expected number of distinct experts its tokens touch',
        ...(p.tp > 1
          ? [
              `TP ${p.tp}: Megatron sharding, 2 all-reduces of the hidden state per layer, not overlapped; ${setup.links.tp?.description ?? ''}`,
            ]
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

/** The layout of a single TP group: no EP, PP or DP. */
function singleGroup(tp: number, gpusPerNode: number): ParallelLayout {
  const nodes = Math.ceil(tp / gpusPerNode);
  return { tp, pp: 1, dp: 1, ep: 1, numGpus: tp, nodes, gpusPerNode, warnings: [] };
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
