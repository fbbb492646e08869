/**
 * A synthetic {@link ReportData} of any size, deterministic (seeded), for renderer tests and the HTML
 * report bench: GPUs, workload comparisons with inversions, a roofline per GPU, a 1-D sweep and a winner
 * map aggregated from a large 2-D sweep, a local run and a model section. The numbers are made up but
 * consistent (normalized = throughput / first GPU's, TPP points from the rows); the sweeps are built
 * directly as sections, as `analysis/sweep-map.ts` would reduce them.
 */

import type { Bound } from '../src/model/types.ts';
import type {
  ReportData,
  ReportGpu,
  Roofline,
  SweepSection,
  TppPoint,
  WinnerCell,
  WorkloadComparison,
} from '../src/report/report-data.ts';
import type { SweepDocument } from '../src/results/sweep.ts';

/** Sizes of a synthetic report. */
export interface SyntheticSize {
  readonly gpus: number;
  readonly workloads: number;
  /** Grid points of the 2-D sweep (before binning into at most `cellsX` x `cellsY` cells). */
  readonly sweepPoints: number;
  readonly cellsX?: number;
  readonly cellsY?: number;
}

/** Mulberry32: a small seeded PRNG, so every run builds the same report. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` log-spaced integers from `lo` to `hi`, duplicates (at the low end) dropped. */
const logSpace = (lo: number, hi: number, n: number) => [
  ...new Set(Array.from({ length: n }, (_, i) => Math.round(lo * (hi / lo) ** (n === 1 ? 0 : i / (n - 1))))),
];

