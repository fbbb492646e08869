/**
 * The piscina pool that evaluates sweep chunks. Every worker starts up front (a sweep keeps them all busy);
 * a worker that dies rejects its chunk, which becomes an `errored` reply, not an exception.
 * @module
 */
import { Piscina } from 'piscina';
import { workerExecArgv } from '../pool/worker-entry.ts';
import { decodeSweepReply, type SweepChunkReply, type SweepChunkRequest } from './sweep-protocol.ts';

/** `.ts` beside the sources under tsx/vitest, `.js` in dist/ (chosen by this module's own extension). */
const entryUrl = new URL(
  `../../workers/sweep-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/** Each worker's young generation (MB). */
const YOUNG_GENERATION_MB = 8;

/** A pool of sweep workers. */
export interface SweepPool {
  readonly threads: number;
  /** Evaluate one chunk; resolves to a reply even when the worker dies. */
  run(request: SweepChunkRequest): Promise<SweepChunkReply>;
  /** Terminate every worker. Idempotent. */
  close(): Promise<void>;
}

/** Start a pool of `threads` sweep workers. */
export function createSweepPool(options: { readonly threads: number }): SweepPool {
  if (!Number.isInteger(options.threads) || options.threads < 1) {
    throw new RangeError('options.threads must be a positive integer');
  }
  const piscina = new Piscina({
    filename: entryUrl.href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 30_000,
    execArgv: workerExecArgv(),
    // A worker's garbage is short-lived (a chunk's rows and the request it decoded): a small young
    // generation collects it as often as needed, where V8's default let each worker hold ~50 MB more.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let closed = false;
  // Closed while chunks are in flight (a chunk failed, or Ctrl-C), the workers still reply for tasks that
  // are gone; piscina reports each as an 'error' event, which unheard would kill the process.
  piscina.on('error', (error: unknown) => {
    if (!closed) throw error;
  });
  return {
    threads: options.threads,
    async run(request) {
      try {
        return decodeSweepReply(await piscina.run(request), request);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          type: 'sweep-reply',
          state: 'errored',
          error: { name: 'WorkerCrash', message: `sweep worker died: ${message}` },
        };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await piscina.destroy();
    },
  };
}
