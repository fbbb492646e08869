/**
 * `report`: read tppbench documents (or run the built-in inversion scenarios and a local suite) and build
 * the {@link ReportData} every renderer draws from. The one place that turns documents into report sections;
 * the renderers only format.
 * @module
 */
import type { InversionScenario } from '../analysis/inversion-scenarios.ts';
import { scenarioParams } from '../analysis/inversions-catalogue.ts';
import { sweepSection } from '../analysis/sweep-map.ts';
import { cpuRooflineCheckOf } from '../bench/cpu-roofline.ts';
import { softwareAdapterOf } from '../bench/environment.ts';
import { catalogSelfCheck, modelSelfCheck } from '../bench/self-check.ts';
import { type SampleStatistics, summarizeSamples } from '../bench/stats.ts';
import { UserError } from '../errors.ts';
import { loadCatalog } from '../hardware/catalog.ts';
import { SOURCES } from '../hardware/sources.ts';
import type { GpuSpec, Sourced } from '../hardware/types.ts';
import { COLLECTIVE_FIT, COMPUTE_FIT, FIT_BANDS, MEMORY_FIT } from '../model/data/fitted.ts';
import type { Bound } from '../model/types.ts';
import { regulatoryProfile } from '../regulation/index.ts';
import { verdictLabel } from '../report/gpus.ts';
import type {
  LocalKernelRow,
  LocalSection,
  ModelSection,
  ReportData,
  ReportGpu,
  Roofline,
  RooflinePoint,
  SelfCheckRowData,
  SourceLink,
  SummaryLine,
  SweepSection,
  TppPoint,
  ValidationRow,
  WorkloadComparison,
  WorkloadRow,
} from '../report/report-data.ts';
import { cpuRooflineBasis } from '../report/run-profile.ts';
import type { BenchResults } from '../results/bench-results.ts';
import type { DeepReadonly } from '../results/common.ts';
import { parseDocument, type TppbenchDocument } from '../results/documents.ts';
import type { EstimatesDocument } from '../results/estimates.ts';
import type { InversionsDocument } from '../results/inversions.ts';
import type { SweepDocument } from '../results/sweep.ts';
import { readJsonFile } from '../util/schema.ts';
import { WORKLOADS } from '../workloads/index.ts';
import { estimateWorkload } from './estimate.ts';
import { validationRows } from './validation.ts';

/** A document and where it came from. */
export interface ReportSource {
  /** The file as given, or `(built-in)`. */
  readonly file: string;
  readonly document: DeepReadonly<TppbenchDocument>;
}

/**
 * Read and validate report inputs: each must be a tppbench JSON document. An empty, truncated, foreign or
 * invalid file is a UserError naming it.
 */
export function readReportInputs(paths: readonly string[]): ReportSource[] {
  return paths.map((file) => ({ file, document: parseDocument(readJsonFile(file), file) }));
}

/** Options for {@link buildReportData}. */
export interface BuildReportOptions {
  readonly toolVersion: string;
  /** ISO 8601; default now (tests pass a fixed one). */
  readonly generatedAt?: string;
  readonly title?: string;
}

