/**
 * The streams a command writes to, injectable for tests.
 * @module
 */

/** Output channels of a CLI run. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars, colour). */
  readonly isTTY: boolean;
  /** Set the process exit code: 1 when a check failed (regressions, failed kernels); errors use exceptions. */
  readonly setExitCode: (code: 0 | 1) => void;
}

let closedPipeHandled = false;

/**
 * End the process quietly, with exit code 0, when the reader of stdout or stderr goes away (`tppbench gpus |
 * head`): the write fails with EPIPE, as `git log | head` stops without a word. `process.exit` runs the
 * 'exit' handlers, which kill a running device host; the pool's threads end with the process. Any other
 * stream error is rethrown. Installed once per process.
 */
export function endQuietlyOnClosedPipe(): void {
  if (closedPipeHandled) return;
  closedPipeHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0);
      throw error;
    });
  }
}

/** The process's own streams; `exitCode()` reads what a command set. A closed pipe ends the process. */
export function processIo(): CliIo & { exitCode(): 0 | 1 } {
  endQuietlyOnClosedPipe();
  let code: 0 | 1 = 0;
  return {
    setExitCode: (c) => {
      code = c;
    },
    exitCode: () => code,
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Print a value as pretty JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
