/** The streaming flip scan finds what a scan of the whole grid finds, in any chunking, with bounded state. */
import { describe, expect, it } from 'vitest';
import { CrossoverScan, type GridFlip, winnerSign } from '../../src/analysis/crossover-scan.ts';
import { parseSweepAxis, type SweepGrid, sweepGrid } from '../../src/analysis/sweep-grid.ts';
import type { ParamSpec } from '../../src/workloads/params.ts';

const spec = (key: string): ParamSpec => ({ key, flag: `--${key}`, description: key, kind: 'integer' });

/** The pre-streaming algorithm: every axis, every line, every pair, values in ascending order. */
function referenceFlips(grid: SweepGrid, g: number, throughput: Float64Array): GridFlip[] {
  const out: GridFlip[] = [];
  let stride = grid.points;
  grid.axes.forEach((axis, ax) => {
    const len = axis.values.length;
    stride /= len;
    if (len < 2) return;
    const values = axis.values as number[];
    const order = [...values.keys()].sort((a, b) => values[a]! - values[b]!);
    for (let base = 0; base < grid.points; base++) {
      if (Math.floor(base / stride) % len !== 0) continue;
      for (let i = 0; i < g; i++) {
        for (let j = i + 1; j < g; j++) {
          let last = 0;
          let lastK = -1;
          for (const k of order) {
            const e = (base + k * stride) * g;
            const s = winnerSign(throughput[e + i]!, throughput[e + j]!);
            if (s === 0) continue;
            if (last !== 0 && s !== last) out.push({ axis: ax, base, i, j, below: lastK, above: k });
            last = s;
            lastK = k;
          }
        }
      }
    }
  });
  return out;
}

/** A small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function scanInChunks(grid: SweepGrid, g: number, t: Float64Array, max: number, next: () => number) {
  const scan = new CrossoverScan(grid, g, max);
  let point = 0;
  while (point < grid.points) {
    const n = Math.min(grid.points - point, 1 + Math.floor(next() * 7));
    scan.add(point, t.subarray(point * g, (point + n) * g));
    point += n;
  }
  return scan.finish();
}

describe('CrossoverScan', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: chunked streaming finds exactly the flips of a whole-grid scan (ties, misfits, lists)',
    (seed) => {
      const next = random(seed);
      // Ascending and unordered axes, each as the slowest, a middle and the fastest axis.
      const axes = [
        parseSweepAxis(spec('a'), '1..64'),
        parseSweepAxis(spec('b'), '9,2,5,1'),
        parseSweepAxis(spec('c'), '3,1'),
        parseSweepAxis(spec('d'), '1,3'),
      ];
      const grid = sweepGrid(seed % 2 ? axes : [axes[1]!, axes[0]!, axes[3]!, axes[2]!], 3);
      const g = 3;
      const t = new Float64Array(grid.points * g).map(() => {
        const r = next();
        return r < 0.1 ? Number.NaN : r < 0.2 ? 1 : Math.floor(r * 4);
      });
      const reference = referenceFlips(grid, g, t);
      expect(reference.length).toBeGreaterThan(20);
      const all = scanInChunks(grid, g, t, 100_000, next);
      expect(all.omitted).toBe(0);
      expect(all.flips).toEqual(reference);
      // Past the cap, the first flips in report order are kept and the rest counted.
      const capped = scanInChunks(grid, g, t, 7, next);
      expect(capped.flips).toEqual(reference.slice(0, 7));
      expect(capped.omitted).toBe(reference.length - 7);
    },
  );

  it('skips an axis whose open lines would pass the state budget, with a warning, allocating nothing', () => {
    // 2 x 2000 x 10000 points: the first axis has 20M lines open at once (100 MB of state).
    const axes = [
      parseSweepAxis(spec('a'), '1,2'),
      parseSweepAxis(spec('b'), '1..2000+1'),
      parseSweepAxis(spec('c'), '1..10000+1'),
    ];
    const grid: SweepGrid = { axes, points: 2 * 2000 * 10000 };
    const before = process.memoryUsage().arrayBuffers;
    const scan = new CrossoverScan(grid, 2, 100);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
    expect(scan.warnings).toEqual([
      expect.stringMatching(
        /^crossovers along --a were not searched: 20000000 lines open at once would hold 96 MiB/,
      ),
    ]);
    // The other axes are still searched.
    expect(new CrossoverScan({ axes: axes.slice(1), points: 2000 * 10000 }, 2, 1).warnings).toEqual([]);
  });

  it('refuses points out of order', () => {
    const grid = sweepGrid([parseSweepAxis(spec('a'), '1..8')], 2);
    const scan = new CrossoverScan(grid, 2, 10);
    scan.add(0, new Float64Array(4));
    expect(() => scan.add(3, new Float64Array(2))).toThrow(/must arrive in order \(3 after 2\)/);
  });
});