/** Build a report from documents. Documents of kinds a report does not draw (`tppbench-gpus`, ...) add GPUs only. */
export function buildReportData(sources: readonly ReportSource[], options: BuildReportOptions): ReportData {
  if (sources.length === 0) throw new UserError('report: no input documents');
  const catalog = loadCatalog();
  const workloads: WorkloadComparison[] = [];
  const summary: SummaryLine[] = [];
  const sweeps: SweepSection[] = [];
  const points: { gpu: string; point: RooflinePoint }[] = [];
  const assumptions: string[] = [];
  const gpuIds: string[] = [];
  let local: LocalSection | null = null;
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const noteGpu = (id: string) => {
    if (!gpuIds.includes(id)) gpuIds.push(id);
  };

  for (const { document: doc } of sources) {
    switch (doc.kind) {
      case 'tppbench-inversions':
        for (const w of inversionComparisons(doc, uniqueId, summary, points)) {
          workloads.push(w);
          for (const r of w.rows) noteGpu(r.gpu);
        }
        break;
      case 'tppbench-estimates':
        for (const w of estimateComparisons(
          doc as EstimatesDocument,
          catalog.find.bind(catalog),
          uniqueId,
          summary,
          points,
        )) {
          workloads.push(w);
          for (const r of w.rows) noteGpu(r.gpu);
        }
        for (const e of doc.results) for (const a of e.assumptions) assumptions.push(a);
        break;
      case 'tppbench-sweep': {
        const reduced = sweepSection(doc as SweepDocument, uniqueId(`sweep-${doc.workload}`));
        const section = { ...reduced, fixed: nonDefault(doc.workload, reduced.fixed) };
        sweeps.push(section);
        for (const g of section.gpus) noteGpu(g.id);
        summary.push(...sweepSummaries(section));
        break;
      }
      case 'tppbench-results':
        local = localSection(doc as BenchResults, catalog.find.bind(catalog));
        break;
      case 'tppbench-gpus':
        for (const g of doc.gpus) noteGpu(g.id);
        break;
      default:
        break;
    }
  }

  const gpus = gpuIds.map((id) => reportGpu(id, catalog.find(id)));
  // A GPU under the user's calibration (`--calibration`, in the process that builds the report) says so.
  for (const id of gpuIds) {
    const cal = catalog.find(id)?.calibration;
    if (cal !== undefined) {
      assumptions.push(`${id}: calibrated (user) by ${cal.file}, probed on ${cal.deviceName}`);
    }
  }
  return {
    title: options.title ?? 'tppbench: export-control scores against delivered throughput',
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    toolVersion: options.toolVersion,
    inputs: sources.map((s) => ({ file: s.file, kind: s.document.kind })),
    summary,
    gpus,
    workloads,
    rooflines: rooflines(gpuIds, catalog.find.bind(catalog), points),
    sweeps,
    tppPoints: tppPoints(workloads),
    local,
    model: modelSection(assumptions),
  };
}

type FindGpu = (id: string) => GpuSpec | undefined;

const TPP = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const gpuLabel = (name: string, tpp: number | null) =>
  `${name} (TPP ${tpp === null ? 'n/a' : TPP.format(tpp)})`;

/** `memory-bound`, `compute-bound`, ... for a summary line. */
function bindingText(bound: Bound | null, loserName: string): string {
  if (bound === 'capacity') return `memory capacity (${loserName} lacks the memory)`;
  return bound === null ? 'binding resource unknown' : `${bound}-bound`;
}

function summaryText(
  winner: { name: string; tpp: number | null },
  loser: { name: string; tpp: number | null },
  ratio: number | null,
  on: string,
  bound: Bound | null,
): string {
  const w = gpuLabel(winner.name, winner.tpp);
  const l = gpuLabel(loser.name, loser.tpp);
  if (ratio === null) return `${w} runs ${on}, which ${l} cannot hold: ${bindingText(bound, loser.name)}`;
  return `${w} delivers ${ratio.toFixed(2)}x ${l} on ${on}: ${bindingText(bound, loser.name)}`;
}

/** Workload comparisons and summary lines of the inversion scenarios; roofline points re-estimated. */
function inversionComparisons(
  doc: InversionsDocument,
  uniqueId: (base: string) => string,
  summary: SummaryLine[],
  points: { gpu: string; point: RooflinePoint }[],
): WorkloadComparison[] {
  const out: WorkloadComparison[] = [];
  for (const outcome of doc.outcomes) {
    if (outcome.state !== 'evaluated') continue;
    const { scenario } = outcome;
    const id = uniqueId(scenario.id);
    const first = outcome.gpus[0];
    const rows: WorkloadRow[] = outcome.gpus.map((g) => ({
      gpu: g.gpu,
      name: g.name,
      tpp: g.tpp,
      throughput: g.throughput,
      normalized: normalizedTo(g.throughput, first?.throughput ?? null),
      bound: g.bound,
      fits: g.fits,
      inverts: outcome.matchups
        .filter((m) => m.restricted === g.gpu && m.verdict === 'restricted-wins')
        .map((m) => m.flagship),
    }));
    const byId = new Map(outcome.gpus.map((g) => [g.gpu, g]));
    for (const m of outcome.matchups) {
      if (m.verdict !== 'restricted-wins') continue;
      const w = byId.get(m.restricted);
      const l = byId.get(m.flagship);
      if (!w || !l) continue;
      summary.push({
        text: summaryText(w, l, m.ratio, scenario.title, m.binding),
        sectionId: id,
        gpu: w.gpu,
        over: l.gpu,
        ratio: m.ratio,
        binding: m.binding,
      });
    }
    out.push({
      id,
      title: scenario.title,
      workload: scenario.workload,
      command: [scenario.workload, ...Object.entries(scenario.flags).map(([f, v]) => `${f} ${v}`)].join(' '),
      throughputMetric: outcome.throughputMetric,
      throughputUnit: outcome.throughputUnit,
      rows,
      rationale: scenario.rationale,
    });
    // The rooflines are drawn under the bf16 (tensor) roof: FP64/FP32 work has a roof of its own.
    if (TENSOR_ROOF.has(scenario.computePrecision)) {
      for (const g of outcome.gpus) {
        const point = scenarioPoint(scenario.workload, scenario, g.gpu, id);
        if (point) points.push({ gpu: g.gpu, point });
      }
    }
  }
  return out;
}

