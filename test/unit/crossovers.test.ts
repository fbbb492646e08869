import { describe, expect, it } from 'vitest';
import { findCrossovers, MAX_REFUSED_PROBES, winnerSign } from '../../src/analysis/crossovers.ts';
import { runSweep } from '../../src/analysis/sweep.ts';
import { evaluatePoint } from '../../src/analysis/sweep-eval.ts';
import { parseSweepAxis, sweepGrid } from '../../src/analysis/sweep-grid.ts';
import { UserError } from '../../src/errors.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { WORKLOADS } from '../../src/workloads/index.ts';

describe('findCrossovers on a synthetic model', () => {
  // GPU "flat" delivers 100 everywhere; GPU "linear" delivers 3x: it wins from x = 34.
  const axis = parseSweepAxis({ key: 'x', flag: '--x', description: 'x', kind: 'integer' }, '1..1024');
  const grid = sweepGrid([axis], 2);
  const value = (g: number, x: number) => ({
    throughput: g === 0 ? 100 : 3 * x,
    timeMs: 1,
    bound: g === 0 ? ('memory' as const) : ('compute' as const),
  });
  const throughput = new Float64Array(grid.points * 2);
  axis.values.forEach((x, p) => {
    throughput[2 * p] = value(0, x as number).throughput;
    throughput[2 * p + 1] = value(1, x as number).throughput;
  });

  it('bisects an integer axis to the exact flip, not the grid point', () => {
    const { crossovers, omitted } = findCrossovers(
      { grid, gpuIds: ['flat', 'linear'], fixed: {}, throughput },
      (g, params) => value(g, params.x as number),
    );
    expect(omitted).toBe(0);
    expect(crossovers).toHaveLength(1);
    const c = crossovers[0]!;
    expect([c.lastBelow, c.firstAbove]).toEqual([33, 34]);
    expect(c.below).toEqual({ winner: 'flat', bound: 'memory', ratio: 100 / 99 });
    expect(c.above).toEqual({ winner: 'linear', bound: 'compute', ratio: 102 / 100 });
  });

  it('counts flips past the cap instead of refining them', () => {
    const r = findCrossovers(
      { grid, gpuIds: ['flat', 'linear'], fixed: {}, throughput },
      (g, p) => value(g, p.x as number),
      0,
    );
    expect(r).toEqual({ crossovers: [], omitted: 1, warnings: [], error: null });
  });

  /** Run findCrossovers on `raw` values of the x axis with the flat/linear model behind `accept`. */
  function crossoversOn(raw: string, accept: (x: number) => boolean) {
    const ax = parseSweepAxis({ key: 'x', flag: '--x', description: 'x', kind: 'integer' }, raw);
    const g = sweepGrid([ax], 2);
    const t = new Float64Array(g.points * 2);
    ax.values.forEach((x, p) => {
      t[2 * p] = value(0, x as number).throughput;
      t[2 * p + 1] = value(1, x as number).throughput;
    });
    const visited: number[] = [];
    const refused: number[] = [];
    const report = findCrossovers(
      { grid: g, gpuIds: ['flat', 'linear'], fixed: {}, throughput: t },
      (gi, p) => {
        const x = p.x as number;
        if (!accept(x)) {
          refused.push(x);
          throw new UserError(`--x ${x} must be a power of two`);
        }
        visited.push(x);
        return value(gi, x);
      },
    );
    return { report, visited, refused };
  }

  it('bisects only on values the workload accepts: a refused value is stepped over, never fatal', () => {
    // Only powers of two are valid (as --tp must divide the heads): between 32 and 64 there is none.
    const pow2 = (x: number) => (x & (x - 1)) === 0;
    const { report, visited, refused } = crossoversOn('1..1024', pow2);
    expect(report.error).toBeNull();
    expect(report.crossovers).toHaveLength(1);
    const c = report.crossovers[0]!;
    expect([c.lastBelow, c.firstAbove]).toEqual([32, 64]);
    expect(c.below.winner).toBe('flat');
    expect(c.above.winner).toBe('linear');
    expect(visited.every(pow2)).toBe(true);
    // Every integer strictly between was tried once and refused, no more.
    expect([...refused].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => 33 + i));
    // Where values are valid every other step, bisection still ends on adjacent valid values.
    const even = crossoversOn('2..1024', (x) => x % 2 === 0).report.crossovers[0]!;
    expect([even.lastBelow, even.firstAbove]).toEqual([32, 34]);
  });

  it('gives up stepping over refused values after a bounded number of probes', () => {
    const { report, refused } = crossoversOn('1..4096+4095', (x) => x === 1 || x === 4096);
    expect(refused.length).toBe(MAX_REFUSED_PROBES);
    expect(report.crossovers[0]).toMatchObject({ lastBelow: 1, firstAbove: 4096 });
  });

  it('a list axis takes only its listed values: the crossover lies between two of them', () => {
    const { report, visited } = crossoversOn('1,16,64', () => true);
    expect(report.crossovers).toHaveLength(1);
    expect(report.crossovers[0]).toMatchObject({ lastBelow: 16, firstAbove: 64, evaluations: 4 });
    expect(new Set(visited)).toEqual(new Set([16, 64]));
  });

  it('a failing evaluation (not a refusal) is data: the error, the crossovers refined before it', () => {
    const ax = parseSweepAxis({ key: 'x', flag: '--x', description: 'x', kind: 'integer' }, '1..1024');
    const other = parseSweepAxis({ key: 'y', flag: '--y', description: 'y', kind: 'integer' }, '1,2');
    const g = sweepGrid([other, ax], 2);
    const t = new Float64Array(g.points * 2);
    for (let p = 0; p < g.points; p++) {
      const x = ax.values[p % ax.values.length] as number;
      t[2 * p] = 100;
      t[2 * p + 1] = 3 * x;
    }
    let calls = 0;
    const report = findCrossovers(
      { grid: g, gpuIds: ['flat', 'linear'], fixed: {}, throughput: t },
      (gi, p) => {
        const y = p.y as number;
        if (y === 2 && ++calls > 4) throw new RangeError('model bug');
        return value(gi, p.x as number);
      },
    );
    expect(report.error).toBe('model bug');
    expect(report.crossovers).toHaveLength(1);
    expect(report.crossovers[0]!.at).toEqual({ y: 1 });
  });

  it('a GPU that fits beats one that does not; neither fitting is a tie', () => {
    expect(winnerSign(1, Number.NaN)).toBe(1);
    expect(winnerSign(Number.NaN, 1)).toBe(-1);
    expect(winnerSign(Number.NaN, Number.NaN)).toBe(0);
    expect(winnerSign(2, 2)).toBe(0);
  });
});

