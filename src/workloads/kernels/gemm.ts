/**
 * `gemm`: one (optionally batched) matrix multiply C[m,n] = A[m,k] B[k,n].
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleOneOp, type Estimate } from '../../model/estimate.ts';
import { gemmCost } from '../../model/op-cost.ts';
import { gpuResources } from '../../model/resources.ts';
import type { GemmShape, OpCost } from '../../model/types.ts';
import { waveQuantization } from '../../model/wave.ts';
import { dtypeParam, integerParam, resourceAssumptions, withAssumption } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

const GEMM_PARAMS = [
  { key: 'm', flag: '--m', description: 'rows of A and C', kind: 'integer' },
  { key: 'n', flag: '--n', description: 'columns of B and C', kind: 'integer' },
  { key: 'k', flag: '--k', description: 'inner dimension', kind: 'integer' },
  dtypeParam('bf16'),
  integerParam('batch', 'independent GEMMs of this shape', 1),
] as const satisfies readonly ParamSpec[];

/** Parsed `gemm` parameters. */
export type GemmParams = ParamsOf<typeof GEMM_PARAMS>;

const gemmMetrics = (sec: number, cost: OpCost) => ({ tflops: cost.flops / sec / 1e12 });

/** Estimate one GEMM op on a GPU (building block for composite workloads). */
export function estimateGemm(gpu: GpuSpec, params: GemmParams): Estimate {
  const { m, n, k, dtype, batch } = params;
  const res = gpuResources(gpu, dtype);
  const cost: OpCost = gemmCost(m, n, k, dtype, batch);
  const wave = waveQuantization(cost.shape as GemmShape, dtype, gpu.smCount.value);
  return assembleOneOp(
    {
      gpu: gpu.id,
      workload: 'gemm',
      params: { m, n, k, dtype, batch },
      throughputMetric: 'tflops',
      capacity: capacityCheck(gpu, cost.bytes),
      confidence: res.curve.confidence,
      assumptions: withAssumption(
        resourceAssumptions(gpu, res, true),
        `tiles: ${wave.tiles} output tiles${wave.splitK > 1 ? ` x split-K ${wave.splitK}` : ''} in ${wave.waves} wave(s), ${Math.round(wave.efficiency * 100)}% of SM time useful`,
      ),
    },
    cost,
    res.byScenario,
    gemmMetrics,
  );
}

/** The `gemm` workload. */
export const GEMM_WORKLOAD: TypedWorkload<typeof GEMM_PARAMS> = {
  kind: 'gemm',
  summary: 'one matrix multiply C[m,n] = A[m,k] x B[k,n]',
  params: GEMM_PARAMS,
  throughputMetric: 'tflops',
  throughputUnit: 'TFLOPS',
  example: '--m 8192 --n 8192 --k 8192 --dtype bf16',
  estimate: estimateGemm,
};
