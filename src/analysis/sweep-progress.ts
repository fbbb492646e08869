/**
 * Sweep progress as the user sees it: a cli-progress bar on a terminal that takes cursor codes, otherwise
 * (not a TTY, or `TERM=dumb`) a plain line at each tenth.
 * It owns its stream (stderr, so `--json` stdout stays clean).
 * @module
 */
import { SingleBar } from 'cli-progress';

/** Receives `(done, total)` estimates; `stop()` clears the bar. */
export interface SweepProgress {
  readonly onProgress: (done: number, total: number) => void;
  stop(): void;
}

/**
 * A reporter writing to `stream`: a bar when `isTTY` and `env.TERM` is not `dumb` (a terminal without
 * cursor control), plain lines without escape codes otherwise.
 */
export function createSweepProgress(
  stream: NodeJS.WritableStream,
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SweepProgress {
  if (!isTTY || env.TERM === 'dumb') {
    let lastTenth = -1;
    return {
      onProgress(done, total) {
        const tenth = Math.floor((done / total) * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`sweep: ${done}/${total} estimates (${Math.round((done / total) * 100)}%)\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: ' sweep {bar} {percentage}% | {value}/{total} estimates | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
