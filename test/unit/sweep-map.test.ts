import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/analysis/sweep.ts';
import { sweepSection } from '../../src/analysis/sweep-map.ts';
import { binCounts } from '../../src/analysis/sweep-winners.ts';
import { UserError } from '../../src/errors.ts';
import type { SweepSection } from '../../src/report/report-data.ts';
import { renderSweepJson, type SweepDocument, sweepDocumentSchema } from '../../src/results/sweep.ts';
import type { ParamValue } from '../../src/workloads/params.ts';

type Params = Record<string, ParamValue>;
type Crossover = SweepDocument['crossovers'][number];

interface AxisSpec {
  readonly key: string;
  readonly values: readonly ParamValue[];
  readonly spacing?: 'list' | 'log' | 'linear' | 'single';
}

const NAMES: Record<string, string> = { a: 'A100', b: 'H100', c: 'H20' };

/**
 * A sweep document over `axes` (grid order: last axis fastest, GPU innermost) whose throughput per GPU is
 * `value(params)[gi]`, null = does not fit.
 */
function sweepDoc(
  axes: readonly AxisSpec[],
  gpus: readonly string[],
  value: (p: Params) => readonly (number | null)[],
  crossovers: readonly Crossover[] = [],
): SweepDocument {
  const results: SweepDocument['results'][number][] = [];
  const walk = (a: number, params: Params) => {
    if (a === axes.length) {
      const t = value(params);
      gpus.forEach((gpu, gi) => {
        const v = t[gi] ?? null;
        results.push({ params, gpu, throughput: v, timeMs: v, bound: 'memory', fits: v !== null });
      });
      return;
    }
    for (const v of axes[a]!.values) walk(a + 1, { ...params, [axes[a]!.key]: v });
  };
  walk(0, {});
  return {
    schemaVersion: 1,
    kind: 'tppbench-sweep',
    tool: { name: 'tppbench', version: 'test' },
    workload: 'toy',
    throughputMetric: 'tokensPerSec',
    throughputUnit: 'tokens/s',
    gpus: gpus.map((id) => ({ id, name: NAMES[id] ?? id, tpp: null })),
    axes: axes.map((a) => ({
      key: a.key,
      flag: `--${a.key}`,
      kind: a.values.every((v) => typeof v === 'number') ? 'integer' : 'choice',
      spacing: a.spacing ?? 'list',
      values: [...a.values],
    })),
    fixed: { model: 'm' },
    points: results.length / gpus.length,
    warnings: [],
    results,
    crossovers: [...crossovers],
    crossoversOmitted: 0,
    crossoverWarnings: [],
    crossoversError: null,
  };
}

/** A crossover between `gpus` along `axis`, `below` winning up to `lastBelow`. */
function flip(
  gpus: [string, string],
  axis: string,
  at: Params,
  lastBelow: number,
  firstAbove: number,
  below: string,
): Crossover {
  const above = below === gpus[0] ? gpus[1] : gpus[0];
  return {
    gpus,
    axis,
    flag: `--${axis}`,
    at,
    lastBelow,
    firstAbove,
    below: { winner: below, bound: 'memory', ratio: 1.1 },
    above: { winner: above, bound: 'compute', ratio: 1.1 },
    evaluations: 2,
    summary: '',
  };
}

