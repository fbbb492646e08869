/**
 * `tppbench ab --a <dir|cmd> --b <dir|cmd> [suite]`: interleaved A/B runs of two builds on this machine
 * (A B A B ..., `--rounds` of each), each side's rounds pooled, then B checked against A as `check` does:
 * the same table (or `--json`), Markdown summary and JUnit XML, and the same exit codes (0 nothing regressed,
 * 1 a regression, 2 bad input or a build that could not measure). The progress of the builds goes to stderr,
 * each line prefixed with its side and round (`[A 1/3]`).
 * @module
 */
import { type Command, InvalidArgumentError } from 'commander';
import { runAb } from '../../api/ab.ts';
import { readPolicy } from '../../api/check.ts';
import { BACKENDS } from '../../pool/protocol.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import { emitCheckOutputs } from '../check-output.ts';
import type { CliIo } from '../io.ts';
import { filterPattern, oneOf, positiveInteger } from '../options.ts';

/** `tppbench ab` flags. */
interface AbFlags {
  a: string;
  b: string;
  rounds: number;
  filter?: string;
  backend?: string;
  threads?: number;
  policy?: string;
  json?: true;
  junit?: string;
  summary?: string;
  outDir?: string;
}

/** A round count as typed: any integer here; its range (1..20) is the library's check, naming `--rounds`. */
function integer(value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError('must be an integer.');
  return Number(value);
}

/** Define `ab` on the command the runner made. */
export function registerAb(cmd: Command, io: CliIo): void {
  cmd
    .argument('[suite]', 'quick | standard | full | path/to/suite.json', 'quick')
    .requiredOption(
      '--a <build>',
      'the baseline build: a tppbench checkout (dir) or a command, e.g. "node x.js"',
    )
    .requiredOption('--b <build>', 'the build checked against it: a checkout or a command')
    .option('--rounds <n>', 'rounds, each running A then B (1-20)', integer, 3)
    .option('--filter <pattern>', 'only cases whose id contains it (passed to each run)', filterPattern)
    .option(
      '--backend <name>',
      `auto|${BACKENDS.join('|')} (passed to each run)`,
      oneOf(['auto', ...BACKENDS]),
    )
    .option('--threads <n>', 'pool threads for cpu/webasm (passed to each run)', positiveInteger)
    .option('--policy <file>', 'thresholds, as for check')
    .option('--json', 'print the verdicts as JSON')
    .option('--junit <file>', 'write JUnit XML: each regression a failure with its numbers')
    .option('--summary <file>', 'write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set)')
    .option(
      '--out-dir <dir>',
      "keep each round's results (a-1.json, b-1.json, ...) and the pooled a.json, b.json",
    )
    .addHelpText(
      'after',
      '\nExample: tppbench ab --a ../main --b . --rounds 5 --backend cpu\n' +
        'Both builds run on this machine in turns (A B A B ...), so a slow phase hits both alike: the way to\n' +
        'gate a pull request on performance without a stored baseline from another machine.',
    )
    .action(async (suite: string, flags: AbFlags) => {
      for (const [flag, path] of [
        ['summary', flags.summary],
        ['junit', flags.junit],
      ] as const) {
        if (path !== undefined) checkOutputPath(path, flag);
      }
      const policy = flags.policy === undefined ? undefined : readPolicy(flags.policy);
      const result = await runAb({
        a: flags.a,
        b: flags.b,
        suite,
        rounds: flags.rounds,
        ...(flags.filter === undefined ? {} : { filter: flags.filter }),
        ...(flags.backend === undefined ? {} : { backend: flags.backend }),
        ...(flags.threads === undefined ? {} : { threads: flags.threads }),
        ...(policy === undefined ? {} : { policy }),
        ...(flags.outDir === undefined ? {} : { outDir: flags.outDir }),
        onLine: (line) => io.stderr(line),
      });
      const { outcome } = result;
      emitCheckOutputs(io, outcome, {
        baselineLabel: result.baselineLabel,
        currentLabel: result.currentLabel,
        json: flags.json === true,
        jsonExtra: { rounds: result.rounds },
        summary: flags.summary,
        junit: flags.junit,
        suiteName: `tppbench ab ${suite}`,
        failOnMissing: false,
      });
      if (outcome.counts.regressed > 0) io.setExitCode(1);
    });
}
