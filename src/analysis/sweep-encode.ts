/**
 * A chunk's output rows as UTF-8 bytes, written row by row into one reused scratch buffer and copied out at
 * exact size: no string the size of the chunk is ever built, so neither a worker nor the main thread piles
 * up large strings for the garbage collector (which let the heap grow by hundreds of MB on big sweeps).
 * @module
 */
import { eachSweepCsvRow, eachSweepJsonRow, type SweepRowLayout } from '../results/sweep-rows.ts';
import type { SweepChunkData, SweepFormat } from './sweep-protocol.ts';

/** Reused by every call on this thread (calls are synchronous); grows to the largest chunk's text. */
let scratch = Buffer.allocUnsafe(1 << 20);

/** The rows of `data` (whole points from estimate `start`) in `format`, as exact-size UTF-8 bytes. */
export function encodeSweepRows(
  format: SweepFormat,
  layout: SweepRowLayout,
  start: number,
  data: SweepChunkData,
): Uint8Array {
  let length = 0;
  const emit = (text: string) => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (length + text.length * 3 > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, length + text.length * 3));
      scratch.copy(grown, 0, 0, length);
      scratch = grown;
    }
    length += scratch.write(text, length, 'utf8');
  };
  if (format === 'csv') eachSweepCsvRow(layout, start, data, emit);
  else eachSweepJsonRow(layout, start, data, emit);
  // A copy, not a view: a reply is cloned whole-buffer, and the scratch is overwritten by the next chunk.
  return new Uint8Array(scratch.subarray(0, length));
}
