/**
 * Controls: the valid documents of `inputs.ts`, run as the cases run them, must succeed. A bad case
 * breaks one of these in one way; if its control fails, the case may be failing for another reason.
 * @module
 */
import type { CorpusCase } from './cases.ts';
import {
  CHEAP_RUN,
  DECODE,
  EMPTY_KERNEL_MODULE,
  GPU_FILE,
  json,
  modelConfig,
  RESULTS,
  SUITE,
} from './inputs.ts';

/** A run that must exit 0 and leave exactly the files named in `creates` beside its inputs. */
export interface Control extends Pick<CorpusCase, 'id' | 'argv' | 'files'> {
  readonly creates?: readonly string[];
}

const GEMM = ['--m', '4096', '--n', '4096', '--k', '4096'];

/** Every control. */
export const CONTROLS: readonly Control[] = [
  { id: 'gpu-file', argv: ['gpus', '--gpu-file', 'gpus.json'], files: { 'gpus.json': json(GPU_FILE) } },
  {
    id: 'gpu-file/classify',
    argv: ['classify', '--gpu', 'h20-oc,my-accel', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': json(GPU_FILE) },
  },
  {
    id: 'gpu-file/estimate-new-gpu',
    argv: ['estimate', 'gemm', '--gpu', 'my-accel', ...GEMM, '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': json(GPU_FILE) },
  },
  {
    id: 'gpu-file/stream-new-gpu',
    argv: ['estimate', 'stream', '--gpu', 'my-accel', '--bytes', '1GB', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': json(GPU_FILE) },
  },
  ...['llama-3-8b', 'mixtral-8x7b', 'deepseek-v3', 'qwen3-30b-a3b'].map((preset) => ({
    id: `model-config/${preset}`,
    argv: [...DECODE, '--model-config', 'config.json'],
    files: { 'config.json': json(modelConfig(preset)) },
  })),
  {
    id: 'model-config/compare-mixtral',
    argv: ['compare', 'llm-decode', '--gpus', 'h100,h20', '--model-config', 'mixtral/config.json'],
    files: { 'mixtral/config.json': json(modelConfig('mixtral-8x7b')) },
  },
  {
    id: 'with-local',
    argv: ['compare', 'gemm', ...GEMM, '--gpus', 'h100,h20', '--with-local', 'r.json'],
    files: { 'r.json': json(RESULTS) },
  },
  { id: 'profile', argv: ['profile', 'r.json'], files: { 'r.json': json(RESULTS) } },
  {
    id: 'suite-file',
    argv: ['run', 'suite.json', '--threads', '1'],
    files: { 'suite.json': json(SUITE) },
  },
  {
    id: 'kernel-module',
    argv: ['run', 'quick', ...CHEAP_RUN, '--kernel-module', 'mod.mjs'],
    files: { 'mod.mjs': EMPTY_KERNEL_MODULE },
  },
  { id: 'run-out', argv: ['run', 'quick', ...CHEAP_RUN, '--out', 'r.json'], creates: ['r.json'] },
  {
    id: 'sweep-out',
    argv: [
      ...['sweep', 'gemm', '--gpus', 'h100,h20', '--n', '4096', '--k', '4096', '--threads', '0'],
      ...['--m', '1..1024', '--out', 's.csv'],
    ],
    creates: ['s.csv'],
  },
  { id: 'inversions', argv: ['inversions', '--scenario', 'prefill-70b,hpc-fp64'] },
];
