/**
 * `npm run validate`: refit the model's calibration, print each calibration point's error (fit quality) and
 * write docs/validation.md from the same run (atomically). Never edit that file by hand.
 */
import { join } from 'node:path';
import {
  BUILT_IN_GPUS,
  COLLECTIVE_FIT,
  COMPUTE_FIT,
  createCatalog,
  estimateWorkload,
  FIT_BANDS,
  formatSignificant,
  MEMORY_FIT,
  packageRoot,
  renderTable,
  writeFileAtomic,
} from '../src/index.ts';
import { COLLECTIVE_POINTS } from '../src/model/data/collective-points.ts';
import { FIT_TOLERANCE } from '../src/model/data/fitted.ts';
import { GEMM_POINTS } from '../src/model/data/gemm-points.ts';
import { MEMORY_POINTS } from '../src/model/data/memory-points.ts';
import { collectiveResiduals, fitCollectives } from '../src/model/fit/collective-fit.ts';
import { fitCompute, gemmResiduals } from '../src/model/fit/gemm-fit.ts';
import { fitMemoryLine, memoryResiduals } from '../src/model/fit/memory-fit.ts';
import { e2eSection } from './validate-e2e.ts';

const catalog = createCatalog(BUILT_IN_GPUS);
const gpuOf = (id: string) => catalog.get(id);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const maxAbs = (xs: readonly number[]) => Math.max(...xs.map(Math.abs));

const gemm = gemmResiduals(GEMM_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT);
const memory = memoryResiduals(MEMORY_POINTS, gpuOf, MEMORY_FIT);
const collective = collectiveResiduals(COLLECTIVE_POINTS, gpuOf, COLLECTIVE_FIT);
const refitMemory = fitMemoryLine(MEMORY_POINTS, gpuOf);
const refitCompute = fitCompute(GEMM_POINTS, gpuOf, MEMORY_FIT);
const refitCollective = fitCollectives(COLLECTIVE_POINTS, gpuOf);

const sections: string[] = [];
sections.push(
  '## Compute efficiency (GEMM)',
  '',
  'Form: `time = max(F / (peak x eta_c), B / (bw x eta_m)) + launch`, `eta_c = etaMax[curve] x kt/(kt + kHalf) x wave`.',
  `Fitted: kHalf ${COMPUTE_FIT.kHalf}, launch ${(COMPUTE_FIT.launchLatencySec * 1e6).toFixed(1)} us, etaMax ${Object.entries(
    COMPUTE_FIT.etaMax,
  )
    .map(([c, v]) => `${c} ${v}`)
    .join(', ')}.`,
  `Refit now: kHalf ${refitCompute.kHalf}, launch ${(refitCompute.launchLatencySec * 1e6).toFixed(1)} us.`,
  `Tolerance ${pct(FIT_TOLERANCE.compute)}; 90th-percentile band ${pct(FIT_BANDS.compute)}; max |error| ${pct(maxAbs(gemm.map((r) => r.relativeError)))}.`,
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'curve' },
      { header: 'measured TFLOPS', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    gemm.map((r) => [
      r.id,
      r.curve,
      formatSignificant(r.measuredTflops),
      formatSignificant(r.predictedTflops),
      pct(r.relativeError),
    ]),
  ),
  '```',
  '',
  '## Memory efficiency (STREAM-like)',
  '',
  `Form: \`eta_m = ${MEMORY_FIT.intercept} + ${MEMORY_FIT.slope} x readFraction\` (refit ${refitMemory.intercept.toFixed(4)} + ${refitMemory.slope.toFixed(4)}). Tolerance ${pct(FIT_TOLERANCE.memory)}; max |error| ${pct(maxAbs(memory.map((r) => r.relativeError)))}.`,
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'read fraction', align: 'right' },
      { header: 'measured eta', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    memory.map((r) => [
      r.id,
      r.readFraction.toFixed(2),
      r.measuredEfficiency.toFixed(3),
      r.fittedEfficiency.toFixed(3),
      pct(r.relativeError),
    ]),
  ),
  '```',
  '',
  '## Collectives (NCCL busBW)',
  '',
  `Form: \`time = hops x alpha + busBytes / (link x epsilon[class] x h(S))\`, \`h(S) = S^p/(S^p + sHalf^p)\`; p ${COLLECTIVE_FIT.rampExponent}, sHalf ${COLLECTIVE_FIT.rampHalfBytes} B (refit ${refitCollective.rampExponent.toFixed(2)}, ${refitCollective.rampHalfBytes.toExponential(3)}); epsilon ${JSON.stringify(COLLECTIVE_FIT.epsilon)}. Tolerance ${pct(FIT_TOLERANCE.collective)}; max |error| ${pct(maxAbs(collective.map((r) => r.relativeError)))}.`,
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'class' },
      { header: 'size', align: 'right' },
      { header: 'measured GB/s', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    collective.map((r) => [
      r.id,
      r.linkClass,
      r.messageBytes === null ? 'peak' : r.messageBytes.toExponential(2),
      formatSignificant(r.measuredBusBandwidthBytesPerSec / 1e9),
      formatSignificant(r.predictedBusBandwidthBytesPerSec / 1e9),
      pct(r.relativeError),
    ]),
  ),
  '```',
);

