/**
 * `tppbench report [inputs...] [--format terminal|md|html|json] [--out <file>]`: one comparison report from
 * the JSON documents of `run`, `sweep`, `compare`, `estimate` and `inversions` (a saved `tppbench-report`
 * document renders again, alone). Without inputs it makes its own, as `tppbench start` does: the built-in
 * inversion scenarios and the quick suite on this machine (`--no-local` skips the suite).
 * @module
 */
import type { Command } from 'commander';
import { runInversionsCatalogue } from '../../analysis/inversions-catalogue.ts';
import { type ReportSource, readReportInputs } from '../../api/report.ts';
import type { ReportFormat } from '../../api/report-render.ts';
import { BUILTIN_SUITES } from '../../bench/suites.ts';
import { UserError } from '../../errors.ts';
import type { ReportData } from '../../report/report-data.ts';
import { isFailedMeasurement } from '../../results/bench-results.ts';
import { inversionsDocument } from '../../results/inversions.ts';
import type { CliIo } from '../io.ts';
import { capThreads, runSuiteFromCli } from '../local-run.ts';
import { positiveInteger } from '../options.ts';
import { addFormatOption, buildReport, emitReport, reportTarget } from '../report-output.ts';

interface ReportFlags {
  format?: ReportFormat;
  out?: string;
  local: boolean;
  threads?: number;
  gpuFile?: string;
  calibration?: string;
}

/** What a report draws when no input is given: the inversion catalogue, and this machine unless skipped. */
async function builtInSources(io: CliIo, flags: ReportFlags): Promise<ReportSource[]> {
  const sources: ReportSource[] = [
    { file: '(built-in)', document: inversionsDocument(runInversionsCatalogue()) },
  ];
  if (flags.local) {
    const threads = capThreads(io, flags.threads);
    const results = await runSuiteFromCli(io, {
      suite: BUILTIN_SUITES.quick,
      ...(threads === undefined ? {} : { threads }),
    });
    if (results.measurements.some(isFailedMeasurement)) io.setExitCode(1);
    sources.push({ file: '(built-in)', document: results });
  }
  return sources;
}

/**
 * The report of input documents: built from them, or, for a saved report, that report as it was. A saved
 * report does not merge with other inputs.
 */
async function reportOfInputs(sources: readonly ReportSource[]): Promise<ReportData> {
  for (const { file, document } of sources) {
    if (document.kind !== 'tppbench-report') continue;
    if (sources.length > 1) {
      throw new UserError(
        `${file}: a tppbench-report document renders alone; give the documents it was built from instead`,
        'usage',
      );
    }
    return document.report as ReportData;
  }
  return buildReport(sources);
}

/** Define `report` on the command the runner made. */
export function registerReport(cmd: Command, io: CliIo): void {
  addFormatOption(
    cmd.argument(
      '[inputs...]',
      'JSON documents of run, sweep, compare, estimate, inversions (none: run the built-in scenarios and the quick suite)',
    ),
    'report format (default: terminal, or what the --out extension names)',
  )
    .option('--out <file>', 'write the report to a file, atomically (.html, .md and .json name the format)')
    .option('--no-local', 'without inputs: skip the measurement of this machine (the quick suite)')
    .option(
      '--threads <n>',
      'without inputs: pool threads for the quick suite (default: the core count)',
      positiveInteger,
    )
    .option(
      '--gpu-file <path>',
      'without inputs: JSON file that adds or overrides GPUs in the built-in scenarios',
    )
    .addHelpText(
      'after',
      `
Without --out the report goes to stdout (terminal: coloured on a terminal unless NO_COLOR is set).
An input that is empty, truncated, not JSON or not a tppbench document stops the report (exit 2) before
anything is written.

Examples:
  tppbench report --out report.html
  tppbench report --no-local --calibration cal.json --out calibrated.html
  tppbench inversions --json > inversions.json
  tppbench compare llm-decode --gpus h100-sxm,h800-sxm,h20 --model llama-3-70b --batch 8 --tp 2 --json > decode.json
  tppbench report inversions.json decode.json results.json --format md --out report.md`,
    )
    .action(async (inputs: string[], flags: ReportFlags) => {
      // Checked before any work: a bad --out or --format fails at once, not after the suite.
      const target = reportTarget(flags.format, flags.out);
      if (inputs.length > 0 && !flags.local) {
        throw new UserError('--no-local: the local suite runs only when no input file is given', 'usage');
      }
      if (inputs.length > 0 && flags.threads !== undefined) {
        throw new UserError('--threads: the local suite runs only when no input file is given', 'usage');
      }
      for (const [flag, value] of [
        ['--gpu-file', flags.gpuFile],
        ['--calibration', flags.calibration],
      ] as const) {
        if (inputs.length > 0 && value !== undefined) {
          throw new UserError(
            `${flag}: applies to the built-in scenarios (no input file); input documents already hold their estimates (give ${flag} to the command that made them)`,
            'usage',
          );
        }
      }
      const data =
        inputs.length > 0
          ? await reportOfInputs(readReportInputs(inputs))
          : await buildReport(await builtInSources(io, flags));
      if (await emitReport(io, data, target)) io.stdout(`report written to ${target.out}\n`);
    });
}