describe('crossovers of a real llm-decode sweep', () => {
  it('each crossover really is a flip point: the winner differs on each side', async () => {
    const result = await runSweep({
      workload: 'llm-decode',
      gpus: ['h100-sxm', 'h20'],
      params: { model: 'llama-3-70b', tp: '8', batch: '1..1024', context: '1k,4k' },
      threads: 0,
    });
    const { crossovers } = result.crossovers;
    expect(crossovers.length).toBeGreaterThan(0);
    const workload = WORKLOADS.get('llm-decode');
    const catalog = loadCatalog();
    const gpus = ['h100-sxm', 'h20'].map((id) => catalog.get(id));
    const winner = (params: Record<string, string | number | boolean>) => {
      const [a, b] = gpus.map((g) => evaluatePoint(workload, g, params).throughput);
      return winnerSign(a!, b!) === 1 ? 'h100-sxm' : winnerSign(a!, b!) === -1 ? 'h20' : 'tie';
    };
    for (const c of crossovers) {
      expect(c.axis === 'batch' || c.axis === 'context').toBe(true);
      // A range is refined to adjacent integers; a list (--context 1k,4k) only has its listed values.
      if (c.axis === 'batch') expect(c.firstAbove - c.lastBelow).toBe(1);
      else expect([c.lastBelow, c.firstAbove]).toEqual([1024, 4096]);
      const base = { ...result.fixed, ...c.at };
      expect(winner({ ...base, [c.axis]: c.lastBelow })).toBe(c.below.winner);
      expect(winner({ ...base, [c.axis]: c.firstAbove })).not.toBe(c.below.winner);
    }
    // The headline: H20 wins small-batch decode, H100 takes over as the batch grows.
    const small = crossovers.find((c) => c.axis === 'batch' && c.below.winner === 'h20');
    expect(small?.above.winner).toBe('h100-sxm');
  });
});
