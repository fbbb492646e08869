/**
 * Sweep throughput: a 1,000,000-point gemm grid (m x n x k, 100 log-spaced values each, one GPU) in the
 * sweep pool with 1 and 2 workers. Target: 2 workers >= 1.8x one worker. Workers are started and warmed
 * before timing, so the rows measure evaluation and transfer, not thread start-up.
 */
import { runSweep } from '../src/analysis/sweep.ts';
import { createSweepPool, type SweepPool } from '../src/analysis/sweep-pool.ts';
import { type BenchFile, type BenchRow, summarize, wallTimeMs } from './harness.ts';

const AXIS = '128..16384:100';
const params = { m: AXIS, n: AXIS, k: AXIS, dtype: 'bf16' };

async function pointsPerSecond(threads: number, runs: number): Promise<number[]> {
  const pool: SweepPool = createSweepPool({ threads });
  try {
    // Warm-up: start every worker and JIT the estimate path to its optimised tier. Two sweeps, because
    // with two workers each sees only half of one: a single warm-up left the 2-worker rows still tiering.
    for (let i = 0; i < 2; i++)
      await runSweep({ workload: 'gemm', gpus: ['h100-sxm'], params, pool, crossovers: false });
    let points = 0;
    const times = await wallTimeMs(async () => {
      const r = await runSweep({ workload: 'gemm', gpus: ['h100-sxm'], params, pool, crossovers: false });
      points = r.throughput.length;
    }, runs);
    if (points !== 1_000_000) throw new Error(`expected 1,000,000 grid points, got ${points}`);
    return times.map((ms) => points / (ms / 1000));
  } finally {
    await pool.close();
  }
}

const bench: BenchFile = async () => {
  const one = await pointsPerSecond(1, 5);
  const two = await pointsPerSecond(2, 5);
  const target = 1.8 * summarize(one).median;
  const rows: BenchRow[] = [
    { name: 'sweep 1M gemm points, 1 worker', unit: 'points/s', higherIsBetter: true, samples: one },
    {
      name: 'sweep 1M gemm points, 2 workers',
      unit: 'points/s',
      higherIsBetter: true,
      baseline: 'sweep 1M gemm points, 1 worker',
      target: { value: target, text: `>= 1.8x of 1 worker (${Math.round(target)})` },
      samples: two,
    },
  ];
  return rows;
};
export default bench;
