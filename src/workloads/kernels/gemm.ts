/**
 * `gemm`: one (optionally batched) matrix multiply C[m,n] = A[m,k] B[k,n].
 * @module
 */
import type { GpuSpec, Precision } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleFromTimes, type Estimate } from '../../model/estimate.ts';
import { gemmCost } from '../../model/op-cost.ts';
import { gpuResources } from '../../model/resources.ts';
import { opTimeRange } from '../../model/roofline.ts';
import type { GemmShape, OpCost } from '../../model/types.ts';
import { waveQuantization } from '../../model/wave.ts';
import { dtypeParam, resourceAssumptions, withAssumption } from '../common.ts';
import type { WorkloadDefinition } from '../types.ts';

/** Parsed `gemm` parameters. */
export interface GemmParams {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly dtype: Precision;
  readonly batch: number;
}

/** Estimate one GEMM op on a GPU (building block for composite workloads). */
export function estimateGemm(gpu: GpuSpec, params: GemmParams): Estimate {
  const { m, n, k, dtype, batch } = params;
  const res = gpuResources(gpu, dtype);
  const cost: OpCost = gemmCost(m, n, k, dtype, batch);
  const wave = waveQuantization(cost.shape as GemmShape, dtype, gpu.smCount.value);
  const times = opTimeRange(cost, res.byScenario);
  return assembleFromTimes(
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
    {
      nominal: { ops: [times.nominal], metrics: { tflops: cost.flops / times.nominal.timeSec / 1e12 } },
      optimisticSec: times.optimisticSec,
      pessimisticSec: times.pessimisticSec,
    },
  );
}

/** The `gemm` workload. */
export const GEMM_WORKLOAD: WorkloadDefinition<GemmParams> = {
  kind: 'gemm',
  summary: 'one matrix multiply C[m,n] = A[m,k] x B[k,n]',
  params: [
    { key: 'm', flag: '--m', description: 'rows of A and C', kind: 'integer' },
    { key: 'n', flag: '--n', description: 'columns of B and C', kind: 'integer' },
    { key: 'k', flag: '--k', description: 'inner dimension', kind: 'integer' },
    dtypeParam('bf16'),
    {
      key: 'batch',
      flag: '--batch',
      description: 'independent GEMMs of this shape',
      kind: 'integer',
      default: 1,
    },
  ],
  throughputMetric: 'tflops',
  throughputUnit: 'TFLOPS',
  example: '--m 8192 --n 8192 --k 8192 --dtype bf16',
  estimate: estimateGemm,
};
