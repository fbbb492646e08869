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
  FIT_BANDS,
  formatSignificant,
  MEMORY_FIT,
  packageRoot,
  renderTable,
  writeFileAtomic,
} from '../src/index.ts';
import { attentionPointRate } from '../src/model/attention-efficiency.ts';
import { ATTENTION_POINTS } from '../src/model/data/attention-points.ts';
import { COLLECTIVE_POINTS, HOP_LATENCY_SEC } from '../src/model/data/collective-points.ts';
import { DEEPEP_LOW_LATENCY_POINTS, DEEPEP_NORMAL_POINTS } from '../src/model/data/deepep-points.ts';
import { FIT_TOLERANCE } from '../src/model/data/fitted.ts';
import { GEMM_POINTS } from '../src/model/data/gemm-points.ts';
import { MEMORY_POINTS } from '../src/model/data/memory-points.ts';
import { FP8_WGRAD_EFFICIENCY, WGRAD_POINTS } from '../src/model/data/wgrad-points.ts';
import { DEEPEP_FIT, deepEpSec } from '../src/model/deepep.ts';
import { collectiveResiduals, fitCollectives } from '../src/model/fit/collective-fit.ts';
import { fitCompute, gemmResiduals } from '../src/model/fit/gemm-fit.ts';
import { fitMemoryLine, memoryResiduals } from '../src/model/fit/memory-fit.ts';
import { fitWgradEfficiency, wgradRatios } from '../src/model/fit/wgrad-fit.ts';
import { collectiveLinkFor } from '../src/model/interconnect.ts';
import { dsv3TraceSection } from './validate-dsv3-trace.ts';
import { e2eSection } from './validate-e2e.ts';
import { infersimSection } from './validate-infersim.ts';

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

// Attention kernels: every published figure at its own shape against the kernel model (src/model/
// attention-efficiency.ts), which is fitted to them.
sections.push(
  '',
  '## Attention kernels (fitted)',
  '',
  'Compute: `eta = E x keys/(keys + keysHalf) x row fill x SM fill` per kernel; decode memory: the streaming efficiency x min(1, thread blocks x 121 GB/s / (memory line x HBM)). Constants and sources: src/model/data/attention-points.ts.',
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'kernel' },
      { header: 'GPU' },
      { header: 'measured', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'unit' },
      { header: 'error', align: 'right' },
    ],
    ATTENTION_POINTS.map((p) => {
      const g = gpuOf(p.gpuId);
      const line = MEMORY_FIT.intercept + MEMORY_FIT.slope;
      const model = attentionPointRate(p, g, line);
      const compute = p.achievedOpsPerSec !== undefined;
      const measured = (p.achievedOpsPerSec ?? p.achievedBytesPerSec) as number;
      const scale = compute ? 1e12 : 1e9;
      return [
        p.id,
        p.kernel,
        p.gpuId,
        formatSignificant(measured / scale),
        formatSignificant(model / scale),
        compute ? 'TFLOPS' : 'GB/s',
        pct(model / measured - 1),
      ];
    }),
  ),
  '```',
);

// DeepEP: the model's own fit (src/model/deepep.ts) against every published figure it was fitted to. The
// low-latency rows are reproduced exactly by construction (one rate per EP size); the normal rows show the
// spread around the per-path mean.
const deepEpRows = [
  ...DEEPEP_LOW_LATENCY_POINTS.map((p) => {
    const perCopy = p.direction === 'dispatch' ? 7168 + (7168 / 128) * 4 : 7168 * 2;
    const bytes = 128 * 8 * perCopy;
    const link = collectiveLinkFor(gpuOf('h800-sxm'), p.ep, 8, false);
    const modelSec = deepEpSec('low-latency', p.direction, bytes, p.ep, link, 'nominal');
    return [
      p.id,
      'low-latency',
      String(p.ep),
      formatSignificant(p.latencySec * 1e6),
      formatSignificant(modelSec * 1e6),
      pct(modelSec / p.latencySec - 1),
    ];
  }),
  ...DEEPEP_NORMAL_POINTS.map((p) => {
    const bytes = 4096 * 7168;
    const link = collectiveLinkFor(gpuOf('h800-sxm'), p.ep, 8, false);
    const measuredSec = bytes / p.bandwidthBytesPerSec;
    const modelSec =
      deepEpSec('normal', p.direction, bytes, p.ep, link, 'nominal') -
      2 * (p.path === 'nvlink' ? HOP_LATENCY_SEC.nvlink : HOP_LATENCY_SEC.nic);
    return [
      p.id,
      'normal',
      String(p.ep),
      formatSignificant(measuredSec * 1e6),
      formatSignificant(modelSec * 1e6),
      pct(modelSec / measuredSec - 1),
    ];
  }),
];
sections.push(
  '',
  '## DeepEP all-to-all on H800 (expert parallelism)',
  '',
  `Low-latency kernels (decode): a rate per EP size from DeepEP's latency at 128 tokens per rank, less a fixed 2-hop latency, relative to the H800 link (NVLink at EP8, the NIC beyond). Normal kernels (prefill): the published bottleneck bandwidth over the H800 link, averaged per path and direction (NVLink ${DEEPEP_FIT.normal.nvlink.dispatch.toFixed(3)}/${DEEPEP_FIT.normal.nvlink.combine.toFixed(3)}, RDMA ${DEEPEP_FIT.normal.rdma.dispatch.toFixed(3)}/${DEEPEP_FIT.normal.rdma.combine.toFixed(3)} dispatch/combine). Source: DeepEP docs/legacy.md (V1 tables). Normal rows time 4096 tokens' bytes without the fixed latency.`,
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'kernels' },
      { header: 'EP', align: 'right' },
      { header: 'measured us', align: 'right' },
      { header: 'model us', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    deepEpRows,
  ),
  '```',
);

const wgrad = wgradRatios(WGRAD_POINTS, gpuOf, COMPUTE_FIT, MEMORY_FIT);
sections.push(
  '',
  '## fp8 weight-gradient GEMMs on H800 (training)',
  '',
  `DeepGEMM's fine-grained fp8 weight-gradient kernels (pull request 95; grouped: the MoE kernel, groups run one after another) against the forward GEMM curve at the same shape. The training model runs fp8 weight-gradient GEMMs at the median ratio, ${fitWgradEfficiency(wgrad).toFixed(3)} (stored: ${FP8_WGRAD_EFFICIENCY}).`,
  '',
  '```',
  renderTable(
    [
      { header: 'id' },
      { header: 'measured TFLOPS', align: 'right' },
      { header: 'curve TFLOPS', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    wgrad.map((r) => [
      r.id,
      formatSignificant(r.measuredTflops),
      formatSignificant(r.curveTflops),
      r.ratio.toFixed(3),
      formatSignificant(r.curveTflops * FP8_WGRAD_EFFICIENCY),
      pct((r.curveTflops * FP8_WGRAD_EFFICIENCY) / r.measuredTflops - 1),
    ]),
  ),
  '```',
);

sections.push(e2eSection(), dsv3TraceSection(), infersimSection());
const body = sections.join('\n');
process.stdout.write(`${body}\n`);
const doc = `# Model validation\n\nGenerated by \`npm run validate\` (scripts/validate.ts) from src/model/data; do not edit by hand.\nPoints and sources: ../shared/reference/microbenchmarks.json ids.\n\n${body}\n`;
writeFileAtomic(join(packageRoot(), 'docs', 'validation.md'), doc);
process.stderr.write('wrote docs/validation.md\n');