/** A scenario re-estimated on one GPU, as a roofline point; null when it cannot be (unknown workload). */
function scenarioPoint(
  workloadKind: string,
  scenario: InversionsDocument['outcomes'][number]['scenario'],
  gpu: string,
  sectionId: string,
): RooflinePoint | null {
  try {
    const workload = WORKLOADS.get(workloadKind);
    const e = estimateWorkload({
      workload: workloadKind,
      gpu,
      params: scenarioParams(scenario as InversionScenario, workload),
    });
    return rooflinePoint(e, sectionId, scenario.id);
  } catch {
    return null;
  }
}

/** An estimate as a roofline point: total flops over total bytes, flops over time. Null without flops. */
function rooflinePoint(
  e: { readonly fits: boolean; readonly bound: Bound; readonly breakdown: readonly BreakdownRowLike[] },
  sectionId: string,
  label: string,
): RooflinePoint | null {
  if (!e.fits) return null;
  let flops = 0;
  let bytes = 0;
  let timeMs = 0;
  for (const row of e.breakdown) {
    flops += row.flops;
    bytes += row.bytes;
    timeMs += row.timeMs;
  }
  if (!(flops > 0 && bytes > 0 && timeMs > 0)) return null;
  return { sectionId, label, intensity: flops / bytes, flopsPerSec: flops / (timeMs / 1e3), bound: e.bound };
}

/** Precisions whose work sits under the bf16 tensor roof the report draws (within 2x of it: fp8 doubles it). */
const TENSOR_ROOF: ReadonlySet<string> = new Set(['bf16', 'fp16', 'fp8', 'int8', 'int4', 'fp4']);

interface BreakdownRowLike {
  readonly flops: number;
  readonly bytes: number;
  readonly timeMs: number;
}

function normalizedTo(value: number | null, base: number | null): number | null {
  return value === null || base === null || !(base > 0) ? null : value / base;
}

type ParamRecord = Readonly<Record<string, string | number | boolean>>;

/** The parameters that differ from the workload's defaults, by key (all of them for an unknown workload). */
function nonDefault(workloadKind: string, params: ParamRecord): ParamRecord {
  const specs = WORKLOADS.workloads.find((w) => w.kind === workloadKind)?.params ?? [];
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) {
    const spec = specs.find((p) => p.key === key);
    if (spec?.default !== undefined && String(spec.default) === String(value)) continue;
    out[key] = value;
  }
  return out;
}

/** Parameters as the flags that reproduce them, defaults left out: `--model llama-3-70b --batch 8`. */
function flagsText(workloadKind: string, params: ParamRecord): string {
  const specs = WORKLOADS.workloads.find((w) => w.kind === workloadKind)?.params ?? [];
  return Object.entries(nonDefault(workloadKind, params))
    .map(([key, value]) => {
      const flag = specs.find((p) => p.key === key)?.flag ?? `--${key}`;
      return value === true ? flag : `${flag} ${value}`;
    })
    .join(' ');
}

