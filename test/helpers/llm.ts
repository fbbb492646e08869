/**
 * Shared inputs for LLM workload tests: catalog GPUs by id, and llm-serving and training params with defaults.
 */
import { BUILT_IN_GPUS, type GpuSpec, type LlmServingParams, type TrainingParams } from '../../src/index.ts';

/** A built-in GPU by id. */
export const gpu = (id: string): GpuSpec => BUILT_IN_GPUS.find((g) => g.id === id)!;

/** llm-serving params: llama-3-8b bf16 on one GPU, 1024 in / 128 out, batch 1, with overrides. */
export const servingParams = (over: Partial<LlmServingParams> = {}): LlmServingParams => ({
  model: 'llama-3-8b',
  modelConfig: '',
  weightDtype: 'bf16',
  kvDtype: 'bf16',
  tp: 1,
  gpusPerNode: 8,
  ep: 1,
  pp: 1,
  dp: 1,
  numGpus: 0,
  nodes: 0,
  batch: 1,
  inputLen: 1024,
  outputLen: 128,
  targetTpotMs: 0,
  twoBatchOverlap: 'off',
  mtp: 'off',
  mtpAcceptance: 0.85,
  attentionKernel: 'auto',
  ...over,
});

/** training params: llama-3-8b bf16 on 8 GPUs (DP 8), global batch 64 of 4096 tokens, with overrides. */
export const trainingParams = (over: Partial<TrainingParams> = {}): TrainingParams => ({
  model: 'llama-3-8b',
  modelConfig: '',
  tp: 1,
  gpusPerNode: 8,
  ep: 1,
  pp: 1,
  dp: 8,
  numGpus: 0,
  nodes: 0,
  trainTokens: 1e12,
  globalBatch: 64,
  seqLen: 4096,
  microBatch: 1,
  precision: 'bf16',
  weightDtype: 'bf16',
  recompute: 'auto',
  tpCommOverlap: 'on',
  pipelineSchedule: '1f1b',
  attentionKernel: 'auto',
  mtp: 'off',
  ...over,
});