// Kernel-level validation on points never used in any fit (attention kernels).
const attention = [
  {
    id: 'h20_fa3_fwd',
    gpu: 'h20',
    measured: 126.2,
    params: { batch: 2, heads: 16, kvHeads: 16, headDim: 128, qLen: 2048, kvLen: 2048, dtype: 'fp16' },
    note: 'heads 16 assumed (2048 hidden / 128)',
  },
  {
    id: 'h20_flashmla',
    gpu: 'h20',
    measured: 129,
    params: { batch: 128, heads: 64, kvHeads: 1, headDim: 544, qLen: 4, kvLen: 8192, causal: true },
    note: 'MLA as one head of dim 544 = (576 + 512) / 2 (same flops); s_q 4 of the reported 3..7',
  },
];
sections.push(
  '',
  '## Validation (not fitted)',
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'measured TFLOPS', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
      { header: 'note' },
    ],
    attention.map((a) => {
      const e = estimateWorkload({ workload: 'attention', gpu: a.gpu, params: a.params });
      const model = e.metrics.tflops ?? Number.NaN;
      return [
        a.id,
        formatSignificant(a.measured),
        formatSignificant(model),
        pct(model / a.measured - 1),
        a.note,
      ];
    }),
  ),
  '```',
);

// DeepEP low-latency all-to-all (decode dispatch/combine): never used in any fit. Bytes per GPU are what
// each rank sends: 128 tokens x top-8 x hidden 7168, in FP8 (1 B) for dispatch and BF16 (2 B) for combine.
const lowLatencyA2a = [
  { id: 'deepep_h800_ll_ep8_dispatch', gpus: 8, bytes: 128 * 8 * 7168, measuredUs: 77 },
  { id: 'deepep_h800_ll_ep256_dispatch', gpus: 256, bytes: 128 * 8 * 7168, measuredUs: 194 },
  { id: 'deepep_h800_ll_ep256_combine', gpus: 256, bytes: 128 * 8 * 7168 * 2, measuredUs: 360 },
];
sections.push(
  '',
  '## Validation: DeepEP low-latency all-to-all on H800 (not fitted)',
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'GPUs', align: 'right' },
      { header: 'MB per GPU', align: 'right' },
      { header: 'measured us', align: 'right' },
      { header: 'model us', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    lowLatencyA2a.map((p) => {
      const e = estimateWorkload({
        workload: 'alltoall',
        gpu: 'h800-sxm',
        params: { bytes: p.bytes, gpusCount: p.gpus },
      });
      const modelUs = (e.metrics.timeMs ?? Number.NaN) * 1000;
      return [
        p.id,
        String(p.gpus),
        formatSignificant(p.bytes / 1e6),
        formatSignificant(p.measuredUs),
        formatSignificant(modelUs),
        pct(modelUs / p.measuredUs - 1),
      ];
    }),
  ),
  '```',
  '',
  'The model uses NCCL-calibrated rates with a small-message ramp; DeepEP low-latency kernels use RDMA writes',
  'with no NCCL protocol, so the model is slower here, most at 256 GPUs where each peer message is ~29 KB.',
);

sections.push(e2eSection());
const body = sections.join('\n');
process.stdout.write(`${body}\n`);
const doc = `# Model validation\n\nGenerated by \`npm run validate\` (scripts/validate.ts) from src/model/data; do not edit by hand.\nPoints and sources: ../shared/reference/microbenchmarks.json ids.\n\n${body}\n`;
writeFileAtomic(join(packageRoot(), 'docs', 'validation.md'), doc);
process.stderr.write('wrote docs/validation.md\n');