/** Workload comparisons of an estimates document: its `comparison`, else one per workload and params. */
function estimateComparisons(
  doc: EstimatesDocument,
  find: FindGpu,
  uniqueId: (base: string) => string,
  summary: SummaryLine[],
  points: { gpu: string; point: RooflinePoint }[],
): WorkloadComparison[] {
  const groups = new Map<string, EstimatesDocument['results'][number][]>();
  for (const e of doc.results) {
    const key = `${e.workload} ${JSON.stringify(e.params)}`;
    const group = groups.get(key) ?? [];
    group.push(e);
    groups.set(key, group);
  }
  const out: WorkloadComparison[] = [];
  for (const results of groups.values()) {
    const head = results[0]!;
    const id = uniqueId(head.workload);
    const on = `${head.workload} ${flagsText(head.workload, head.params)}`;
    const comparison = doc.comparison?.workload === head.workload ? doc.comparison : undefined;
    const throughputOf = (e: (typeof results)[number]) =>
      e.fits ? (e.metrics[e.throughputMetric] ?? null) : null;
    const base = throughputOf(head);
    const rows: WorkloadRow[] = results.map((e) => {
      const spec = find(e.gpu);
      const tpp = spec ? regulatoryProfile(spec).tpp : null;
      const throughput = throughputOf(e);
      const inverts = comparison?.inversions.filter((i) => i.gpu === e.gpu).map((i) => i.over) ?? [];
      return {
        gpu: e.gpu,
        name: spec?.name ?? e.gpu,
        tpp,
        throughput,
        normalized: normalizedTo(throughput, base),
        bound: e.bound,
        fits: e.fits,
        inverts,
      };
    });
    for (const inv of comparison?.inversions ?? []) {
      const w = rows.find((r) => r.gpu === inv.gpu);
      const l = rows.find((r) => r.gpu === inv.over);
      if (!w || !l) continue;
      summary.push({
        text: summaryText(w, l, inv.throughputRatio, on, w.bound),
        sectionId: id,
        gpu: inv.gpu,
        over: inv.over,
        ratio: inv.throughputRatio,
        binding: w.bound,
      });
    }
    out.push({
      id,
      title: on,
      workload: head.workload,
      command: on,
      throughputMetric: head.throughputMetric,
      throughputUnit: comparison?.throughputUnit ?? head.throughputMetric,
      rows,
      rationale: null,
    });
    const dtype = head.params.dtype ?? head.params.weightDtype;
    if (typeof dtype !== 'string' || TENSOR_ROOF.has(dtype)) {
      for (const e of results) {
        const point = rooflinePoint(e, id, head.workload);
        if (point) points.push({ gpu: e.gpu, point });
      }
    }
  }
  return out;
}

/**
 * Summary lines of a sweep where a GPU wins against one of higher TPP: on a line, each such boundary; on a
 * winner map, one line per winning lower-TPP GPU with the share of the map it wins.
 */
function sweepSummaries(section: SweepSection): SummaryLine[] {
  const tppOf = new Map(section.gpus.map((g) => [g.id, g.tpp]));
  const nameOf = new Map(section.gpus.map((g) => [g.id, g.name]));
  const maxTpp = Math.max(...section.gpus.map((g) => g.tpp ?? Number.NEGATIVE_INFINITY));
  const lower = (id: string) => {
    const tpp = tppOf.get(id) ?? null;
    return tpp !== null && tpp < maxTpp;
  };
  const line = (text: string, gpu: string, over: string): SummaryLine => ({
    text: `${section.workload} sweep: ${text}`,
    sectionId: section.id,
    gpu,
    over,
    ratio: null,
    binding: null,
  });
  const { view } = section;
  if (view.kind === 'winner-map') {
    const wins = new Map<string, number>();
    for (const c of view.cells) if (c.winner !== null) wins.set(c.winner, (wins.get(c.winner) ?? 0) + 1);
    const flagship = section.gpus.find((g) => g.tpp === maxTpp);
    const out: SummaryLine[] = [];
    for (const [gpu, n] of wins) {
      if (!lower(gpu) || !flagship) continue;
      const share = `${((100 * n) / view.cells.length).toFixed(0)}%`;
      const name = nameOf.get(gpu) ?? gpu;
      out.push(
        line(
          `${gpuLabel(name, tppOf.get(gpu) ?? null)} is the fastest in ${share} of the ${view.x.key} x ${view.y.key} map, against ${gpuLabel(flagship.name, flagship.tpp)}`,
          gpu,
          flagship.id,
        ),
      );
    }
    return out;
  }
  return section.boundaries
    .filter((b) => (lower(b.below) && !lower(b.above)) || (lower(b.above) && !lower(b.below)))
    .map((b) => (lower(b.below) ? line(b.text, b.below, b.above) : line(b.text, b.above, b.below)));
}

const SPEC_FIELDS = {
  bf16Tflops: (g: GpuSpec) => g.peakDenseOpsPerSec.bf16,
  fp8Tflops: (g: GpuSpec) => g.peakDenseOpsPerSec.fp8,
  memoryGB: (g: GpuSpec) => g.memoryCapacityBytes,
  memoryTBps: (g: GpuSpec) => g.memoryBandwidthBytesPerSec,
  linkGBps: (g: GpuSpec) => g.scaleUpBandwidthBytesPerSec,
} as const satisfies Record<string, (g: GpuSpec) => Sourced<number>>;
const SCALE = { bf16Tflops: 1e12, fp8Tflops: 1e12, memoryGB: 1e9, memoryTBps: 1e12, linkGBps: 1e9 } as const;