/** A synthetic report of the given size. */
export function syntheticReport(size: SyntheticSize): ReportData {
  const rand = prng(42);
  const gpus: ReportGpu[] = Array.from({ length: size.gpus }, (_, i) => {
    const bf16 = 150 + rand() * 1850;
    const tpp = Math.round(bf16 * 16);
    return {
      id: `gpu-${i}`,
      name: i === 1 ? 'GPU <1> & "quoted"' : `Synthetic GPU ${i} ${i % 3 === 0 ? 'SXM5 80GB' : 'PCIe'}`,
      tpp,
      pd: tpp / (600 + rand() * 300),
      verdicts: {
        'oct-2022': tpp >= 4800 ? '3A090.a' : 'not controlled',
        'oct-2023': tpp >= 2400 ? '3A090.a' : 'not controlled',
      },
      bf16Tflops: bf16,
      fp8Tflops: i % 4 === 0 ? null : bf16 * 2,
      memoryGB: 40 + Math.round(rand() * 150),
      memoryTBps: 1 + rand() * 4,
      linkGBps: i % 5 === 0 ? null : 400 + Math.round(rand() * 500),
      unverified: i % 2 === 0 ? ['linkGBps'] : [],
      sources: [
        { label: `vendor datasheet ${i}`, url: `https://example.com/gpu-${i}.pdf` },
        { label: 'an estimate from die size', url: null },
      ],
    };
  });
  const bounds: Bound[] = ['compute', 'memory', 'interconnect'];
  const workloads: WorkloadComparison[] = Array.from({ length: size.workloads }, (_, w) => {
    const raw = gpus.map((g, i) => ({
      g,
      fits: !(w % 7 === 3 && i === gpus.length - 1),
      t: 100 + rand() * 900,
    }));
    const base = raw[0]!.t;
    return {
      id: `workload-${w}`,
      title: `llm-decode on model ${w} at batch ${2 ** (w % 8)}`,
      workload: 'llm-decode',
      command: `llm-decode --model synthetic-${w} --batch ${2 ** (w % 8)}`,
      throughputMetric: 'tokensPerSec',
      throughputUnit: 'tokens/s',
      rationale: w % 2 === 0 ? 'memory-bound decode favours bandwidth over TPP' : null,
      rows: raw.map(({ g, fits, t }) => ({
        gpu: g.id,
        name: g.name,
        tpp: g.tpp,
        throughput: fits ? t : null,
        normalized: fits ? t / base : null,
        bound: bounds[(w + g.id.length) % 3]!,
        fits,
        inverts: fits
          ? raw.filter((o) => o.fits && (o.g.tpp ?? 0) > (g.tpp ?? 0) && o.t < t).map((o) => o.g.id)
          : [],
      })),
    };
  });
  const summary = workloads.flatMap((w) =>
    w.rows.flatMap((r) =>
      r.inverts.slice(0, 1).map((over) => ({
        text: `${r.name} beats ${over} on ${w.title}: memory-bound`,
        sectionId: w.id,
        gpu: r.gpu,
        over,
        ratio: 1.1,
        binding: 'memory' as const,
      })),
    ),
  );
  const rooflines: Roofline[] = gpus.map((g) => ({
    gpu: g.id,
    name: g.name,
    peakFlopsPerSec: (g.bf16Tflops ?? 1) * 1e12,
    memoryBytesPerSec: (g.memoryTBps ?? 1) * 1e12,
    points: workloads.map((w, i) => {
      const intensity = 2 ** (i % 12);
      const roof = Math.min((g.bf16Tflops ?? 1) * 1e12, (g.memoryTBps ?? 1) * 1e12 * intensity);
      return {
        sectionId: w.id,
        label: w.title,
        intensity,
        flopsPerSec: roof * (0.5 + rand() * 0.45),
        bound: intensity < 64 ? 'memory' : 'compute',
      };
    }),
  }));
  const tppPoints: TppPoint[] = workloads.flatMap((w) =>
    w.rows
      .filter((r) => r.normalized !== null && r.tpp !== null)
      .map((r) => ({
        sectionId: w.id,
        workload: w.title,
        gpu: r.gpu,
        name: r.name,
        tpp: r.tpp!,
        normalized: r.normalized!,
      })),
  );
  return {
    title: 'Synthetic report',
    generatedAt: '2026-11-30T00:00:00.000Z',
    toolVersion: '0.0.0-test',
    inputs: [{ file: 'synthetic.json', kind: 'tppbench-estimates' }],
    summary,
    gpus,
    workloads,
    rooflines,
    sweeps: [lineSweep(gpus.slice(0, 3)), winnerMapSweep(gpus.slice(0, 3), size, rand)],
    tppPoints,
    local: {
      machine: 'synthetic machine',
      suite: 'quick',
      backends: ['cpu', 'wgsl'],
      device: 'SwiftShader Device (Subzero)',
      software: true,
      profile: [
        { backend: 'cpu', peakGflops: 50, bandwidthGBps: 12 },
        { backend: 'wgsl', peakGflops: null, bandwidthGBps: 3.2 },
      ],
      kernels: [
        ...Array.from({ length: 8 }, (_, i) => ({
          case: `gemm-${64 << i}`,
          backend: i % 2 ? 'wgsl' : 'cpu',
          state: 'completed',
          unit: 'ms',
          median: 0.1 * 2 ** i,
          ciLow: 0.09 * 2 ** i,
          ciHigh: 0.12 * 2 ** i,
          samples: 15,
          note: null,
        })),
        {
          case: 'h2d',
          backend: 'wgsl',
          state: 'unsupported',
          unit: 'ms',
          median: null,
          ciLow: null,
          ciHigh: null,
          samples: 0,
          note: 'no gpu.js body <here>',
        },
      ],
      selfCheck: Array.from({ length: 5 }, (_, i) => ({
        case: `gemm-${64 << i} (cpu)`,
        measured: 2 ** i,
        modelled: 2 ** i * (0.8 + 0.1 * i),
        unit: 'ms',
        error: 0.1 * i - 0.2,
      })),
      catalogGpu: null,
      catalogCheck: [],
    },
    model: {
      assumptions: [
        'time of an op = max(flops / peak, bytes / bandwidth) + launch latency',
        'an <assumption> & more',
      ],
      fit: ['compute: kHalf 512', 'memory: eta_m = 0.8 + 0.1 x read fraction'],
      validation: Array.from({ length: 12 }, (_, i) => ({
        group: ['GEMM', 'memory', 'collective'][i % 3]!,
        id: `point-${i}`,
        measured: 100 + i,
        modelled: 100 + i * 1.05,
        unit: 'TFLOP/s',
        error: (100 + i * 1.05) / (100 + i) - 1,
        source:
          i % 2
            ? { label: 'paper', url: 'https://example.com/paper' }
            : { label: 'microbenchmarks.json', url: null },
      })),
    },
  };
}

