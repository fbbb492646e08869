/** Estimator speed: single gemm and all-reduce estimates per second (target >= 1,000,000/s on one core). */
import { BUILT_IN_GPUS } from '../src/hardware/catalog.ts';
import { gemmCost } from '../src/model/op-cost.ts';
import { gpuResources } from '../src/model/resources.ts';
import { opTime } from '../src/model/roofline.ts';
import { WORKLOADS } from '../src/workloads/index.ts';
import { estimateCollective } from '../src/workloads/kernels/collectives.ts';
import { estimateGemm } from '../src/workloads/kernels/gemm.ts';
import { type BenchFile, opsPerSecond } from './harness.ts';

const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm')!;
const target = { value: 1e6, text: '>= 1,000,000 ops/s' };
const cost = gemmCost(8192, 8192, 8192, 'bf16');
const res = gpuResources(h100, 'bf16').byScenario.nominal;
const rawGemm = { m: '8192', n: '8192', k: '8192', dtype: 'bf16' };

const bench: BenchFile = async () => [
  {
    name: 'op time (roofline core)',
    unit: 'ops/s',
    higherIsBetter: true,
    samples: opsPerSecond(() => opTime(cost, res)),
  },
  {
    name: 'gemm estimate (3 scenarios, breakdown, assumptions)',
    unit: 'ops/s',
    higherIsBetter: true,
    baseline: 'op time (roofline core)',
    target,
    samples: opsPerSecond(() => estimateGemm(h100, { m: 8192, n: 8192, k: 8192, dtype: 'bf16', batch: 1 })),
  },
  {
    name: 'all-reduce estimate (8 GPUs, 1 GB)',
    unit: 'ops/s',
    higherIsBetter: true,
    baseline: 'op time (roofline core)',
    target,
    samples: opsPerSecond(() =>
      estimateCollective(h100, 'all-reduce', 'allreduce', { bytes: 1e9, gpusCount: 8, gpusPerNode: 8 }),
    ),
  },
  {
    name: 'registry gemm estimate (parse CLI strings + estimate)',
    unit: 'ops/s',
    higherIsBetter: true,
    baseline: 'gemm estimate (3 scenarios, breakdown, assumptions)',
    samples: opsPerSecond(() => WORKLOADS.estimate('gemm', h100, rawGemm)),
  },
];
export default bench;
