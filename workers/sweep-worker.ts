/**
 * piscina worker entry for sweeps: decode a chunk request, evaluate it, reply with data. A chunk whose
 * parameters name a model config file (`modelConfig`) first loads the reader of such files, which installs
 * itself in `resolve.ts` (see its head): like the CLI, the worker loads those zod schemas only when a file is
 * named. GPU files are read on the main thread: a request carries resolved GPU records.
 * @module
 */
import { evaluateChunk } from '../src/analysis/sweep-eval.ts';
import type { SweepChunkReply, SweepChunkRequest } from '../src/analysis/sweep-protocol.ts';
import { encodeError } from '../src/pool/protocol.ts';

/** Whether the chunk's fixed parameters or axes name a model config file. */
function namesModelConfig(request: SweepChunkRequest): boolean {
  const fixed = request.fixed.modelConfig;
  return (fixed !== undefined && fixed !== '') || request.axes.some((a) => a.key === 'modelConfig');
}

/** Handle one chunk. */
export default async function handle(request: SweepChunkRequest): Promise<SweepChunkReply> {
  try {
    if (namesModelConfig(request)) await import('../src/workloads/llm/models/hf-config.ts');
    return { type: 'sweep-reply', state: 'completed', start: request.start, ...evaluateChunk(request) };
  } catch (error) {
    return { type: 'sweep-reply', state: 'errored', error: encodeError(error) };
  }
}
