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

/** The process's own streams; `exitCode()` reads what a command set. */
export function processIo(): CliIo & { exitCode(): 0 | 1 } {
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
