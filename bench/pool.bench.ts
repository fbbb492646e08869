/**
 * The pool itself: speed-up of CPU-bound GEMM tasks on 2 threads against 1 (target >= 1.8x on 2 cores),
 * and the dispatch overhead of one task against an inline call. A pure-JS spin task shows how much
 * parallelism the machine delivers at all: on a shared or overcommitted VM, 2 vCPUs may not be 2 cores.
 */
import { Piscina } from 'piscina';
import { createCpuPool } from '../src/pool/cpu-pool.ts';
import type { BackendName, RunKernelRequest } from '../src/pool/protocol.ts';
import { type BenchFile, type BenchRow, wallTimeMs } from './harness.ts';

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
async function gemmTasksPerSec(threads: number, batches: number, backend: BackendName): Promise<number[]> {
  const pool = createCpuPool({ threads });
  const task: RunKernelRequest = { ...GEMM_TASK, backend };
  try {
    await Promise.all(Array.from({ length: threads }, () => pool.run(task, 60_000))); // warm every worker
    const times = await wallTimeMs(
      () => Promise.all(Array.from({ length: TASKS }, () => pool.run(task, 60_000))),
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

/** Tasks per second of 8 pure-JS spin tasks on `threads`: what parallelism the machine delivers at all. */
async function spinTasksPerSec(threads: number, batches: number): Promise<number[]> {
  const pool = new Piscina({
    filename: new URL('./spin.worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: ['--import', 'tsx'],
  });
  try {
    await Promise.all(Array.from({ length: threads }, () => pool.run(null)));
    const times = await wallTimeMs(
      () => Promise.all(Array.from({ length: TASKS }, () => pool.run(null))),
      batches,
    );
    return times.map((ms) => (TASKS / ms) * 1000);
  } finally {
    await pool.destroy();
  }
}

/** 1- and 2-thread rows for one backend, the 2-thread row targeted at 1.8x the 1-thread median. */
async function speedupRows(backend: BackendName): Promise<BenchRow[]> {
  const one = await gemmTasksPerSec(1, 3, backend);
  const two = await gemmTasksPerSec(2, 3, backend);
  const oneMedian = [...one].sort((a, b) => a - b)[Math.floor(one.length / 2)]!;
  const base = `gemm 192^3 tasks on ${backend}, 1 thread`;
  return [
    { name: base, unit: 'tasks/s', higherIsBetter: true, samples: one },
    {
      name: `gemm 192^3 tasks on ${backend}, 2 threads`,
      unit: 'tasks/s',
      higherIsBetter: true,
      baseline: base,
      target: { value: 1.8 * oneMedian, text: '>= 1.8x of 1 thread' },
      samples: two,
    },
  ];
}

const bench: BenchFile = async () => [
  {
    name: 'pure JS spin tasks, 1 thread',
    unit: 'tasks/s',
    higherIsBetter: true,
    samples: await spinTasksPerSec(1, 3),
  },
  {
    name: 'pure JS spin tasks, 2 threads',
    unit: 'tasks/s',
    higherIsBetter: true,
    baseline: 'pure JS spin tasks, 1 thread',
    samples: await spinTasksPerSec(2, 3),
  },
  ...(await speedupRows('webasm')),
  ...(await speedupRows('cpu')),
  { name: 'inline call', unit: 'µs', higherIsBetter: false, samples: await inlineMicros(9) },
  {
    name: 'pool dispatch (ping round trip)',
    unit: 'µs',
    higherIsBetter: false,
    baseline: 'inline call',
    samples: await dispatchMicros(9),
  },
];
export default bench;
