/**
 * Where a sweep's estimates go as they arrive: a CSV or JSON file written to a temporary file beside the
 * target and renamed over it at the end (the convention of `util/atomic-write.ts`), or a JSON document on
 * a stream (stdout) that waits for 'drain'. Each owns its file or stream; memory holds one chunk's text.
 * An aborted signal stops a write between chunks; `discard()` then removes the temporary file, so an
 * interrupted sweep leaves no partial output file.
 * @module
 */
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { rowLayout, sweepCsvHeader, sweepJsonHead, sweepJsonTail } from '../results/sweep.ts';
import { temporaryPathFor } from '../util/atomic-write.ts';
import type { SweepHeader, SweepOutcome, SweepSink } from './sweep.ts';
import { encodeSweepRows } from './sweep-encode.ts';
import type { SweepChunkOutput, SweepFormat } from './sweep-protocol.ts';

/** A sink that also ends its output. */
export interface SweepOutput extends SweepSink {
  /** The formats it writes: ask the sweep for them (`SweepOptions.formats`) to encode rows in the workers. */
  readonly formats: readonly SweepFormat[];
  /** Write what follows the last estimate (the JSON crossovers), close, and move a file into place. */
  finish(outcome: SweepOutcome): Promise<void>;
  /** Give up: close, and remove a temporary file. Idempotent; a no-op after `finish`. */
  discard(): Promise<void>;
}

const interrupted = () => new UserError('sweep interrupted', 'tool');

/** Pieces of the document in `format`; rows come encoded from the workers, or are encoded here. */
function pieces(format: SweepFormat, version: string) {
  const rows = (h: SweepHeader, start: number, data: SweepChunkOutput) =>
    data.encoded?.[format] ?? encodeSweepRows(format, rowLayout(h), start, data);
  return format === 'csv'
    ? { head: sweepCsvHeader, rows, tail: () => '' }
    : { head: (h: SweepHeader) => sweepJsonHead(h, version), rows, tail: sweepJsonTail };
}

/**
 * Stream a sweep to `path` in `format`, atomically: a temporary file in the same folder, renamed over
 * `path` by `finish`. Write failures are UserErrors naming the file.
 */
export function sweepFileOutput(
  path: string,
  format: SweepFormat,
  version: string,
  signal?: AbortSignal,
): SweepOutput {
  const temp = temporaryPathFor(path);
  const doc = pieces(format, version);
  let handle: FileHandle | undefined;
  let header: SweepHeader | undefined;
  let state: 'open' | 'finished' | 'discarded' = 'open';
  // A process that exits mid-sweep (a closed stdout pipe ends it at once) takes its temporary file along.
  const removeOnExit = () => rmSync(temp, { force: true });
  const failed = (error: unknown) =>
    error instanceof UserError
      ? error
      : new UserError(
          `${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
          'tool',
        );
  const write = async (text: string | Uint8Array) => {
    if (signal?.aborted) throw interrupted();
    try {
      // writeFile writes at the current position and loops over short writes.
      await handle!.writeFile(text);
    } catch (error) {
      throw failed(error);
    }
    if (signal?.aborted) throw interrupted();
  };
  return {
    formats: [format],
    async begin(h) {
      header = h;
      try {
        handle = await open(temp, 'wx');
        process.on('exit', removeOnExit);
      } catch (error) {
        throw failed(error);
      }
      await write(doc.head(h));
    },
    async write(start, data) {
      await write(doc.rows(header!, start, data));
    },
    async finish(outcome) {
      await write(doc.tail(outcome));
      try {
        await handle!.close();
        handle = undefined;
        if (signal?.aborted) throw interrupted();
        await rename(temp, path);
      } catch (error) {
        throw failed(error);
      }
      state = 'finished';
      process.off('exit', removeOnExit);
    },
    async discard() {
      if (state !== 'open') return;
      state = 'discarded';
      await handle?.close().catch(() => undefined);
      handle = undefined;
      await rm(temp, { force: true });
      process.off('exit', removeOnExit);
    },
  };
}

/**
 * Stream a sweep's JSON document to `stream` (stdout), waiting for 'drain' whenever the stream's buffer
 * is full. A closed stream (EPIPE) is a UserError.
 */
export function sweepStreamOutput(
  stream: NodeJS.WritableStream,
  version: string,
  signal?: AbortSignal,
): SweepOutput {
  const doc = pieces('json', version);
  let header: SweepHeader | undefined;
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  stream.on('error', onError);
  const closed = (error: unknown) =>
    new UserError(`stdout: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'tool');
  const write = async (text: string | Uint8Array) => {
    if (signal?.aborted) throw interrupted();
    if (broken) throw closed(broken);
    if (!stream.write(text)) {
      try {
        await once(stream, 'drain', signal ? { signal } : {});
      } catch (error) {
        throw signal?.aborted ? interrupted() : closed(error);
      }
    }
  };
  return {
    formats: ['json'],
    async begin(h) {
      header = h;
      await write(doc.head(h));
    },
    async write(start, data) {
      await write(doc.rows(header!, start, data));
    },
    async finish(outcome) {
      await write(doc.tail(outcome));
      stream.off('error', onError);
    },
    async discard() {
      stream.off('error', onError);
    },
  };
}

/** One output writing to several (a file and stdout), in turn. */
export function combineOutputs(outputs: readonly SweepOutput[]): SweepOutput {
  return {
    formats: [...new Set(outputs.flatMap((o) => o.formats))],
    async begin(h) {
      for (const o of outputs) await o.begin?.(h);
    },
    async write(start, data) {
      for (const o of outputs) await o.write(start, data);
    },
    async finish(outcome) {
      for (const o of outputs) await o.finish(outcome);
    },
    async discard() {
      for (const o of outputs) await o.discard();
    },
  };
}
