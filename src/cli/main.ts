/**
 * The command runner: builds the parser, runs one command, maps failures to exit codes.
 * Exit codes: 0 ok, 1 a check failed, 2 usage, input or tool error. Only the bin exits the process.
 *
 * Commands load lazily. The program lists every command by its head ({@link COMMANDS}: name, description,
 * usage) and defines in full (arguments, options, help text, action, workload subcommands) only the one argv
 * runs or asks help for, importing its module then. So `--version` and the command list load commander and
 * nothing of the library, and a command loads only the library modules it uses: each command module imports
 * the public API (`src/index.ts`) name by name from the module that index.ts re-exports it from. The readers
 * of GPU files and model configs (zod schemas) load before an action only when its options name such a
 * file ({@link loadInputReaders}).
 * @module
 */
import { Command, CommanderError, Help } from 'commander';
import { isUserError } from '../errors.ts';
import { packageVersion } from '../util/package-info.ts';
import { cliErrorMessage } from './flags.ts';
import { loadInputReaders } from './input-readers.ts';
import { type CliIo, processIo } from './io.ts';

/** Adds arguments, options, help text and action (or subcommands) to the command its head made. */
type DefineCommand = (cmd: Command, io: CliIo) => void;

/** A command as the command list shows it, and the module that defines it in full. */
interface CommandHead {
  readonly name: string;
  readonly description: string;
  /** What the command list shows after the name: `[options] [suite]`; empty for a command of subcommands. */
  readonly usage: string;
  readonly load: () => Promise<DefineCommand>;
}

/** Every command, in help order. A test checks each head against its full definition. */
export const COMMANDS: readonly CommandHead[] = [
  {
    name: 'gpus',
    description: 'List the GPU catalog: TPP, performance density, 3A090 verdicts and key specs',
    usage: '[options]',
    load: async () => (await import('./commands/gpus.ts')).registerGpus,
  },
  {
    name: 'classify',
    description: 'Classify a GPU or a described part under ECCN 3A090 rules, or try a what-if rule',
    usage: '[options]',
    load: async () => (await import('./commands/classify.ts')).registerClassify,
  },
  {
    name: 'start',
    description:
      'The main job: export scores, a quick measurement of this machine, and the H100/H800/H20 inversions',
    usage: '[options]',
    load: async () => (await import('./commands/start.ts')).registerStart,
  },
  {
    name: 'run',
    description: 'Measure a kernel suite on this machine (quick, standard, full, or a suite .json file)',
    usage: '[options] [suite]',
    load: async () => (await import('./commands/run.ts')).registerRun,
  },
  {
    name: 'profile',
    description: 'Show the local profile and model self-check of a results file from `tppbench run --out`',
    usage: '[options] <results>',
    load: async () => (await import('./commands/profile.ts')).registerProfile,
  },
  {
    name: 'estimate',
    description: 'Estimate a workload on one GPU: time, throughput, bound, range, per-op breakdown',
    usage: '',
    load: async () => (await import('./commands/estimate.ts')).registerEstimate,
  },
  {
    name: 'compare',
    description: 'Compare a workload across GPUs beside TPP, PD and 3A090 status; marks inversions',
    usage: '',
    load: async () => (await import('./commands/compare.ts')).registerCompare,
  },
  {
    name: 'sweep',
    description: 'Sweep a workload over ranges of its flags on several GPUs; reports where the winner flips',
    usage: '',
    load: async () => (await import('./commands/sweep.ts')).registerSweep,
  },
  {
    name: 'inversions',
    description:
      'Catalogue of scenarios: where a restricted part (H800, H20, RTX 4090D) beats the flagship, and why',
    usage: '[options]',
    load: async () => (await import('./commands/inversions.ts')).registerInversions,
  },
  {
    name: 'check',
    description:
      'Check results or estimates against a baseline for regressions (CI: exit 1, Markdown summary, JUnit XML)',
    usage: '[options]',
    load: async () => (await import('./commands/check.ts')).registerCheck,
  },
  {
    name: 'report',
    description:
      'One comparison report (terminal, Markdown, HTML with charts, JSON) from saved documents, or run its own',
    usage: '[options] [inputs...]',
    load: async () => (await import('./commands/report.ts')).registerReport,
  },
  {
    name: 'merge',
    description: 'Merge the results files of a sharded run (run --shard i/n) into one results file',
    usage: '[options] <files...>',
    load: async () => (await import('./commands/merge.ts')).registerMerge,
  },
  {
    name: 'probe',
    description: 'Print the PyTorch probe that measures your own GPU for `tppbench calibrate` (--script)',
    usage: '[options]',
    load: async () => (await import('./commands/probe.ts')).registerProbe,
  },
  {
    name: 'calibrate',
    description: "Fit a GPU's model curves to a probe of it; --calibration then uses them in estimates",
    usage: '[options] <probe>',
    load: async () => (await import('./commands/calibrate.ts')).registerCalibrate,
  },
  {
    name: 'ab',
    description:
      'Interleaved A/B runs of two builds on this machine (A B A B), checked like check: the PR performance gate',
    usage: '[options] [suite]',
    load: async () => (await import('./commands/ab.ts')).registerAb,
  },
];

