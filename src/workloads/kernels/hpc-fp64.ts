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
import { addBreakdownRow, assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { type GpuResources, gpuResources } from '../../model/resources.ts';
import { type OpTimeRangeOut, opTimeRangeInto } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { integerParam, resourceAssumptions } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

const HPC_FP64_PARAMS = [
  { key: 'n', flag: '--n', description: 'matrix order', kind: 'integer' },
  integerParam(
    'blockSize',
    'LU block size (default 1024: GPU HPL builds use large blocks; an assumption)',
    1024,
  ),
] as const satisfies readonly ParamSpec[];

/** Parsed `hpc-fp64` parameters. */
export type HpcFp64Params = ParamsOf<typeof HPC_FP64_PARAMS>;

/** Estimate an FP64 LU solve. */
export function estimateHpcFp64(gpu: GpuSpec, params: HpcFp64Params): Estimate {
  const { n, blockSize: nb } = params;
  // No parameter chooses fp64: a part without it is the GPU's own doing.
  const res = gpuResources(gpu, 'fp64', 'gpu');
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
  const u = rangeOf(update, res.byScenario);
  const p = rangeOf(panel, res.byScenario);
  // The updates launch once per step: steps - 1 launches beyond the one their op time includes.
  const launchesSec = (scenario: Scenario) => (steps - 1) * res.byScenario[scenario].launchLatencySec;
  const rows = newBreakdown();
  const updateSec = u.nominalSec + launchesSec('nominal');
  addBreakdownRow(rows, update.op, update.flops, update.bytes, updateSec, u.bound);
  addBreakdownRow(rows, panel.op, panel.flops, panel.bytes, p.nominalSec, p.bound);
  return assembleFromBreakdown(
    {
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
    },
    rows,
    { tflops: totalFlops / rows.totalSec / 1e12 },
    u.optimisticSec + launchesSec('optimistic') + p.optimisticSec,
    u.pessimisticSec + launchesSec('pessimistic') + p.pessimisticSec,
  );
}

/** {@link opTimeRangeInto} into a new object. */
function rangeOf(cost: OpCost, byScenario: GpuResources['byScenario']): OpTimeRangeOut {
  const out: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };
  opTimeRangeInto(cost, byScenario, out);
  return out;
}

/** The `hpc-fp64` workload. */
export const HPC_FP64_WORKLOAD: TypedWorkload<typeof HPC_FP64_PARAMS> = {
  kind: 'hpc-fp64',
  summary: 'HPL-style FP64 LU solve (DGEMM-bound): where cut FP64 shows',
  params: HPC_FP64_PARAMS,
  throughputMetric: 'tflops',
  throughputUnit: 'TFLOPS',
  example: '--n 60000',
  estimate: estimateHpcFp64,
};