function lineSweep(gpus: readonly ReportGpu[]): SweepSection {
  const xs = logSpace(1, 256, 9);
  return {
    id: 'sweep-llm-decode',
    title: 'llm-decode over batch',
    workload: 'llm-decode',
    throughputMetric: 'tokensPerSec',
    throughputUnit: 'tokens/s',
    gpus: gpus.map((g) => ({ id: g.id, name: g.name, tpp: g.tpp })),
    estimates: xs.length * gpus.length,
    fixed: { model: 'llama-3-70b', context: 4096 },
    view: {
      kind: 'line',
      axis: { key: 'batch', flag: '--batch', log: true, labels: null },
      series: gpus.map((g, i) => ({
        gpu: g.id,
        name: g.name,
        points: xs.map((x) => ({
          x,
          throughput: i === 2 && x > 128 ? null : x * (1 + i) * 100 ** (1 - i * 0.1),
        })),
      })),
    },
    boundaries: [
      {
        gpus: [gpus[0]!.id, gpus[1]!.id],
        axis: 'batch',
        below: gpus[0]!.id,
        above: gpus[1]!.id,
        atMin: 16,
        atMax: 16,
        count: 1,
        text: `${gpus[0]!.name} wins for batch <= 16; ${gpus[1]!.name} above`,
      },
    ],
  };
}

function winnerMapSweep(gpus: readonly ReportGpu[], size: SyntheticSize, rand: () => number): SweepSection {
  const side = Math.round(Math.sqrt(size.sweepPoints));
  const cellsX = size.cellsX ?? 80;
  const cellsY = size.cellsY ?? 60;
  const xAll = logSpace(1, 4096, side);
  const yAll = logSpace(128, 131072, side);
  const binned = side > cellsX || side > cellsY;
  const pick = (all: number[], n: number) =>
    all.length <= n ? all : Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]!);
  const xValues = pick(xAll, cellsX);
  const yValues = pick(yAll, cellsY);
  const cells: WinnerCell[] = [];
  for (let xi = 0; xi < xValues.length; xi++) {
    for (let yi = 0; yi < yValues.length; yi++) {
      const u = xi / xValues.length;
      const v = yi / yValues.length;
      const score = u + 0.6 * v;
      const winner =
        u > 0.9 && v > 0.9 ? null : score < 0.6 ? gpus[2]!.id : score < 1.1 ? gpus[0]!.id : gpus[1]!.id;
      const margin = winner === null ? null : rand() < 0.02 ? null : Math.abs(score - 0.85) * rand();
      cells.push({ xi, yi, winner, margin });
    }
  }
  return {
    id: 'sweep-llm-serving',
    title: 'llm-serving over batch and input length',
    workload: 'llm-serving',
    throughputMetric: 'tokensPerSec',
    throughputUnit: 'tokens/s',
    gpus: gpus.map((g) => ({ id: g.id, name: g.name, tpp: g.tpp })),
    estimates: side * side * gpus.length,
    fixed: { model: 'llama-3-70b', tp: 4 },
    view: {
      kind: 'winner-map',
      x: { key: 'batch', flag: '--batch', log: true, labels: null },
      y: { key: 'inputLen', flag: '--input-len', log: true, labels: null },
      xValues,
      yValues,
      binned,
      cells,
    },
    boundaries: [
      {
        gpus: [gpus[2]!.id, gpus[0]!.id],
        axis: 'batch',
        below: gpus[2]!.id,
        above: gpus[0]!.id,
        atMin: 16,
        atMax: 1024,
        count: side,
        text: `${gpus[2]!.name} wins for batch <= 16..1024 (over inputLen 128..131072); ${gpus[0]!.name} above`,
      },
    ],
  };
}

