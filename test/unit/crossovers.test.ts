import { describe, expect, it } from 'vitest';
import { findCrossovers, winnerSign } from '../../src/analysis/crossovers.ts';
import { runSweep } from '../../src/analysis/sweep.ts';
import { evaluatePoint } from '../../src/analysis/sweep-eval.ts';
import { parseSweepAxis, sweepGrid } from '../../src/analysis/sweep-grid.ts';
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
    expect(r).toEqual({ crossovers: [], omitted: 1 });
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
      expect(c.firstAbove - c.lastBelow).toBe(1);
      const base = { ...result.fixed, ...c.at };
      expect(winner({ ...base, [c.axis]: c.lastBelow })).toBe(c.below.winner);
      expect(winner({ ...base, [c.axis]: c.firstAbove })).not.toBe(c.below.winner);
    }
    // The headline: H20 wins small-batch decode, H100 takes over as the batch grows.
    const small = crossovers.find((c) => c.axis === 'batch' && c.below.winner === 'h20');
    expect(small?.above.winner).toBe('h100-sxm');
  });
});
