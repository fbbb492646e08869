/**
 * `llm-prefill`: one prefill pass of `--batch` prompts of `--input-len` tokens, after `--context` cached
 * tokens each (0 for fresh prompts; more for a later chunk of chunked prefill), on one GPU of a `--tp` group.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import type { Estimate } from '../../model/estimate.ts';
import type { WorkloadDefinition } from '../types.ts';
import {
  contextWarnings,
  estimateLlmPass,
  LLM_MODEL_PARAMS,
  type LlmModelParams,
  llmModel,
} from './model-params.ts';

/** Parsed `llm-prefill` parameters. */
export interface LlmPrefillParams extends LlmModelParams {
  readonly batch: number;
  readonly inputLen: number;
  /** Tokens already cached per sequence before this pass. */
  readonly context: number;
}

/** Estimate one prefill pass. Metrics: `timeMs`, `inputTokensPerSecPerGpu`. */
export function estimateLlmPrefill(gpu: GpuSpec, p: LlmPrefillParams): Estimate {
  const spec = llmModel(p);
  return estimateLlmPass({
    workload: 'llm-prefill',
    gpu,
    params: { ...p, model: spec.id },
    input: {
      spec,
      weightDtype: p.weightDtype,
      kvDtype: p.kvDtype,
      sequences: p.batch,
      newTokensPerSequence: p.inputLen,
      priorTokens: p.context,
      tp: p.tp,
    },
    decode: false,
    throughputMetric: 'inputTokensPerSecPerGpu',
    tokensPerGpu: (p.batch * p.inputLen) / p.tp,
    assumptions: [
      ...contextWarnings(spec, `--context ${p.context} + --input-len ${p.inputLen}`, p.context + p.inputLen),
      `one pass: ${p.batch} prompt(s) of ${p.inputLen} tokens after ${p.context} cached; causal attention; logits for the last token only; input tokens/s per GPU = tokens / pass time / tp`,
    ],
  });
}

/** The `llm-prefill` workload. */
export const LLM_PREFILL_WORKLOAD: WorkloadDefinition<LlmPrefillParams> = {
  kind: 'llm-prefill',
  summary: 'one LLM prefill pass over prompts of a given length',
  params: [
    ...LLM_MODEL_PARAMS,
    { key: 'batch', flag: '--batch', description: 'prompts in the pass', kind: 'integer', default: 1 },
    {
      key: 'inputLen',
      flag: '--input-len',
      description: 'tokens per prompt',
      kind: 'integer',
      default: 4096,
    },
    {
      key: 'context',
      flag: '--context',
      description: 'tokens already cached per prompt (chunked prefill)',
      kind: 'integer',
      min: 0,
      default: 0,
    },
  ],
  throughputMetric: 'inputTokensPerSecPerGpu',
  throughputUnit: 'tokens/s/GPU',
  example: '--model llama-3-70b --input-len 8192 --tp 4',
  estimate: estimateLlmPrefill,
};