/** Source keys a catalog `source` string cites, as links (first mention order). */
function sourceLinks(spec: GpuSpec): SourceLink[] {
  const seen = new Set<string>();
  const out: SourceLink[] = [];
  for (const field of Object.values(SPEC_FIELDS)) {
    for (const token of field(spec).source.split(/[^A-Za-z0-9-]+/)) {
      const ref = Object.hasOwn(SOURCES, token) ? SOURCES[token] : undefined;
      if (!ref || seen.has(token)) continue;
      seen.add(token);
      out.push({ label: `${token}: ${ref.title}`, url: ref.url });
    }
  }
  return out;
}

function reportGpu(id: string, spec: GpuSpec | undefined): ReportGpu {
  if (!spec) {
    return {
      id,
      name: id,
      tpp: null,
      pd: null,
      verdicts: {},
      bf16Tflops: null,
      fp8Tflops: null,
      memoryGB: null,
      memoryTBps: null,
      linkGBps: null,
      unverified: [],
      sources: [{ label: 'not in the built-in catalog (a --gpu-file GPU)', url: null }],
    };
  }
  const profile = regulatoryProfile(spec);
  const verdicts: Record<string, string> = {};
  for (const [rule, verdict] of Object.entries(profile.verdicts)) verdicts[rule] = verdictLabel(verdict);
  const value = (k: keyof typeof SPEC_FIELDS) => {
    const v = SPEC_FIELDS[k](spec).value;
    return v === null ? null : v / SCALE[k];
  };
  return {
    id,
    name: spec.name,
    tpp: profile.tpp,
    pd: profile.pd,
    verdicts,
    bf16Tflops: value('bf16Tflops'),
    fp8Tflops: value('fp8Tflops'),
    memoryGB: value('memoryGB'),
    memoryTBps: value('memoryTBps'),
    linkGBps: value('linkGBps'),
    unverified: (Object.keys(SPEC_FIELDS) as (keyof typeof SPEC_FIELDS)[]).filter(
      (k) => SPEC_FIELDS[k](spec).value !== null && !SPEC_FIELDS[k](spec).verified,
    ),
    sources: sourceLinks(spec),
  };
}

function rooflines(
  gpuIds: readonly string[],
  find: FindGpu,
  points: readonly { gpu: string; point: RooflinePoint }[],
): Roofline[] {
  const out: Roofline[] = [];
  for (const id of gpuIds) {
    const spec = find(id);
    const peak = spec?.peakDenseOpsPerSec.bf16.value ?? null;
    const bandwidth = spec?.memoryBandwidthBytesPerSec.value ?? null;
    const mine = points.filter((p) => p.gpu === id).map((p) => p.point);
    if (!spec || peak === null || bandwidth === null || mine.length === 0) continue;
    out.push({ gpu: id, name: spec.name, peakFlopsPerSec: peak, memoryBytesPerSec: bandwidth, points: mine });
  }
  return out;
}

function tppPoints(workloads: readonly WorkloadComparison[]): TppPoint[] {
  const out: TppPoint[] = [];
  for (const w of workloads) {
    for (const r of w.rows) {
      if (r.tpp === null || r.normalized === null) continue;
      out.push({
        sectionId: w.id,
        workload: w.title,
        gpu: r.gpu,
        name: r.name,
        tpp: r.tpp,
        normalized: r.normalized,
      });
    }
  }
  return out;
}

