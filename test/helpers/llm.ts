/**
 * Shared inputs for LLM workload tests: catalog GPUs by id and llm-serving params with defaults.
 */
import { BUILT_IN_GPUS, type GpuSpec, type LlmServingParams } from '../../src/index.ts';

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
