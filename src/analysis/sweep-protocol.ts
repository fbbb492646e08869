/**
 * The one protocol between the sweep pool and its workers (`workers/sweep-worker.ts`): a request names a
 * contiguous range of grid estimates, the reply carries their numbers as typed arrays (and, when asked,
 * their output rows as UTF-8 bytes). Errors travel as data (`WireError`, shared with the kernel pool's
 * protocol) and replies are validated where they arrive.
 * @module
 */
import { z } from 'zod';
import type { GpuSpec } from '../hardware/types.ts';
import type { Bound } from '../model/types.ts';
import type { WireError } from '../pool/protocol.ts';
import type { ParamValue } from '../workloads/params.ts';
import type { SweepAxis } from './sweep-grid.ts';

/** Bound codes in the reply's `bound` array. */
export const BOUND_CODES: readonly Bound[] = ['compute', 'memory', 'interconnect', 'capacity'];

/** An output format whose rows a worker can encode for its chunk. */
export type SweepFormat = 'csv' | 'json';

/** A chunk's rows as UTF-8 bytes, per requested format (`results/sweep.ts` defines the text). */
export type SweepEncodedRows = Readonly<Partial<Record<SweepFormat, Uint8Array>>>;

/** Evaluate estimates `[start, end)` of a grid; estimate `i` is point `floor(i / gpus)` on GPU `i % gpus`. */
export interface SweepChunkRequest {
  readonly type: 'sweep-chunk';
  readonly workload: string;
  /** Resolved catalog records (so a user GPU file reaches the workers). */
  readonly gpus: readonly GpuSpec[];
  readonly axes: readonly SweepAxis[];
  /** Parsed values of every parameter that is not swept. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  readonly start: number;
  readonly end: number;
  /**
   * Encode the chunk's output rows in these formats too, so the workers (not the main thread) turn
   * numbers into text, and the main thread only writes bytes.
   */
  readonly formats?: readonly SweepFormat[];
}

/** Numbers of `[start, end)`, one element per estimate. */
export interface SweepChunkData {
  /** The workload's throughput metric; NaN where the workload does not fit. */
  readonly throughput: Float64Array;
  /** Total time in ms; NaN where the workload does not fit. */
  readonly timeMs: Float64Array;
  /** Index into {@link BOUND_CODES}. */
  readonly bound: Uint8Array;
}

/** What evaluating a chunk yields: its numbers, and its rows encoded in the requested formats. */
export interface SweepChunkOutput extends SweepChunkData {
  readonly encoded?: SweepEncodedRows;
}

/** The reply to a {@link SweepChunkRequest}. */
export type SweepChunkReply =
  | ({ readonly type: 'sweep-reply'; readonly state: 'completed'; readonly start: number } & SweepChunkOutput)
  | { readonly type: 'sweep-reply'; readonly state: 'errored'; readonly error: WireError };

const wireErrorSchema = z.object({ name: z.string(), message: z.string(), stack: z.string().optional() });

const replySchema = z.discriminatedUnion('state', [
  z.object({
    type: z.literal('sweep-reply'),
    state: z.literal('completed'),
    start: z.number().int().nonnegative(),
    throughput: z.instanceof(Float64Array),
    timeMs: z.instanceof(Float64Array),
    bound: z.instanceof(Uint8Array),
    encoded: z
      .object({ csv: z.instanceof(Uint8Array).optional(), json: z.instanceof(Uint8Array).optional() })
      .optional(),
  }),
  z.object({ type: z.literal('sweep-reply'), state: z.literal('errored'), error: wireErrorSchema }),
]);

/** Validate a worker's reply for `request`; a malformed one becomes an `errored` reply. */
export function decodeSweepReply(data: unknown, request: SweepChunkRequest): SweepChunkReply {
  const parsed = replySchema.safeParse(data);
  if (!parsed.success) {
    return {
      type: 'sweep-reply',
      state: 'errored',
      error: { name: 'ProtocolError', message: `malformed sweep reply: ${parsed.error.issues[0]?.message}` },
    };
  }
  const reply = parsed.data as SweepChunkReply;
  const n = request.end - request.start;
  if (
    reply.state === 'completed' &&
    (reply.start !== request.start ||
      reply.throughput.length !== n ||
      reply.timeMs.length !== n ||
      reply.bound.length !== n ||
      (request.formats ?? []).some((f) => reply.encoded?.[f] === undefined))
  ) {
    return {
      type: 'sweep-reply',
      state: 'errored',
      error: {
        name: 'ProtocolError',
        message: `sweep reply for ${reply.start} does not cover [${request.start}, ${request.end})`,
      },
    };
  }
  return reply;
}

/** One model evaluation reduced to what sweeps and crossovers need. */
export interface PointValue {
  /** The throughput metric; NaN when the workload does not fit. */
  readonly throughput: number;
  readonly timeMs: number;
  readonly bound: (typeof BOUND_CODES)[number];
}