function mapOf(section: SweepSection) {
  if (section.view.kind !== 'winner-map') throw new Error(`expected a winner map, got ${section.view.kind}`);
  return section.view;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('sweepSection on a 1-D sweep', () => {
  // a delivers 100 everywhere, b 30 * x: a wins at x <= 3, b from 4 (a crossover refined to 3..4).
  const doc = sweepDoc(
    [{ key: 'batch', values: [1, 2, 4, 8], spacing: 'log' }],
    ['a', 'b'],
    (p) => [100, 30 * (p.batch as number)],
    [flip(['a', 'b'], 'batch', {}, 3, 4, 'a')],
  );

  it('draws a line per GPU and one boundary at the crossover', () => {
    const s = sweepSection(doc, 'sweep-1');
    expect(s.title).toBe('m toy: tokensPerSec by batch');
    expect(s.estimates).toBe(8);
    expect(s.view).toEqual({
      kind: 'line',
      axis: { key: 'batch', flag: '--batch', log: true, labels: null },
      series: [
        { gpu: 'a', name: 'A100', points: [1, 2, 4, 8].map((x) => ({ x, throughput: 100 })) },
        { gpu: 'b', name: 'H100', points: [1, 2, 4, 8].map((x) => ({ x, throughput: 30 * x })) },
      ],
    });
    // On a log axis the flip sits at the geometric midpoint of 3 and 4.
    expect(s.boundaries).toEqual([
      {
        gpus: ['a', 'b'],
        axis: 'batch',
        below: 'a',
        above: 'b',
        atMin: Math.sqrt(12),
        atMax: Math.sqrt(12),
        count: 1,
        text: 'A100 wins for batch <= 3; H100 above',
      },
    ]);
  });

  it('thins a long line evenly, keeping both ends and the grid values around each flip', () => {
    const values = range(1, 1000);
    const long = sweepDoc(
      [{ key: 'batch', values, spacing: 'linear' }],
      ['a', 'b'],
      (p) => [500, p.batch as number],
      [flip(['a', 'b'], 'batch', {}, 500, 501, 'a'), flip(['a', 'b'], 'batch', {}, 700.2, 700.3, 'b')],
    );
    const view = sweepSection(long, 's', { maxLinePoints: 10 }).view;
    if (view.kind !== 'line') throw new Error('expected a line');
    const xs = view.series[0]!.points.map((p) => p.x);
    // 6 evenly spaced (round(k * 999 / 5) + 1) and the 4 grid values around the two flips.
    expect(xs).toEqual([1, 201, 401, 500, 501, 600, 700, 701, 800, 1000]);
    expect(view.series[1]!.points.map((p) => p.throughput)).toEqual(xs);
  });
});

describe('sweepSection on a 2-D sweep', () => {
  // Throughput of a, b, c at (x, y); null = does not fit.
  const table: Record<string, (number | null)[]> = {
    '1,10': [null, null, null],
    '2,10': [20, 0, null],
    '3,10': [30, 10, 15],
    '1,20': [10, 20, 15],
    '2,20': [20, 20, 15],
    '3,20': [30, 20, 15],
    '1,30': [10, 30, 15],
    '2,30': [20, 30, 15],
    '3,30': [30, null, null],
  };
  const doc = sweepDoc(
    [
      { key: 'x', values: [1, 2, 3] },
      { key: 'y', values: [10, 20, 30] },
    ],
    ['a', 'b', 'c'],
    (p) => table[`${p.x},${p.y}`]!,
  );
  // Hand-computed: [winner, margin] row by row (y), then by x.
  const expected: [string | null, number | null][] = [
    [null, null], // nothing fits
    ['a', null], // the runner-up delivers 0
    ['a', 30 / 15 - 1],
    ['b', 20 / 15 - 1],
    ['a', 0], // a tie goes to the first GPU
    ['a', 30 / 20 - 1],
    ['b', 30 / 15 - 1],
    ['b', 30 / 20 - 1],
    ['a', null], // only a fits
  ];

  it('finds each cell winner and margin', () => {
    const map = mapOf(sweepSection(doc, 's'));
    expect(map.binned).toBe(false);
    expect(map.xValues).toEqual([1, 2, 3]);
    expect(map.yValues).toEqual([10, 20, 30]);
    expect(map.cells.map((c) => [c.xi, c.yi])).toEqual(range(0, 8).map((i) => [i % 3, Math.floor(i / 3)]));
    const got = map.cells.map((c) => [c.winner, c.margin]);
    expect(got.map((w) => w[0])).toEqual(expected.map((w) => w[0]));
    got.forEach(([, m], i) => {
      const want = expected[i]![1];
      if (want === null) expect(m).toBeNull();
      else expect(m).toBeCloseTo(want, 12);
    });
  });

  it('indexes rows by their values, not their order, and orders a listed axis by value', () => {
    const shuffled = sweepDoc(
      [
        { key: 'x', values: [3, 1, 2] },
        { key: 'y', values: [30, 10, 20] },
      ],
      ['a', 'b', 'c'],
      (p) => table[`${p.x},${p.y}`]!,
    );
    const reversed = { ...shuffled, results: [...shuffled.results].reverse() };
    expect(sweepSection(reversed, 's').view).toEqual(sweepSection(doc, 's').view);
  });

  it('holds a third swept axis at its first value and says so', () => {
    const three = sweepDoc(
      [
        { key: 'x', values: [1, 2] },
        { key: 'y', values: [10, 20] },
        { key: 'z', values: [7, 5] },
      ],
      ['a', 'b'],
      (p) => (p.z === 7 ? [2, 1] : [1, 2]),
      [flip(['a', 'b'], 'x', { y: 10, z: 7 }, 1, 2, 'a'), flip(['a', 'b'], 'x', { y: 10, z: 5 }, 1, 2, 'b')],
    );
    const s = sweepSection(three, 's');
    expect(s.title).toBe('m toy: which GPU wins over x x y (z at 7)');
    expect(s.fixed).toEqual({ model: 'm', z: 7 });
    expect(mapOf(s).cells.map((c) => c.winner)).toEqual(['a', 'a', 'a', 'a']);
    // Only the crossover on the shown slice (z = 7) becomes a boundary.
    expect(s.boundaries.map((b) => b.below)).toEqual(['a']);
  });

  it('places a choice axis by index and keeps its values as labels', () => {
    const choice = sweepDoc(
      [
        { key: 'dtype', values: ['fp8', 'bf16'] },
        { key: 'batch', values: [1, 2] },
      ],
      ['a', 'b'],
      (p) => (p.dtype === 'fp8' ? [1, 2] : [2, 1]),
    );
    const map = mapOf(sweepSection(choice, 's'));
    expect(map.x).toEqual({ key: 'dtype', flag: '--dtype', log: false, labels: ['fp8', 'bf16'] });
    expect(map.xValues).toEqual([0, 1]);
    expect(map.cells.map((c) => c.winner)).toEqual(['b', 'a', 'b', 'a']);
  });

  it('says why there is no chart when nothing was swept', () => {
    const flat = sweepDoc([{ key: 'batch', values: [8], spacing: 'single' }], ['a', 'b'], () => [1, 2]);
    const s = sweepSection(flat, 's');
    expect(s.view).toEqual({ kind: 'none', reason: 'nothing was swept: every parameter has one value' });
    expect(s.fixed).toEqual({ model: 'm', batch: 8 });
  });

  it('rejects bad limits naming the option', () => {
    expect(() => sweepSection(doc, 's', { maxCells: 0 })).toThrow(UserError);
    expect(() => sweepSection(doc, 's', { maxCells: 0 })).toThrow(
      /maxCells must be an integer >= 1 \(got 0\)/,
    );
    expect(() => sweepSection(doc, 's', { maxLinePoints: 1.5 })).toThrow(/maxLinePoints/);
  });
});

describe('binning a large winner map', () => {
  // a wins where x < y (by 2x), b elsewhere (by 3x): 200 x 200 cells.
  const values = range(1, 200);
  const doc = sweepDoc(
    [
      { key: 'x', values, spacing: 'linear' },
      { key: 'y', values, spacing: 'linear' },
    ],
    ['a', 'b'],
    (p) => ((p.x as number) < (p.y as number) ? [2, 1] : [1, 3]),
  );

  it('fits the bins in maxCells and gives each bin the GPU that wins most of its cells', () => {
    expect(binCounts(200, 200, 4800)).toEqual([69, 69]);
    const map = mapOf(sweepSection(doc, 's'));
    expect(map.binned).toBe(true);
    expect(map.cells).toHaveLength(69 * 69);
    // Bin b starts at grid index floor(b * 200 / 69).
    const starts = range(0, 68).map((b) => Math.floor((b * 200) / 69));
    expect(map.xValues).toEqual(starts.map((k) => values[k]));
    expect(map.yValues).toEqual(map.xValues);
    // Bin (0, 0) is x, y in {1, 2}: b wins (1,1), (2,1), (2,2), a wins (1,2); b by 3x.
    expect(map.cells[0]).toEqual({ xi: 0, yi: 0, winner: 'b', margin: 2 });
    const ends = [...starts, 200];
    for (const cell of map.cells) {
      let aWins = 0;
      let bWins = 0;
      for (let y = ends[cell.yi]! + 1; y <= ends[cell.yi + 1]!; y++)
        for (let x = ends[cell.xi]! + 1; x <= ends[cell.xi + 1]!; x++) {
          if (x < y) aWins++;
          else bWins++;
        }
      // Equal counts go to the higher total throughput: b (3 per cell it wins against a's 2).
      expect(cell.winner).toBe(aWins > bWins ? 'a' : 'b');
      expect(cell.margin).toBe(cell.winner === 'a' ? 1 : 2);
    }
  });

  it('takes the median margin of the cells the winner won, and blanks bins mostly unfit', () => {
    // y = 2 fits nowhere; on y = 1, a beats b by 0.5, 1.5 and 1 at x = 1, 2, 3; x = 4 fits nowhere.
    const margins: Record<number, (number | null)[]> = { 1: [1.5, 1], 2: [5, 2], 3: [4, 2], 4: [null, null] };
    const grid = sweepDoc(
      [
        { key: 'x', values: [1, 2, 3, 4] },
        { key: 'y', values: [1, 2] },
      ],
      ['a', 'b'],
      (p) => (p.y === 2 ? [null, null] : margins[p.x as number]!),
    );
    // 8 cells into 2 bins: x in 2 groups, y in 1.
    const map = mapOf(sweepSection(grid, 's', { maxCells: 2 }));
    expect([map.xValues, map.yValues, map.binned]).toEqual([[1, 3], [1], true]);
    // Bin 0: a wins 2 cells, 2 are unfit (a tie keeps the GPU), median of 0.5 and 1.5. Bin 1: a wins 1
    // cell, 3 are unfit: blank.
    expect(map.cells).toEqual([
      { xi: 0, yi: 0, winner: 'a', margin: 1 },
      { xi: 1, yi: 0, winner: null, margin: null },
    ]);
  });
});

describe('boundaries', () => {
  const len = range(1, 10);
  const gpus = ['a', 'b', 'c'];
  const crossovers: Crossover[] = [
    // a beats b up to batch 3 + len on every line of len (listed as [b, a] on odd lines).
    ...len.map((l) => flip(l % 2 ? ['b', 'a'] : ['a', 'b'], 'batch', { len: l }, 3 + l, 4 + l, 'a')),
    // ... then b beats a again up to batch 100 on len 1..3.
    ...[1, 2, 3].map((l) => flip(['a', 'b'], 'batch', { len: l }, 100, 101, 'b')),
    // c beats a along len up to 5..7 at batch 1, 2, 4.
    ...[1, 2, 4].map((b, i) => flip(['a', 'c'], 'len', { batch: b }, 5 + i, 6 + i, 'c')),
  ];
  const doc = sweepDoc(
    [
      { key: 'batch', values: [1, 2, 4, 128], spacing: 'linear' },
      { key: 'len', values: len, spacing: 'linear' },
    ],
    gpus,
    () => [1, 1, 1],
    [...crossovers].reverse(),
  );

  it('groups many crossovers into one row per pair, axis and direction', () => {
    const rows = sweepSection(doc, 's').boundaries;
    expect(rows.map((r) => [r.gpus, r.axis, r.below, r.above, r.count, r.atMin, r.atMax])).toEqual([
      [['a', 'b'], 'batch', 'a', 'b', 10, 4.5, 13.5],
      [['a', 'b'], 'batch', 'b', 'a', 3, 100.5, 100.5],
      [['a', 'c'], 'len', 'c', 'a', 3, 5.5, 7.5],
    ]);
    expect(rows.map((r) => r.text)).toEqual([
      'A100 wins for batch <= 4..13 over len 1..10; H100 above',
      'H100 wins for batch <= 100 over len 1..3; A100 above',
      'H20 wins for len <= 5..7 over batch 1..4; A100 above',
    ]);
  });

  it('keeps a second flip of the same direction on a line apart from the first', () => {
    const back = sweepDoc(
      [{ key: 'batch', values: range(1, 64), spacing: 'linear' }],
      ['a', 'b'],
      () => [1, 1],
      [
        flip(['a', 'b'], 'batch', {}, 40, 41, 'a'),
        flip(['a', 'b'], 'batch', {}, 10, 11, 'a'),
        flip(['a', 'b'], 'batch', {}, 20, 21, 'b'),
      ],
    );
    expect(sweepSection(back, 's').boundaries.map((r) => [r.below, r.atMin, r.count])).toEqual([
      ['a', 10.5, 1],
      ['b', 20.5, 1],
      ['a', 40.5, 1],
    ]);
  });
});

describe('sweepSection on a real sweep', () => {
  it('agrees with the rows of an llm-serving batch x input length sweep', async () => {
    const result = await runSweep({
      workload: 'llm-serving',
      gpus: ['h20', 'h100-sxm', 'a100-sxm-80gb'],
      params: { model: 'llama-3-70b', tp: 8, batch: '1..256', inputLen: '128..32k' },
      threads: 0,
    });
    const doc = sweepDocumentSchema.parse(JSON.parse(renderSweepJson(result, 'test')));
    const s = sweepSection(doc, 'serving');
    const map = mapOf(s);
    expect([map.xValues.length, map.yValues.length, map.binned]).toEqual([9, 9, false]);
    // The winner of each cell is the row with the highest throughput at that point.
    for (const cell of map.cells) {
      const rows = doc.results.filter(
        (r) => r.params.batch === map.xValues[cell.xi] && r.params.inputLen === map.yValues[cell.yi],
      );
      const fit = rows.filter((r) => r.throughput !== null).sort((p, q) => q.throughput! - p.throughput!);
      expect(cell.winner).toBe(fit[0]?.gpu ?? null);
    }
    expect(doc.crossovers.length).toBeGreaterThan(s.boundaries.length);
    expect(s.boundaries.reduce((n, b) => n + b.count, 0)).toBe(doc.crossovers.length);
    expect(s.boundaries.length).toBeLessThanOrEqual(8);
  });
});

describe('sweepSection properties', () => {
  it('every cell winner is a GPU or null; margins are finite and >= 0; no NaN anywhere', () => {
    const throughput = fc.option(
      fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true })),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(throughput, { minLength: 12 * 12 * 4, maxLength: 12 * 12 * 4 }),
        (g, nx, ny, maxCells, ts) => {
          const ids = ['a', 'b', 'c', 'd'].slice(0, g);
          const doc = sweepDoc(
            [
              { key: 'x', values: range(1, nx) },
              { key: 'y', values: range(1, ny) },
            ],
            ids,
            (p) => ids.map((_, gi) => ts[(((p.x as number) - 1) * 12 + (p.y as number) - 1) * 4 + gi]!),
          );
          const map = mapOf(sweepSection(doc, 's', { maxCells }));
          expect(map.cells.length).toBe(map.xValues.length * map.yValues.length);
          expect(map.cells.length).toBeLessThanOrEqual(Math.max(maxCells, 1));
          for (const cell of map.cells) {
            expect(cell.winner === null || ids.includes(cell.winner)).toBe(true);
            if (cell.margin !== null) {
              expect(Number.isFinite(cell.margin)).toBe(true);
              expect(cell.margin).toBeGreaterThanOrEqual(0);
            }
            if (cell.winner === null) expect(cell.margin).toBeNull();
          }
          JSON.stringify(map, (_, v) => {
            if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
            return v;
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
