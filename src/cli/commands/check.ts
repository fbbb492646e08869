/**
 * `tppbench check --baseline base.json (--current cur.json | --run <suite>) [--policy p.json]`: the
 * regression check for CI. Exit 0 when nothing regressed, 1 on a regression (or on a missing metric with
 * `--fail-on-missing`), 2 on bad input (or on documents that do not match, with `--strict`). Outputs: a table
 * on stdout (or `--json`), Markdown to `$GITHUB_STEP_SUMMARY` or `--summary`, JUnit XML with `--junit`, the
 * current document as the next baseline with `--save-baseline`; every file is written atomically.
 * @module
 */
import type { Command } from 'commander';
import { checkDocuments, type LabelledDocument, readCheckDocument, readPolicy } from '../../api/check.ts';
import { BUILTIN_SUITES } from '../../bench/suites.ts';
import { UserError } from '../../errors.ts';
import type { CheckOutcome } from '../../regress/types.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import { emitCheckOutputs } from '../check-output.ts';
import type { CliIo } from '../io.ts';
import { runSuiteFromCli } from '../local-run.ts';
import { filterPattern } from '../options.ts';

interface CheckFlags {
  baseline: string;
  current?: string;
  run?: string;
  filter?: string;
  policy?: string;
  strict?: true;
  failOnMissing?: true;
  summary?: string;
  junit?: string;
  json?: true;
  saveBaseline?: string;
}

/** Define `check` on the command the runner made. */
export function registerCheck(cmd: Command, io: CliIo): void {
  cmd
    .requiredOption(
      '--baseline <file>',
      'the baseline: run results, estimates (estimate/compare --json) or a sweep',
    )
    .option('--current <file>', 'the document to check, of the same kind')
    .option('--run <suite>', 'measure the current results here first: quick | standard | full')
    .option('--filter <pattern>', 'with --run: only cases whose id contains it', filterPattern)
    .option(
      '--policy <file>',
      'thresholds: { "threshold": 0.05, "overrides": { "<kernel or id>": { ... } } }',
    )
    .option('--strict', 'documents that do not match (suite, backend, device) are an error, not a warning')
    .option('--fail-on-missing', 'a metric on one side only fails the check (exit 1)')
    .option('--summary <file>', 'write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set)')
    .option('--junit <file>', 'write JUnit XML: each regression a failure with its numbers')
    .option('--json', 'print the verdicts as JSON')
    .option('--save-baseline <file>', 'write the current document here as the next baseline')
    .action(async (flags: CheckFlags) => {
      if ((flags.current === undefined) === (flags.run === undefined)) {
        throw new UserError('give --current <file> or --run <suite>, one of them', 'usage');
      }
      if (flags.filter !== undefined && flags.run === undefined) {
        throw new UserError('--filter goes with --run', 'usage');
      }
      for (const [flag, path] of [
        ['summary', flags.summary],
        ['junit', flags.junit],
        ['save-baseline', flags.saveBaseline],
      ] as const) {
        if (path !== undefined) checkOutputPath(path, flag);
      }
      const policy = flags.policy === undefined ? undefined : readPolicy(flags.policy);
      const baseline = readCheckDocument(flags.baseline);
      const current =
        flags.current !== undefined ? readCheckDocument(flags.current) : await runCurrent(io, flags);
      const result = checkDocuments(baseline, current, policy === undefined ? {} : { policy });
      const { outcome } = result;
      if (flags.strict && outcome.mismatches.length > 0) {
        throw new UserError(
          `${current.label} does not match ${baseline.label} (--strict): ${outcome.mismatches.join('; ')}`,
        );
      }
      emitCheckOutputs(io, outcome, {
        baselineLabel: result.baselineLabel,
        currentLabel: result.currentLabel,
        json: flags.json === true,
        summary: flags.summary,
        junit: flags.junit,
        suiteName: `tppbench check ${current.label}`,
        failOnMissing: flags.failOnMissing === true,
      });
      if (flags.saveBaseline !== undefined) {
        writeFileAtomic(flags.saveBaseline, `${JSON.stringify(current.document, null, 2)}\n`);
      }
      if (failed(outcome, flags.failOnMissing === true)) io.setExitCode(1);
    });
}

/** Whether the check fails: a regression, or a metric on one side only when asked. */
function failed(outcome: CheckOutcome, failOnMissing: boolean): boolean {
  const { counts } = outcome;
  if (counts.regressed > 0) return true;
  return failOnMissing && counts['missing-baseline'] + counts['missing-current'] > 0;
}

/** `--run <suite>`: measure the suite here and check that. */
async function runCurrent(io: CliIo, flags: CheckFlags): Promise<LabelledDocument> {
  const name = flags.run as string;
  if (!Object.hasOwn(BUILTIN_SUITES, name)) {
    throw new UserError(`--run ${name}: not a built-in suite (quick, standard, full)`, 'usage');
  }
  const results = await runSuiteFromCli(io, {
    suite: BUILTIN_SUITES[name as keyof typeof BUILTIN_SUITES],
    ...(flags.filter === undefined ? {} : { filter: flags.filter }),
  });
  return { label: `(run ${name})`, document: results };
}
