/**
 * Sweeps: a workload over a grid of parameter values on several GPUs, evaluated in the sweep pool (or
 * inline), with the crossovers between every GPU pair. See `sweep-grid.ts` for the axis syntax.
 *
 * `streamSweep` hands the estimates to a sink chunk by chunk, in grid order, and keeps only bounded state
 * (a window of chunks in flight, per-GPU figures, the crossover scan), so memory does not grow with the
 * grid. `runSweep` collects every estimate into typed arrays, for callers that want them all.
 * @module
 */
import { isUserError, UserError } from '../errors.ts';
import { regulatoryProfile } from '../regulation/index.ts';
import { CrossoverScan } from './crossover-scan.ts';
import { type CrossoverReport, refineFlips } from './crossovers.ts';
import { evaluateChunk, evaluatePoint } from './sweep-eval.ts';
import { planSweep, type SweepPlanOptions } from './sweep-plan.ts';
import { createSweepPool, type SweepPool } from './sweep-pool.ts';
import type { SweepChunkOutput, SweepChunkReply, SweepChunkRequest, SweepFormat } from './sweep-protocol.ts';
import { SweepSummaryBuilder } from './sweep-summary.ts';
import type { SweepHeader, SweepOutcome, SweepResult } from './sweep-types.ts';

export type { SweepGpu, SweepHeader, SweepOutcome, SweepResult } from './sweep-types.ts';

/** What to sweep. */
export interface SweepOptions extends Omit<SweepPlanOptions, 'poolThreads'> {
  /** A pool to reuse (its size wins over `threads`); the caller closes it. */
  readonly pool?: SweepPool | undefined;
  /** Called after each chunk with estimates done and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Find crossovers after the grid (default true). */
  readonly crossovers?: boolean | undefined;
  /** Crossovers refined by bisection at most (default 100); the rest are counted. */
  readonly maxCrossovers?: number | undefined;
  /** Output formats whose rows the workers encode with each chunk (`SweepChunkOutput.encoded`). */
  readonly formats?: readonly SweepFormat[] | undefined;
  /** Aborting stops the sweep between chunks with a UserError `sweep interrupted`. */
  readonly signal?: AbortSignal | undefined;
}

/** Receives a sweep's estimates. The sweep waits for each promise (backpressure). */
export interface SweepSink {
  /** Once, after planning and before any estimate. */
  begin?(header: SweepHeader): void | Promise<void>;
  /**
   * Estimates `[start, start + data.throughput.length)`: whole points, in grid order, each once, with their
   * rows encoded in the requested `formats`.
   */
  write(start: number, data: SweepChunkOutput): void | Promise<void>;
}

/**
 * A worker's failure as an error. A UserError crosses the thread as text only, without the parameters it
 * names, so its chunk (pure and deterministic) is evaluated again here to throw the error itself; the text
 * stands in should that one pass.
 */
function asError(error: { name: string; message: string }, again: () => unknown): Error {
  if (error.name !== 'UserError') return new Error(`sweep failed: ${error.message}`);
  try {
    again();
  } catch (thrown) {
    if (isUserError(thrown)) return thrown;
  }
  return new UserError(error.message);
}

const NO_CROSSOVERS: CrossoverReport = { crossovers: [], omitted: 0, warnings: [], error: null };

/**
 * Run a sweep, handing its estimates to `sink` in grid order. Bad parameters, ranges, GPUs and limits are
 * UserErrors naming the parameter, raised before any work. A failure of the crossover refinement is not thrown:
 * it is `crossovers.error`, so the estimates already handed over stand.
 */
