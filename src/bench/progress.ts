/**
 * Progress of a run as the user sees it: on a terminal that takes cursor codes a cli-progress bar with the
 * current kernel and an ETA, otherwise (not a TTY, or `TERM=dumb`) one plain line per finished case. It owns its stream (stderr by default, so `--json` stdout
 * stays clean).
 * @module
 */
import { SingleBar } from 'cli-progress';
import { renderCaseLine } from '../report/run.ts';
import type { RunProgress } from './runner.ts';

/** Receives run progress; `stop()` clears the bar. */
export interface ProgressReporter {
  readonly onProgress: (event: RunProgress) => void;
  stop(): void;
}

/**
 * A reporter writing to `stream`: a bar when `isTTY` and `env.TERM` is not `dumb` (a terminal without
 * cursor control), plain lines without escape codes otherwise.
 */
export function createProgressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  isTTY = Boolean(stream.isTTY),
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProgressReporter {
  const write = (line: string) => stream.write(`${line}\n`);
  if (!isTTY || env.TERM === 'dumb') {
    return {
      onProgress(event) {
        if (event.type === 'selected') write(`backend: ${event.notes.join('; ')}`);
        else if (event.type === 'case-end') write(renderCaseLine(event.measurement, event.done, event.total));
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: ' {bar} {value}/{total} | ETA {eta_formatted} | {current}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 5,
  });
  let started = false;
  return {
    onProgress(event) {
      if (event.type === 'selected') write(`backend: ${event.notes.join('; ')}`);
      else if (event.type === 'case-start') {
        if (!started) {
          bar.start(event.total, 0, { current: `${event.id} on ${event.backend}` });
          started = true;
        } else bar.update({ current: `${event.id} on ${event.backend}` });
      } else if (event.type === 'case-end') {
        bar.update(event.done);
        if (event.measurement.state !== 'completed') {
          stream.write('\r\x1b[2K');
          write(renderCaseLine(event.measurement, event.done, event.total));
        }
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
