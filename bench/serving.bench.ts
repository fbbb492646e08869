/**
 * Serving estimator speed: full llm-serving estimates (3 scenarios, breakdown, assumptions) per second on one
 * core for an 80-layer dense model and for deepseek-v3 (target >= 100,000/s), plus the TPOT fast path.
 */
import { BUILT_IN_GPUS } from '../src/hardware/catalog.ts';
import { resolveModelSpec } from '../src/workloads/llm/models/resolve.ts';
import { resolveLayout } from '../src/workloads/llm/parallel-layout.ts';
import { passSetup } from '../src/workloads/llm/pass-setup.ts';
import { estimateLlmServing, type LlmServingParams } from '../src/workloads/llm/serving.ts';
import { servingTimes } from '../src/workloads/llm/serving-model.ts';
import { type BenchFile, opsPerSecond } from './harness.ts';

const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm')!;
const target = { value: 1e5, text: '>= 100,000 ops/s' };
const base = {
  modelConfig: '',
  kvDtype: 'bf16',
  gpusPerNode: 8,
  pp: 1,
  numGpus: 0,
  nodes: 0,
  inputLen: 2048,
  outputLen: 256,
  targetTpotMs: 0,
  twoBatchOverlap: 'off',
  mtp: 'off',
  mtpAcceptance: 0.85,
  attentionKernel: 'auto',
} as const;
const llama: LlmServingParams = {
  ...base,
  model: 'llama-3-70b',
  weightDtype: 'bf16',
  tp: 4,
  dp: 1,
  ep: 1,
  batch: 32,
};
const deepseek: LlmServingParams = {
  ...base,
  model: 'deepseek-v3',
  weightDtype: 'fp8',
  tp: 1,
  dp: 8,
  ep: 8,
  batch: 32,
  gpusPerNode: 8,
};
const h200 = BUILT_IN_GPUS.find((g) => g.id === 'h200-sxm')!;
const spec = resolveModelSpec({ model: 'llama-3-70b' });
const setup = passSetup(h100, spec, resolveLayout(spec, llama), 'bf16', 'bf16');

const bench: BenchFile = async () => [
  {
    name: 'serving times fast path (llama-3-70b, TP4)',
    unit: 'ops/s',
    higherIsBetter: true,
    samples: opsPerSecond(() => servingTimes(setup, { inputLen: 2048, outputLen: 256 }, 32)),
  },
  {
    name: 'llm-serving estimate llama-3-70b (80 layers, TP4, batch 32)',
    unit: 'ops/s',
    higherIsBetter: true,
    target,
    samples: opsPerSecond(() => estimateLlmServing(h100, llama)),
  },
  {
    name: 'llm-serving estimate llama-3-70b --batch max',
    unit: 'ops/s',
    higherIsBetter: true,
    target,
    samples: opsPerSecond(() => estimateLlmServing(h100, { ...llama, batch: 'max' })),
  },
  {
    name: 'llm-serving estimate deepseek-v3 (fp8, DP8 EP8, H200)',
    unit: 'ops/s',
    higherIsBetter: true,
    target,
    samples: opsPerSecond(() => estimateLlmServing(h200, deepseek)),
  },
  {
    name: 'llm-serving estimate deepseek-v3 with two-batch overlap',
    unit: 'ops/s',
    higherIsBetter: true,
    samples: opsPerSecond(() => estimateLlmServing(h200, { ...deepseek, twoBatchOverlap: 'on' })),
  },
];
export default bench;
