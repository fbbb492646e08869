/**
 * `tppbench start` (what `npm start` runs): the main job for a new user.
 * 1. the GPU catalog with export-control scores;
 * 2. the `quick` suite measured on this machine, its local profile and the model self-check;
 * 3. H100 / H800 / H20 on the built-in inversion scenarios;
 * 4. the report of all this: written with `--report <file.html>`, else the command that writes it is shown
 *    (nothing is written into the current folder unasked).
 * @module
 */
import type { Command } from 'commander';
import { runInversionsCatalogue } from '../../analysis/inversions-catalogue.ts';
import { listGpus } from '../../api/gpus.ts';
import { reportFormatOfPath } from '../../api/report-render.ts';
import { BUILTIN_SUITES } from '../../bench/suites.ts';
import { UserError } from '../../errors.ts';
import { renderGpuTable } from '../../report/gpus.ts';
import { renderInversionsCatalogue } from '../../report/inversions-catalogue.ts';
import type { BenchResults } from '../../results/bench-results.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import type { CliIo } from '../io.ts';
import { capThreads, reportLocalRun, runSuiteFromCli } from '../local-run.ts';
import { positiveInteger } from '../options.ts';
import { buildReport, emitReport, reportTarget } from '../report-output.ts';

interface StartFlags {
  local: boolean;
  threads?: number;
  out?: string;
  report?: string;
}

/** The report file the hint names: in the current folder, written only when the user runs the command. */
const REPORT_FILE = 'tppbench-report.html';

/** A word as a POSIX shell reads it back: quoted when it has anything but safe characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The command that writes the report of what `start` just did: `start` again with its flags and
 * `--report` (as `npm start -- ...` under `npm start`); with a results file, also the form that reads it
 * instead of measuring again.
 */
function reportHint(flags: StartFlags): string {
  const again = [
    ...(flags.local ? [] : ['--no-local']),
    ...(flags.threads === undefined ? [] : ['--threads', String(flags.threads)]),
    '--report',
    REPORT_FILE,
  ];
  // Under `npm start` (a clone of the repository), the bin is not on the PATH.
  const npm = process.env.npm_lifecycle_event === 'start';
  const tool = npm ? 'node bin/tppbench.js' : 'tppbench';
  const start = npm ? 'npm start --' : 'tppbench start';
  const lines = [
    'Charts and tables of all of the above, with sources, in one HTML file:',
    `  ${start} ${again.join(' ')}`,
  ];
  if (flags.out !== undefined) {
    lines.push(
      'or, from the results file, without measuring again:',
      `  ${tool} inversions --json > inversions.json && ${tool} report inversions.json ${shellWord(flags.out)} --out ${REPORT_FILE}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Define `start` on the command the runner made. */
export function registerStart(cmd: Command, io: CliIo): void {
  cmd
    .option('--no-local', 'skip the measurement of this machine')
    .option('--threads <n>', 'pool threads for the local suite (default: the core count)', positiveInteger)
    .option('--out <path>', 'also write the local results file (versioned JSON), atomically')
    .option(
      '--report <file>',
      'also write the report of all this, atomically (HTML; .md and .json name those)',
    )
    .action(async (flags: StartFlags) => {
      if (flags.out !== undefined) {
        if (!flags.local)
          throw new UserError('--out writes the local results: it cannot go with --no-local', 'usage');
        checkOutputPath(flags.out, 'out');
      }
      const report =
        flags.report === undefined
          ? undefined
          : reportTarget(reportFormatOfPath(flags.report) ?? 'html', flags.report, 'report');
      const threads = flags.local ? capThreads(io, flags.threads) : undefined;
      io.stdout('== 1. GPU catalog: export-control scores and key specs ==\n');
      io.stdout(`${renderGpuTable(listGpus())}\n`);
      let results: BenchResults | undefined;
      if (flags.local) {
        io.stdout('\n== 2. This machine: the quick suite, its local profile and the model self-check ==\n');
        results = await runSuiteFromCli(io, {
          suite: BUILTIN_SUITES.quick,
          ...(threads === undefined ? {} : { threads }),
        });
        reportLocalRun(io, results, flags.out);
      }
      io.stdout('\n== 3. Where a restricted part beats the flagship, and where it does not (modelled) ==\n');
      const outcomes = runInversionsCatalogue();
      io.stdout(renderInversionsCatalogue(outcomes));
      io.stdout('\n== 4. The report ==\n');
      if (report === undefined) {
        io.stdout(reportHint(flags));
        return;
      }
      const { inversionsDocument } = await import('../../results/inversions.ts');
      const data = await buildReport([
        { file: '(built-in)', document: inversionsDocument(outcomes) },
        ...(results === undefined ? [] : [{ file: '(built-in)', document: results }]),
      ]);
      await emitReport(io, data, report);
      io.stdout(`report written to ${report.out}\n`);
    });
}
