/**
 * The pool itself: speed-up of CPU-bound GEMM tasks on 2 threads against 1 (target >= 1.8x on 2 cores),
 * and the dispatch overhead of one task against an inline call.
 */
import { createCpuPool } from '../src/pool/cpu-pool.ts';
import type { RunKernelRequest } from '../src/pool/protocol.ts';
import { type BenchFile, wallTimeMs } from './harness.ts';

const GEMM_TASK: RunKernelRequest = {
  type: 'run-kernel',
  kernel: 'gemm',
  size: { m: 192, n: 192, k: 192 },
  backend: 'webasm',
  seed: 1,
  timing: { warmupRuns: 0, minSamples: 3, minTimeMs: 1, maxTimeMs: 1 },
  kernelModules: [],
};
const TASKS = 8;

/** Tasks per second of TASKS gemm cases through a pool of `threads`, one sample per batch. */
async function gemmTasksPerSec(threads: number, batches: number): Promise<number[]> {
  const pool = createCpuPool({ threads });
  try {
    await Promise.all(Array.from({ length: threads }, () => pool.run(GEMM_TASK, 60_000))); // warm every worker
    const times = await wallTimeMs(
      () => Promise.all(Array.from({ length: TASKS }, () => pool.run(GEMM_TASK, 60_000))),
      batches,
    );
    return times.map((ms) => (TASKS / ms) * 1000);
  } finally {
    await pool.close();
  }
}

/** Microseconds per ping through a 1-thread pool, one sample per 200 sequential pings. */
async function dispatchMicros(samples: number): Promise<number[]> {
  const pool = createCpuPool({ threads: 1 });
  try {
    for (let i = 0; i < 50; i++) await pool.ping();
    const times = await wallTimeMs(async () => {
      for (let i = 0; i < 200; i++) await pool.ping();
    }, samples);
    return times.map((ms) => (ms * 1000) / 200);
  } finally {
    await pool.close();
  }
}

/** Microseconds per inline call of the same no-op handler, for scale. */
async function inlineMicros(samples: number): Promise<number[]> {
  const handle = async (request: { type: string }) => (request.type === 'ping' ? 'pong' : undefined);
  const times = await wallTimeMs(async () => {
    for (let i = 0; i < 200; i++) await handle({ type: 'ping' });
  }, samples);
  return times.map((ms) => (ms * 1000) / 200);
}

const bench: BenchFile = async () => {
  const one = await gemmTasksPerSec(1, 3);
  const two = await gemmTasksPerSec(2, 3);
  const oneMedian = [...one].sort((a, b) => a - b)[Math.floor(one.length / 2)]!;
  return [
    { name: 'gemm 192^3 tasks, 1 thread', unit: 'tasks/s', higherIsBetter: true, samples: one },
    {
      name: 'gemm 192^3 tasks, 2 threads',
      unit: 'tasks/s',
      higherIsBetter: true,
      baseline: 'gemm 192^3 tasks, 1 thread',
      target: { value: 1.8 * oneMedian, text: '>= 1.8x of 1 thread' },
      samples: two,
    },
    { name: 'inline call', unit: 'µs', higherIsBetter: false, samples: await inlineMicros(9) },
    {
      name: 'pool dispatch (ping round trip)',
      unit: 'µs',
      higherIsBetter: false,
      baseline: 'inline call',
      samples: await dispatchMicros(9),
    },
  ];
};
export default bench;