/**
 * The command argv runs or asks help for (`help <command>`): its first word that is not an option, as
 * commander reads it, since the program's own options take no value. Undefined when there is none.
 */
export function commandOf(argv: readonly string[]): string | undefined {
  const [first, second] = argv.filter((arg) => !arg.startsWith('-'));
  return first === 'help' ? second : first;
}

/** The estimating commands that take `--calibration` (on each of their commands that takes `--gpu-file`). */
const CALIBRATED_COMMANDS = new Set(['estimate', 'compare', 'sweep', 'inversions', 'report']);

/** Add `--calibration <file>` beside `--gpu-file` on `cmd` and its subcommands. */
function addCalibrationOption(cmd: Command): void {
  for (const sub of cmd.commands) addCalibrationOption(sub);
  if (cmd.options.some((o) => o.long === '--gpu-file')) {
    cmd.option(
      '--calibration <file>',
      'calibration file from `tppbench calibrate`: its GPU uses your measured curves',
    );
  }
}

/** Commander exits that are not failures. */
const CLEAN_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** An error on one line: commander puts its `(Did you mean ...?)` on a second one. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/**
 * Build the program: every command listed by its head, and those named in `full` (`'all'`: every one)
 * defined in full. A command dispatched while still a head is defined before it parses.
 */
export async function buildProgram(io: CliIo, full: readonly string[] | 'all' = []): Promise<Command> {
  /** Commands not yet defined in full, with their heads. */
  const heads = new Map<Command, CommandHead>();
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
    .configureHelp({
      // A command still a head lists as it will once defined: `run [options] [suite]`.
      subcommandTerm(cmd) {
        const head = heads.get(cmd);
        return head ? `${head.name} ${head.usage}`.trimEnd() : Help.prototype.subcommandTerm.call(this, cmd);
      },
    })
    .showSuggestionAfterError(true);
  for (const head of COMMANDS) heads.set(program.command(head.name).description(head.description), head);
  const define = async (cmd: Command) => {
    const head = heads.get(cmd);
    if (head === undefined) return;
    heads.delete(cmd);
    (await head.load())(cmd, io);
    if (CALIBRATED_COMMANDS.has(head.name)) addCalibrationOption(cmd);
  };
  program.hook('preSubcommand', (_, cmd) => define(cmd));
  program.hook('preAction', async (_, actionCommand) => {
    for (const w of await loadInputReaders(actionCommand.opts())) io.stderr(`tppbench: warning: ${w}`);
  });
  await Promise.all(program.commands.filter((c) => full === 'all' || full.includes(c.name())).map(define));
  return program;
}

/** Run the CLI on `argv` (without node and script) and return the exit code. */
export async function run(
  argv: readonly string[],
  io: CliIo & { exitCode?(): 0 | 1 } = processIo(),
): Promise<number> {
  // The command whose action runs: a library error names parameters by key, shown as its flags.
  let active: Command | undefined;
  try {
    const command = commandOf(argv);
    const program = await buildProgram(io, command === undefined ? [] : [command]);
    program.hook('preAction', (_program, actionCommand) => {
      active = actionCommand;
    });
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return 2;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode?.() ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return CLEAN_EXITS.has(error.code) ? 0 : 2;
    if (isUserError(error)) {
      io.stderr(`tppbench: ${oneLine(cliErrorMessage(error, active))}`);
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
