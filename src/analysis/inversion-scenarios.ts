/**
 * The built-in inversions catalogue: scenarios, as data, that set a flagship against the parts cut down for
 * export (H800: NVLink 400 GB/s; H20: about 1/7 of H100's TPP with more and faster HBM; RTX 4090D: fewer
 * SMs). Each names its workload kind and CLI flags, so a scenario whose workload is not registered yet
 * (training, llm-serving) is reported as unavailable and starts working when the workload lands.
 * Cases where the flagship wins belong here too.
 * @module
 */
import type { Precision } from '../hardware/types.ts';

/** Which GPUs a scenario sets against each other by default. */
export type ScenarioScope = 'data-center' | 'consumer';

/** One catalogue scenario. */
export interface InversionScenario {
  /** Kebab-case id. */
  readonly id: string;
  readonly title: string;
  /** Workload kind in the registry, e.g. `llm-decode`. */
  readonly workload: string;
  /** Workload flags and their values, as a user would type them. */
  readonly flags: Readonly<Record<string, string>>;
  /**
   * `data-center`: h100-sxm against h800-sxm and h20 by default, or the `gpus` list (first = flagship).
   * `consumer`: its own pair, whatever `gpus` says.
   */
  readonly scope: ScenarioScope;
  /** The consumer pair: flagship first. Data-center scenarios use the defaults below. */
  readonly gpus?: readonly [string, ...string[]];
  /** The precision whose peak explains a compute-bound result. */
  readonly computePrecision: Precision;
  /** What the scenario is meant to show, and why. */
  readonly rationale: string;
}

/** The default flagship and restricted parts of data-center scenarios. */
export const DATA_CENTER_GPUS: readonly [string, ...string[]] = ['h100-sxm', 'h800-sxm', 'h20'];

/** Every built-in scenario, in display order. */
export const INVERSION_SCENARIOS: readonly InversionScenario[] = [
  {
    id: 'decode-small-batch-70b',
    title: 'Llama-3-70B decode at small batch (batch 8, 4k context, TP 2)',
    workload: 'llm-decode',
    flags: { '--model': 'llama-3-70b', '--batch': '8', '--context': '4096', '--tp': '2' },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale: 'each step streams all weights and the KV cache: HBM bandwidth decides, and H20 has 4.0 TB/s',
  },
  {
    id: 'decode-long-context-96gb',
    title: 'Llama-3-70B fp8 decode at 32k context on one GPU (fits in 96 GB, not in 80 GB)',
    workload: 'llm-decode',
    flags: {
      '--model': 'llama-3-70b',
      '--weight-dtype': 'fp8',
      '--batch': '1',
      '--context': '32768',
      '--tp': '1',
    },
    scope: 'data-center',
    computePrecision: 'fp8',
    rationale: '70 GB of fp8 weights plus a 10 GB KV cache: only the 96 GB part holds it on one GPU',
  },
  {
    id: 'decode-tp8-nvlink',
    title: 'Llama-3-70B decode across 8 GPUs (TP 8, batch 16, 4k context)',
    workload: 'llm-decode',
    flags: { '--model': 'llama-3-70b', '--batch': '16', '--context': '4096', '--tp': '8' },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale: 'two all-reduces per layer per step: H800 NVLink (400 GB/s) binds, H20 keeps 900 GB/s',
  },
  {
    id: 'prefill-70b',
    title: 'Llama-3-70B prefill of a 4k prompt (TP 2)',
    workload: 'llm-prefill',
    flags: { '--model': 'llama-3-70b', '--input-len': '4096', '--tp': '2' },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale: 'prefill is dense matrix math: the flagship wins by its tensor peak (about 6.7x H20)',
  },
  {
    id: 'serving-70b-tp8',
    title: 'Llama-3-70B serving on 8 GPUs (2k in, 512 out, largest batch that fits)',
    workload: 'llm-serving',
    flags: {
      '--model': 'llama-3-70b',
      '--tp': '8',
      '--input-len': '2048',
      '--output-len': '512',
      '--batch': 'max',
    },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale: 'output tokens/s mixes decode (bandwidth) and prefill (compute); H20 holds larger batches',
  },
  {
    id: 'training-dense-70b',
    title: 'Llama-3-70B dense training on 64 GPUs (TP 8, DP 8)',
    workload: 'training',
    flags: {
      '--model': 'llama-3-70b',
      '--num-gpus': '64',
      '--tp': '8',
      '--dp': '8',
      '--train-tokens': '1e12',
    },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale: 'training is compute-bound: throughput follows the tensor peak, so the flagship wins',
  },
  {
    id: 'training-moe-ep',
    title: 'Qwen3-30B-A3B MoE training on 16 GPUs with expert parallelism (EP 8)',
    workload: 'training',
    flags: {
      '--model': 'qwen3-30b-a3b',
      '--num-gpus': '16',
      '--ep': '8',
      '--dp': '16',
      '--train-tokens': '1e11',
    },
    scope: 'data-center',
    computePrecision: 'bf16',
    rationale:
      'EP all-to-all moves tokens between GPUs every layer: the scale-up link matters beside compute',
  },
  {
    id: 'hpc-fp64',
    title: 'FP64 HPL-style LU solve (n = 60,000)',
    workload: 'hpc-fp64',
    flags: { '--n': '60000' },
    scope: 'data-center',
    computePrecision: 'fp64-tensor',
    rationale: 'H800 and H20 keep about 1 TFLOPS of FP64 against 67 on H100: the flagship wins by far',
  },
  {
    id: 'consumer-gemm-4090d',
    title: 'RTX 4090D vs RTX 4090: bf16 GEMM 8192^3 (compute-bound)',
    workload: 'gemm',
    flags: { '--m': '8192', '--n': '8192', '--k': '8192', '--dtype': 'bf16' },
    scope: 'consumer',
    gpus: ['rtx-4090', 'rtx-4090d'],
    computePrecision: 'bf16',
    rationale: 'the 4090D has 114 of 128 SMs: compute-bound work loses about 11%',
  },
  {
    id: 'consumer-decode-4090d',
    title: 'RTX 4090D vs RTX 4090: Llama-3-8B int4 decode at batch 1 (memory-bound)',
    workload: 'llm-decode',
    flags: { '--model': 'llama-3-8b', '--weight-dtype': 'int4', '--batch': '1' },
    scope: 'consumer',
    gpus: ['rtx-4090', 'rtx-4090d'],
    computePrecision: 'bf16',
    rationale: 'same 1 TB/s GDDR6X: memory-bound decode does not see the cut',
  },
];