export async function streamSweep(options: SweepOptions, sink: SweepSink): Promise<SweepOutcome> {
  const started = performance.now();
  const plan = planSweep({ ...options, poolThreads: options.pool?.threads });
  const { workload, gpus, grid, fixed, threads, chunk, total } = plan;
  const g = gpus.length;
  const header: SweepHeader = {
    workload: workload.kind,
    throughputMetric: workload.throughputMetric,
    throughputUnit: workload.throughputUnit,
    gpus: gpus.map((gpu) => ({ id: gpu.id, name: gpu.name, tpp: regulatoryProfile(gpu).tpp })),
    grid,
    fixed,
    threads,
    estimates: total,
    warnings: plan.warnings,
  };
  const signal = options.signal;
  const aborted = () => {
    if (signal?.aborted) throw new UserError('sweep interrupted', 'tool');
  };
  aborted();
  await sink.begin?.(header);
  const summary = new SweepSummaryBuilder(g);
  const scan =
    options.crossovers === false || g < 2 ? null : new CrossoverScan(grid, g, options.maxCrossovers ?? 100);
  let done = 0;
  const deliver = async (start: number, data: SweepChunkOutput) => {
    summary.add(start / g, data.throughput, data.bound);
    scan?.add(start / g, data.throughput);
    await sink.write(start, data);
    done += data.throughput.length;
    options.onProgress?.(done, total);
  };
  const request = (start: number): SweepChunkRequest => ({
    type: 'sweep-chunk',
    workload: workload.kind,
    gpus,
    axes: plan.axes,
    fixed,
    start,
    end: Math.min(total, start + chunk),
    ...(options.formats?.length ? { formats: options.formats } : {}),
  });
  if (threads === 0) {
    for (let start = 0; start < total; start += chunk) {
      aborted();
      await deliver(start, evaluateChunk(request(start)));
      // Let a signal handler run between chunks: inline evaluation never waits otherwise.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const pool = options.pool ?? createSweepPool({ threads });
    // A reply, or null as soon as the signal fires, so a chunk in flight does not delay an interrupt. The
    // listener goes with each reply: a race against one long-pending promise would keep every reply alive.
    const replyOrAbort = (reply: Promise<SweepChunkReply>) =>
      new Promise<SweepChunkReply | null>((resolve) => {
        const onAbort = () => resolve(null);
        signal?.addEventListener('abort', onAbort, { once: true });
        void reply.then((r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        });
      });
    try {
      // A window of chunks in flight (piscina queues those past its workers), delivered in grid order:
      // memory holds at most `window` chunks (numbers and encoded rows) whatever the grid, and each worker
      // has a chunk queued behind the one it runs while the sink or a head-of-line chunk is awaited.
      const window = pool.threads * 2;
      const inflight: { start: number; reply: Promise<SweepChunkReply> }[] = [];
      let next = 0;
      const launch = () => {
        inflight.push({ start: next, reply: pool.run(request(next)) });
        next += chunk;
      };
      while (next < total && inflight.length < window) launch();
      while (inflight.length > 0) {
        aborted();
        const head = inflight.shift()!;
        const reply = await replyOrAbort(head.reply);
        aborted();
        if (reply === null) continue;
        if (reply.state === 'errored') throw asError(reply.error, () => evaluateChunk(request(head.start)));
        if (next < total) launch();
        await deliver(head.start, reply);
      }
    } finally {
      if (!options.pool) await pool.close();
    }
  }
  aborted();
  const crossovers = scan
    ? refineFlips({ grid, gpuIds: header.gpus.map((gpu) => gpu.id), fixed }, scan.finish(), (gi, params) =>
        evaluatePoint(workload, gpus[gi]!, params),
      )
    : NO_CROSSOVERS;
  return { ...header, elapsedMs: performance.now() - started, summary: summary.result(), crossovers };
}

/** A sink that keeps every estimate in typed arrays (17 bytes per estimate), and the sweep with them. */
export interface CollectingSink extends SweepSink {
  begin(header: SweepHeader): void;
  /** The finished sweep with every estimate. */
  result(outcome: SweepOutcome): SweepResult;
}

/** A {@link CollectingSink}. */
export function collectingSink(): CollectingSink {
  let throughput = new Float64Array(0);
  let timeMs = new Float64Array(0);
  let bound = new Uint8Array(0);
  return {
    begin(header) {
      throughput = new Float64Array(header.estimates);
      timeMs = new Float64Array(header.estimates);
      bound = new Uint8Array(header.estimates);
    },
    write(start, data) {
      throughput.set(data.throughput, start);
      timeMs.set(data.timeMs, start);
      bound.set(data.bound, start);
    },
    result: (outcome) => ({ ...outcome, throughput, timeMs, bound }),
  };
}

/** Run a sweep and keep every estimate in typed arrays (memory grows with the grid: 17 bytes per estimate). */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const sink = collectingSink();
  return sink.result(await streamSweep(options, sink));
}
