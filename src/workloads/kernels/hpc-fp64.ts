/**
 * `hpc-fp64`: an HPL-style dense LU solve of order n in FP64, dominated by DGEMM trailing updates. It shows
 * what the cut FP64 of H800 and H20 means for HPC work.
 *
 * Ops: (1) trailing updates, 2/3 n^3 flops, each of the n/nb steps reads and writes the trailing matrix
 * (16 n^3 / (3 nb) bytes in all), wave-quantized as an (n/sqrt 3) x (n/sqrt 3) x nb GEMM (the RMS update
 * size), with one launch per step; (2) panel factorizations, n^2 nb flops over 16 n^2 bytes, untiled.
 * Memory needed: the n x n matrix, 8 n^2 bytes.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleEstimate, type Estimate } from '../../model/estimate.ts';
import { gpuResources } from '../../model/resources.ts';
import { opTime } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { resourceAssumptions } from '../common.ts';
import type { WorkloadDefinition } from '../types.ts';

/** Parsed `hpc-fp64` parameters. */
export interface HpcFp64Params {
  readonly n: number;
  readonly blockSize: number;
}

/** Estimate an FP64 LU solve. */
export function estimateHpcFp64(gpu: GpuSpec, params: HpcFp64Params): Estimate {
  const { n, blockSize: nb } = params;
  const res = gpuResources(gpu, 'fp64', '--gpu');
  const steps = Math.max(1, Math.ceil(n / nb));
  const rms = Math.max(1, Math.round(n / Math.sqrt(3)));
  const update: OpCost = {
    op: `trailing updates (dgemm, ${steps} steps)`,
    flops: (2 / 3) * n ** 3,
    bytes: (16 * n ** 3) / (3 * nb),
    readFraction: 0.5,
    precision: 'fp64',
    shape: { m: rms, n: rms, k: nb, batch: 1 },
  };
  const panel: OpCost = {
    op: 'panel factorizations',
    flops: n * n * nb,
    bytes: 16 * n * n,
    readFraction: 0.5,
    precision: 'fp64',
    shape: null,
  };
  const totalFlops = (2 / 3) * n ** 3 + 2 * n * n;
  return assembleEstimate({
    gpu: gpu.id,
    workload: 'hpc-fp64',
    params: { n, blockSize: nb },
    throughputMetric: 'tflops',
    capacity: capacityCheck(gpu, 8 * n * n),
    confidence: 'borrowed',
    assumptions: [
      ...resourceAssumptions(gpu, res, true),
      `HPL-style LU: ${steps} steps of block ${nb}; one kernel launch per step; panel work on the same FP64 peak`,
    ],
    evaluate: (scenario: Scenario) => {
      const r = res.byScenario[scenario];
      const u = opTime(update, r);
      const withLaunches = { ...u, timeSec: u.timeSec + (steps - 1) * r.launchLatencySec };
      const ops = [withLaunches, opTime(panel, r)];
      const timeSec = ops[0]!.timeSec + ops[1]!.timeSec;
      return { ops, metrics: { tflops: totalFlops / timeSec / 1e12 } };
    },
  });
}

/** The `hpc-fp64` workload. */
export const HPC_FP64_WORKLOAD: WorkloadDefinition<HpcFp64Params> = {
  kind: 'hpc-fp64',
  summary: 'HPL-style FP64 LU solve (DGEMM-bound): where cut FP64 shows',
  params: [
    { key: 'n', flag: '--n', description: 'matrix order', kind: 'integer' },
    {
      key: 'blockSize',
      flag: '--block-size',
      description: 'LU block size (default 1024: GPU HPL builds use large blocks; an assumption)',
      kind: 'integer',
      default: 1024,
    },
  ],
  throughputMetric: 'tflops',
  throughputUnit: 'TFLOPS',
  example: '--n 60000',
  estimate: estimateHpcFp64,
};
