/**
 * The command runner: builds the parser, runs one command, maps failures to exit codes.
 * Exit codes: 0 ok, 1 a check failed, 2 usage, input or tool error. Only the bin exits the process.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors.ts';
import { packageVersion } from '../util/package-info.ts';
import { registerClassify } from './commands/classify.ts';
import { registerCompare } from './commands/compare.ts';
import { registerEstimate } from './commands/estimate.ts';
import { registerGpus } from './commands/gpus.ts';
import { registerInversions } from './commands/inversions.ts';
import { registerProfile } from './commands/profile.ts';
import { registerRun } from './commands/run.ts';
import { registerStart } from './commands/start.ts';
import { registerSweep } from './commands/sweep.ts';
import { type CliIo, processIo } from './io.ts';

/** Commander exits that are not failures. */
const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** An error on one line: commander puts its `(Did you mean ...?)` on a second one. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** Build the program with every command registered. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('tppbench')
    .description(
      'Measure matrix kernels here, model NVIDIA data-center GPUs on real workloads, and set their throughput\nbeside their export-control scores (TPP, performance density, ECCN 3A090).',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'show stack traces for unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`tppbench: ${oneLine(text.replace(/^error: /, ''))}\n`),
    })
    .showSuggestionAfterError(true);
  registerGpus(program, io);
  registerClassify(program, io);
  registerStart(program, io);
  registerRun(program, io);
  registerProfile(program, io);
  registerEstimate(program, io);
  registerCompare(program, io);
  registerSweep(program, io);
  registerInversions(program, io);
  return program;
}

/** Run the CLI on `argv` (without node and script) and return the exit code. */
export async function run(
  argv: readonly string[],
  io: CliIo & { exitCode?(): 0 | 1 } = processIo(),
): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode?.() ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return CLEAN_EXITS.has(error.code) ? 0 : 2;
    if (isUserError(error)) {
      io.stderr(`tppbench: ${oneLine(error.message)}`);
      return 2;
    }
    const debug = argv.includes('--debug');
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr(
      `tppbench: internal error: ${oneLine(err.message)}${debug ? `\n${err.stack ?? ''}` : ' (run with --debug for the stack trace, and please report it)'}`,
    );
    return 2;
  }
}
