/**
 * The built-in workloads. A later workload adds its file and one line to {@link BUILT_IN_WORKLOADS}.
 * @module
 */
import { ATTENTION_WORKLOAD } from './kernels/attention.ts';
import {
  ALLGATHER_WORKLOAD,
  ALLREDUCE_WORKLOAD,
  ALLTOALL_WORKLOAD,
  REDUCE_SCATTER_WORKLOAD,
} from './kernels/collectives.ts';
import { GEMM_WORKLOAD } from './kernels/gemm.ts';
import { HPC_FP64_WORKLOAD } from './kernels/hpc-fp64.ts';
import { STREAM_WORKLOAD } from './kernels/stream.ts';
import { LLM_DECODE_WORKLOAD, LLM_PREFILL_WORKLOAD } from './llm/prefill-decode.ts';
import { LLM_SERVING_WORKLOAD } from './llm/serving.ts';
import { TRAINING_WORKLOAD } from './llm/training.ts';
import { createWorkloadRegistry, type WorkloadRegistry } from './registry.ts';
import type { AnyWorkload } from './types.ts';

/** Every built-in workload, in help order. */
export const BUILT_IN_WORKLOADS: readonly AnyWorkload[] = [
  GEMM_WORKLOAD,
  STREAM_WORKLOAD,
  ATTENTION_WORKLOAD,
  ALLREDUCE_WORKLOAD,
  ALLGATHER_WORKLOAD,
  REDUCE_SCATTER_WORKLOAD,
  ALLTOALL_WORKLOAD,
  HPC_FP64_WORKLOAD,
  LLM_PREFILL_WORKLOAD,
  LLM_DECODE_WORKLOAD,
  LLM_SERVING_WORKLOAD,
  TRAINING_WORKLOAD,
];

/** The registry over {@link BUILT_IN_WORKLOADS}. */
export const WORKLOADS: WorkloadRegistry = createWorkloadRegistry(BUILT_IN_WORKLOADS);