const SWEEP_GPUS = ['h20', 'h100-sxm', 'a100-sxm'];

/**
 * A synthetic `tppbench sweep` document of 999,000 results (batch 1..1000 x input length 128..128k at 333
 * values x 3 GPUs, rows as JSON.parse makes them) with 1,333 crossovers.
 * h20 wins where batch is small for the input length (memory-bound), h100-sxm elsewhere, a100-sxm never;
 * one crossover per line of each axis between h20 and h100-sxm.
 */
export function syntheticSweepDocument(): SweepDocument {
  const batch = Array.from({ length: 1000 }, (_, i) => i + 1);
  const inputLen = Array.from({ length: 333 }, (_, i) => Math.round(128 * 1024 ** (i / 332)));
  const results: SweepDocument['results'][number][] = [];
  const crossovers: SweepDocument['crossovers'][number][] = [];
  const flipBatch = (len: number) => Math.max(1, Math.round(4096 / Math.sqrt(len)));
  for (const b of batch) {
    for (const len of inputLen) {
      const h20 = 100 * Math.min(b, flipBatch(len)) + 0.5;
      const h100 = 100 * b * (b > flipBatch(len) ? 1 : 0.99);
      const a100 = len > 65536 && b > 900 ? null : 0.5 * h100;
      for (const [gi, t] of [h20, h100, a100].entries()) {
        const fits = t !== null;
        results.push({
          params: { batch: b, inputLen: len },
          gpu: SWEEP_GPUS[gi]!,
          throughput: t,
          timeMs: t,
          bound: 'memory',
          fits,
        });
      }
    }
  }
  const side = (winner: string) => ({ winner, bound: 'memory' as const, ratio: 1.01 });
  const flip = (axis: string, at: Record<string, number>, lastBelow: number, h20Below: boolean) => ({
    gpus: ['h20', 'h100-sxm'] as [string, string],
    axis,
    flag: `--${axis}`,
    at,
    lastBelow,
    firstAbove: lastBelow + 1,
    below: side(h20Below ? 'h20' : 'h100-sxm'),
    above: side(h20Below ? 'h100-sxm' : 'h20'),
    evaluations: 20,
    summary: '',
  });
  for (const len of inputLen) crossovers.push(flip('batch', { inputLen: len }, flipBatch(len), true));
  for (const b of batch) crossovers.push(flip('inputLen', { batch: b }, Math.round((4096 / b) ** 2), false));
  return {
    schemaVersion: 1,
    kind: 'tppbench-sweep',
    tool: { name: 'tppbench', version: 'bench' },
    workload: 'llm-serving',
    throughputMetric: 'outputTokensPerSecPerGpu',
    throughputUnit: 'tokens/s/GPU',
    gpus: SWEEP_GPUS.map((id) => ({ id, name: id, tpp: null })),
    axes: [
      { key: 'batch', flag: '--batch', kind: 'integer-or-max', spacing: 'linear', values: batch },
      { key: 'inputLen', flag: '--input-len', kind: 'integer', spacing: 'log', values: inputLen },
    ],
    fixed: { model: 'llama-3-70b' },
    points: batch.length * inputLen.length,
    warnings: [],
    results,
    crossovers,
    crossoversOmitted: 0,
    crossoverWarnings: [],
    crossoversError: null,
  };
}