/** This machine, from a results document: statistics per case and both self-checks. */
function localSection(results: BenchResults, find: FindGpu): LocalSection {
  const kernels: LocalKernelRow[] = results.measurements.map((m) => {
    if (m.state !== 'completed') {
      const note =
        m.state === 'errored'
          ? `${m.phase}: ${m.error.message}`
          : m.state === 'unsupported'
            ? m.reason
            : m.state === 'timed-out'
              ? `timed out after ${m.timeoutMs} ms`
              : `result did not match the reference (max relative error ${m.verification.maxRelError ?? 'n/a'})`;
      return { ...caseOf(m), state: m.state, median: null, ciLow: null, ciHigh: null, samples: 0, note };
    }
    const s: SampleStatistics = summarizeSamples(m.samplesSec);
    return {
      ...caseOf(m),
      state: m.state,
      median: s.medianSec * 1e3,
      ciLow: s.ciLowSec * 1e3,
      ciHigh: s.ciHighSec * 1e3,
      samples: s.sampleCount,
      note: null,
    };
  });
  const self = modelSelfCheck(results);
  const gpu = results.environment.gpu;
  const catalogGpu = gpu?.catalogId ? find(gpu.catalogId) : undefined;
  const catalog = catalogGpu ? catalogSelfCheck(results, catalogGpu) : null;
  const ms = (sec: number) => sec * 1e3;
  const selfCheck: SelfCheckRowData[] = self.rows
    .filter((r) => r.role === 'check')
    .map((r) => ({
      case: `${r.id} (${r.backend})`,
      measured: ms(r.measuredSec),
      modelled: ms(r.predictedSec),
      unit: 'ms',
      error: r.errorPercent / 100,
    }));
  const catalogCheck: SelfCheckRowData[] = (catalog?.rows ?? []).map((r) => ({
    case: `${r.id} (${r.backend})`,
    measured: ms(r.measuredSec),
    modelled: ms(r.modelledSec),
    unit: 'ms',
    error: r.errorPercent / 100,
  }));
  const software = softwareAdapterOf(results.environment) !== undefined;
  const cpu = cpuRooflineCheckOf(results);
  const cpuRoofline =
    cpu === undefined || 'notChecked' in cpu
      ? undefined
      : {
          basis: cpuRooflineBasis(cpu),
          rows: cpu.rows.map((r) => ({
            case: `${r.id} (${r.backend})`,
            measured: ms(r.measuredSec),
            roofline: ms(r.rooflineSec),
            unit: 'ms',
            attainment: r.attainment,
          })),
        };
  return {
    machine: self.profile.machine,
    suite: results.suite,
    backends: results.selection.used,
    device: gpu?.name ?? results.environment.cpuModel,
    software,
    profile: self.profile.backends.map((b) => ({
      backend: b.backend,
      peakGflops: b.peakFlopsPerSec === null ? null : b.peakFlopsPerSec / 1e9,
      bandwidthGBps: b.bandwidthBytesPerSec === null ? null : b.bandwidthBytesPerSec / 1e9,
    })),
    kernels,
    selfCheck,
    catalogGpu: catalogGpu?.id ?? null,
    catalogCheck,
    ...(cpuRoofline === undefined ? {} : { cpuRoofline }),
  };
}

function caseOf(m: BenchResults['measurements'][number]): Pick<LocalKernelRow, 'case' | 'backend' | 'unit'> {
  return { case: m.id, backend: m.backend, unit: 'ms' };
}

/** The fitted constants and the calibration points' errors. */
function modelSection(fromInputs: readonly string[]): ModelSection {
  const shared = [
    'time of an op = max(flops / (peak x eta_c), bytes / (bandwidth x eta_m)) + launch latency; eta_c and eta_m fitted to microbenchmarks',
    'collectives: alpha-beta model with a fitted bus-bandwidth ramp by message size; NCCL bus bytes',
    'throughput is modelled, not measured, for catalog GPUs; ranges are the optimistic and pessimistic ends of the fit bands',
  ];
  const fit = [
    `compute: kHalf ${COMPUTE_FIT.kHalf}, launch ${(COMPUTE_FIT.launchLatencySec * 1e6).toFixed(1)} us, etaMax ${Object.entries(
      COMPUTE_FIT.etaMax,
    )
      .map(([c, v]) => `${c} ${v}`)
      .join(', ')}`,
    `memory: eta_m = ${MEMORY_FIT.intercept} + ${MEMORY_FIT.slope} x read fraction`,
    `collectives: ramp exponent ${COLLECTIVE_FIT.rampExponent}, half-rate message ${(COLLECTIVE_FIT.rampHalfBytes / 1e6).toFixed(2)} MB, epsilon ${Object.entries(
      COLLECTIVE_FIT.epsilon,
    )
      .map(([c, v]) => `${c} ${v}`)
      .join(', ')}`,
    `bands (90th percentile of |error|): compute ${(FIT_BANDS.compute * 100).toFixed(1)}%, memory ${(FIT_BANDS.memory * 100).toFixed(1)}%, collective ${(FIT_BANDS.collective * 100).toFixed(1)}%`,
  ];
  const validation: ValidationRow[] = validationRows();
  return { assumptions: [...new Set([...shared, ...fromInputs])], fit, validation };
}
