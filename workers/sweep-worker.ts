/**
 * piscina worker entry for sweeps: decode a chunk request, evaluate it, reply with data.
 * @module
 */
import { evaluateChunk } from '../src/analysis/sweep-eval.ts';
import type { SweepChunkReply, SweepChunkRequest } from '../src/analysis/sweep-protocol.ts';
import { encodeError } from '../src/pool/protocol.ts';

/** Handle one chunk. */
export default function handle(request: SweepChunkRequest): SweepChunkReply {
  try {
    return { type: 'sweep-reply', state: 'completed', start: request.start, ...evaluateChunk(request) };
  } catch (error) {
    return { type: 'sweep-reply', state: 'errored', error: encodeError(error) };
  }
}
