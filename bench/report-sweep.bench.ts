/**
 * Reducing a sweep document for a report: a synthetic `tppbench sweep` document of 999,000 results (batch
 * 1..1000 x input length 128..128k at 333 values x 3 GPUs, rows as JSON.parse makes them, one params object
 * each) with 1,333 crossovers, reduced by `sweepSection` to an 80 x 60 winner map and a few boundary rows.
 * Target: < 1000 ms per reduction; the section's JSON (what the HTML embeds) < 5 MB.
 */
import { sweepSection } from '../src/analysis/sweep-map.ts';
import type { SweepDocument } from '../src/results/sweep.ts';
import { type BenchFile, type BenchRow, wallTimeMs } from './harness.ts';

const GPUS = ['h20', 'h100-sxm', 'a100-sxm'];

/**
 * h20 wins where batch is small for the input length (memory-bound), h100-sxm elsewhere, a100-sxm never;
 * one crossover per line of each axis between h20 and h100-sxm.
 */
function syntheticDocument(): SweepDocument {
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
          gpu: GPUS[gi]!,
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
    gpus: GPUS.map((id) => ({ id, name: id, tpp: null })),
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

const bench: BenchFile = async () => {
  const doc = syntheticDocument();
  if (doc.results.length !== 999_000) throw new Error(`expected 999,000 results, got ${doc.results.length}`);
  const section = sweepSection(doc, 'warm-up');
  if (section.view.kind !== 'winner-map' || section.view.cells.length > 4800) throw new Error('not a map');
  const bytes = Buffer.byteLength(JSON.stringify(section));
  const times = await wallTimeMs(async () => sweepSection(doc, 'sweep'), 7);
  const rows: BenchRow[] = [
    {
      name: 'sweepSection, 999,000 results (1000 x 333 x 3 GPUs)',
      unit: 'ms',
      higherIsBetter: false,
      target: { value: 1000, text: '< 1000 ms' },
      samples: times,
    },
    {
      name: 'sweep section JSON size',
      unit: 'bytes',
      higherIsBetter: false,
      target: { value: 5e6, text: '< 5 MB' },
      samples: [bytes],
    },
  ];
  return rows;
};
export default bench;
