/**
 * `tppbench sweep <workload> --gpus h100-sxm,h20 --batch 1..1024 [--context 1k..128k] [--threads N]
 * [--out file.json|file.csv] [--json] [--format f] [--report file]`: a grid over the ranged flags in the
 * sweep pool, with crossovers. `--out` streams the estimates (the data); the report (a chart of who wins
 * where, and the boundaries) goes to stdout with `--format`, or to the `--report` file: `--out` keeps one
 * meaning, as on `start` and `run`, where it also writes the data.
 * @module
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { SweepResult } from '../../analysis/sweep.ts';
import { collectingSink, streamSweep } from '../../analysis/sweep.ts';
import { MAX_GRID_ESTIMATES } from '../../analysis/sweep-grid.ts';
import {
  combineOutputs,
  type SweepOutput,
  sweepFileOutput,
  sweepStreamOutput,
} from '../../analysis/sweep-output.ts';
import { createSweepProgress } from '../../analysis/sweep-progress.ts';
import { msg, param, UserError } from '../../errors.ts';
import { renderSweep } from '../../report/sweep.ts';
import { renderSweepJson } from '../../results/sweep.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import { packageVersion } from '../../util/package-info.ts';
import { BUILT_IN_WORKLOADS } from '../../workloads/index.ts';
import { nameParams } from '../flags.ts';
import type { CliIo } from '../io.ts';
import { commaList, nonNegativeNumber, positiveInteger } from '../options.ts';
import { addFormatOption, buildReport, commandReportTarget, emitReport } from '../report-output.ts';
import { addWorkloadOptions, workloadParams } from './estimate.ts';

/** A count with thousands separators. */
const count = (n: number) => n.toLocaleString('en-US');

/** Estimates a sweep report holds at most: it keeps the whole sweep in memory, as a document. */
const REPORT_MAX_ESTIMATES = 1_000_000;

const AXIS_HELP = `
Ranges (any numeric workload flag; lists also for choice flags such as --dtype):
  1,2,4         a list
  1..1024       log-spaced by doubling: 1, 2, 4, ..., 1024 (the end is always included)
  1..1024:20    20 log-spaced points (integers round; duplicates drop)
  0..4096+512   linear steps of 512
  0.5..50       decimals on non-integer flags (--target-tpot-ms); integer flags take integer ends and steps
  k/m suffixes are powers of 1024 (1k..128k); byte flags take units (1MB..1GB, 1KiB..1GiB).
Crossovers on a range are refined between grid values, on values the workload accepts (--tp divides the
heads); on a list they are reported between its listed values. Outputs stream: any grid up to --max-points.

Outputs: --out writes the estimates (.json: the sweep document, the input of \`tppbench report\`; .csv: the
rows); --json prints the sweep document. --format prints the sweep as a report instead of the summary, and
--report <file> writes that report (.html, .md and .json name the format): a report holds the sweep in
memory, so it takes up to ${count(REPORT_MAX_ESTIMATES)} estimates.`;

/**
 * An output that keeps every estimate, for the report: a sweep of more than {@link REPORT_MAX_ESTIMATES}
 * is refused before its first estimate. `result` is the sweep with its estimates once finished.
 */
function collectForReport(flagKey: string): SweepOutput & { result(outcome: SweepOutcome): SweepResult } {
  const sink = collectingSink();
  return {
    formats: [],
    begin(header) {
      if (header.estimates > REPORT_MAX_ESTIMATES) {
        throw new UserError(
          msg`${param(flagKey)}: a sweep report holds ${count(REPORT_MAX_ESTIMATES)} estimates at most, and this sweep has ${count(header.estimates)}; narrow the ranges, or write the estimates with ${param('out')}`,
          'usage',
        );
      }
      sink.begin(header);
    },
    write: (start, data) => sink.write(start, data),
    async finish() {},
    async discard() {},
    result: (outcome) => sink.result(outcome),
  };
}

/** A finished sweep without its estimates. */
type SweepOutcome = Omit<SweepResult, 'throughput' | 'timeMs' | 'bound'>;

function outputFormat(path: string): 'json' | 'csv' {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.csv')) return 'csv';
  throw new UserError(`--out ${path}: the file must end in .json or .csv`, 'usage');
}

function threadCount(value: string): number {
  const n = nonNegativeNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer >= 0.');
  return n;
}

