/**
 * `llm-decode`: one decode step of `--batch` sequences at `--context` cached tokens each, including the
 * KV-cache reads, on one GPU of a `--tp` group.
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

/** Parsed `llm-decode` parameters. */
export interface LlmDecodeParams extends LlmModelParams {
  readonly batch: number;
  /** Tokens already in each sequence's KV cache. */
  readonly context: number;
}

/** Estimate one decode step. Metrics: `timeMs`, `outputTokensPerSecPerGpu`. */
export function estimateLlmDecode(gpu: GpuSpec, p: LlmDecodeParams): Estimate {
  const spec = llmModel(p);
  return estimateLlmPass({
    workload: 'llm-decode',
    gpu,
    params: { ...p, model: spec.id },
    input: {
      spec,
      weightDtype: p.weightDtype,
      kvDtype: p.kvDtype,
      sequences: p.batch,
      newTokensPerSequence: 1,
      priorTokens: p.context,
      tp: p.tp,
    },
    decode: true,
    throughputMetric: 'outputTokensPerSecPerGpu',
    tokensPerGpu: p.batch / p.tp,
    assumptions: [
      ...contextWarnings(spec, `--context ${p.context} + 1 new token`, p.context + 1),
      `one step: ${p.batch} sequence(s) each read ${p.context} cached tokens and write one; output tokens/s per GPU = batch / step time / tp`,
    ],
  });
}

/** The `llm-decode` workload. */
export const LLM_DECODE_WORKLOAD: WorkloadDefinition<LlmDecodeParams> = {
  kind: 'llm-decode',
  summary: 'one LLM decode step at batch B and context L, KV-cache reads included',
  params: [
    ...LLM_MODEL_PARAMS,
    {
      key: 'batch',
      flag: '--batch',
      description: 'sequences decoding together',
      kind: 'integer',
      default: 1,
    },
    {
      key: 'context',
      flag: '--context',
      description: 'tokens already in each KV cache',
      kind: 'integer',
      min: 0,
      default: 4096,
    },
  ],
  throughputMetric: 'outputTokensPerSecPerGpu',
  throughputUnit: 'tokens/s/GPU',
  example: '--model llama-3-70b --batch 8 --context 4096 --tp 2',
  estimate: estimateLlmDecode,
};
