/**
 * The one way an input file is read: checked to be a regular file and no larger than a cap before a byte
 * of it is read, so that a FIFO, a device (`/dev/zero`) or a huge file is a one-line UserError instead of a
 * hang or an out-of-memory kill. Also the one place that makes text from a file safe to print.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { UserError } from '../errors.ts';

const MiB = 2 ** 20;

/**
 * Size caps per kind of input file, in bytes. GPU files and model configs are hand-written or downloaded
 * descriptions of a few kilobytes (a Hugging Face `config.json` is 1-10 kB; a GPU entry is under 1 kB, so
 * 4 MiB is thousands of GPUs). Results files hold every raw timing sample of a run and are the largest
 * input by far; 256 MiB is far above any suite's output and still parses within a few GB of memory.
 */
export const INPUT_LIMITS = {
  gpuFile: 4 * MiB,
  modelConfig: 4 * MiB,
  resultsFile: 256 * MiB,
} as const;

/** Longest excerpt of file content (or of a message quoting it) that an error message keeps. */
export const MAX_EXCERPT_CHARS = 160;

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT_ESCAPES = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/**
 * `text` safe to print on one line: control characters escaped (`\n`, `\u0000`), and cut to `maxChars`
 * (after escaping) with a trailing `...` when longer.
 */
export function printable(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const escaped = text.replace(
    CONTROL,
    (c) => SHORT_ESCAPES.get(c) ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > maxChars ? `${escaped.slice(0, Math.max(0, maxChars - 3))}...` : escaped;
}

/** `4 MiB`, `1.5 GiB`, `812 bytes`. */
function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

/** What a stat says a non-regular file is, in a few words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a plain file';
}

function checkStats(stats: Stats, name: string, maxBytes: number): void {
  if (!stats.isFile()) throw new UserError(`${name} is not a regular file (${kindOf(stats)})`);
  if (stats.size > maxBytes) {
    throw new UserError(
      `${name} is too large: ${formatBytes(stats.size)}${stats.size >= 1024 ? ` (${stats.size} bytes)` : ''}, over the ${formatBytes(maxBytes)} limit`,
    );
  }
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Read the input file `path` as UTF-8 text (a leading byte-order mark dropped). `what` names the kind of
 * file in errors (`GPU file`, `model config`). Every problem is a one-line UserError naming the path: it
 * does not exist, it is not a regular file (a directory, FIFO, socket or device: checked with `stat`
 * before opening, since opening a FIFO blocks), it is larger than `maxBytes`, or it cannot be read. The
 * file is opened non-blocking and checked again through its descriptor, and at most `maxBytes` are read,
 * so a file swapped or grown after the check is still caught.
 */
export function readInputFile(path: string, what: string, maxBytes: number): string {
  const name = `${what} ${printable(path)}`;
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`${name} does not exist`);
    throw new UserError(`${name} cannot be read (${code})`);
  }
  checkStats(stats, name, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UserError(`${name} cannot be read (${errnoOf(error)})`);
  }
  try {
    checkStats(fstatSync(fd), name, maxBytes);
    // Read until end of file, but never more than maxBytes + 1 (one byte over proves the file grew).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new UserError(`${name} is too large: over the ${formatBytes(maxBytes)} limit`);
      }
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${name} cannot be read (${errnoOf(error)})`);
  } finally {
    closeSync(fd);
  }
}