/** Define `sweep` on the command the runner made: its workload subcommands. */
export function registerSweep(sweep: Command, io: CliIo): void {
  // The library names one GPU of the list as \`gpu\` ("this GPU lacks ..."); here it came from --gpus.
  nameParams(sweep, { maxEstimates: '--max-points', gpu: '--gpus' });
  for (const workload of BUILT_IN_WORKLOADS) {
    const cmd = sweep
      .command(workload.kind)
      .description(workload.summary)
      .requiredOption('--gpus <ids>', 'catalog GPU ids, comma-separated', commaList);
    addWorkloadOptions(cmd, workload)
      .option('--threads <n>', 'sweep workers (default and most: the core count; 0 = inline)', threadCount)
      .option('--out <path>', 'stream every estimate to a .json or .csv file, renamed into place at the end')
      .option('--max-crossovers <n>', 'crossovers refined by bisection at most', positiveInteger, 100)
      .option(
        '--max-points <n>',
        'refuse a sweep of more estimates (grid points x GPUs, one output row each)',
        positiveInteger,
        MAX_GRID_ESTIMATES,
      )
      .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
      .option('--json', 'print the sweep JSON (every estimate and the crossovers), streamed');
    addFormatOption(cmd, 'print the sweep as a report instead of the summary')
      .option('--report <file>', 'write the sweep as a report (.html, .md and .json name the format)')
      .addHelpText(
        'after',
        `${AXIS_HELP}\n\nExample:\n  tppbench sweep ${workload.kind} --gpus h100-sxm,h20 ${workload.example}`,
      )
      .action(async (flags: Record<string, unknown>) => {
        const out = flags.out as string | undefined;
        // Checked before any work: a bad path fails in a moment, not after the sweep.
        if (out !== undefined) checkOutputPath(out, 'out');
        const format = out === undefined ? undefined : outputFormat(out);
        const report = commandReportTarget(flags, 'report');
        if (report?.out !== undefined && out !== undefined && resolve(report.out) === resolve(out)) {
          throw new UserError(msg`${param('report')} and ${param('out')} name the same file`, 'usage');
        }
        const version = packageVersion();
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        // Once: a second Ctrl-C kills the process the default way.
        process.once('SIGINT', onSignal);
        const outputs: SweepOutput[] = [];
        // First: it refuses a sweep too large for a report before another output opens a file.
        const collected = report
          ? collectForReport(report.out === undefined ? 'format' : 'report')
          : undefined;
        if (collected) outputs.push(collected);
        if (out !== undefined && format !== undefined) {
          outputs.push(sweepFileOutput(out, format, version, controller.signal));
        }
        // stdout itself, not io.stdout: the JSON streams and must wait for 'drain'.
        if (flags.json) outputs.push(sweepStreamOutput(process.stdout, version, controller.signal));
        const output = combineOutputs(outputs);
        const progress = createSweepProgress(process.stderr, Boolean(process.stderr.isTTY) && io.isTTY);
        try {
          const outcome = await streamSweep(
            {
              workload: workload.kind,
              gpus: flags.gpus as string[],
              params: workloadParams(workload, flags),
              threads: flags.threads as number | undefined,
              maxCrossovers: flags.maxCrossovers as number,
              maxEstimates: flags.maxPoints as number,
              formats: output.formats,
              gpuFile: flags.gpuFile as string | undefined,
              onProgress: progress.onProgress,
              signal: controller.signal,
            },
            {
              begin(header) {
                for (const warning of header.warnings) io.stderr(`tppbench: ${warning}`);
                return output.begin?.(header);
              },
              write: (start, data) => output.write(start, data),
            },
          );
          progress.stop();
          await output.finish(outcome);
          // The report on stdout replaces the summary; the note on the estimates file then goes to stderr.
          const reportOnStdout = report !== undefined && report.out === undefined;
          if (collected && report) {
            const document = JSON.parse(renderSweepJson(collected.result(outcome), version));
            await emitReport(io, await buildReport([{ file: '(sweep)', document }]), report);
          }
          if (!flags.json && !reportOnStdout) io.stdout(renderSweep(outcome));
          if (out !== undefined && !flags.json) {
            (reportOnStdout ? io.stderr : io.stdout)(`\n${outcome.estimates} estimates written to ${out}\n`);
          }
          if (report?.out !== undefined && !flags.json) io.stdout(`report written to ${report.out}\n`);
          const failure = outcome.crossovers.error;
          if (failure !== null) {
            // The estimates stand: they are written; only the crossovers are incomplete.
            const where = [out, flags.json ? 'stdout' : undefined].filter((w) => w !== undefined);
            io.stderr(
              `tppbench: the crossover analysis failed (${failure}); ${where.length ? `the ${outcome.estimates} estimates were written to ${where.join(' and ')}` : `the summary covers all ${outcome.estimates} estimates`}`,
            );
            io.setExitCode(1);
          }
        } catch (error) {
          await output.discard();
          throw error;
        } finally {
          progress.stop();
          process.off('SIGINT', onSignal);
        }
      });
  }
}
