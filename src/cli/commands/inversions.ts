/**
 * `tppbench inversions [--gpus h100-sxm,h800-sxm,h20] [--scenario id,...] [--json] [--format f] [--out
 * file]`: the built-in catalogue of scenarios where an export-restricted part beats the flagship, or does
 * not, and why; as a report on stdout with `--format`, into a file with `--out`.
 * @module
 */
import type { Command } from 'commander';
import { INVERSION_SCENARIOS } from '../../analysis/inversion-scenarios.ts';
import { runInversionsCatalogue } from '../../analysis/inversions-catalogue.ts';
import { renderInversionsCatalogue } from '../../report/inversions-catalogue.ts';
import { nameParams } from '../flags.ts';
import { type CliIo, printJson } from '../io.ts';
import { commaList } from '../options.ts';
import { addFormatOption, buildReport, commandReportTarget, emitReport } from '../report-output.ts';

/** Define `inversions` on the command the runner made. */
export function registerInversions(cmd: Command, io: CliIo): void {
  nameParams(cmd, { scenarios: '--scenario' });
  cmd
    .option('--gpus <ids>', 'data-center GPUs, flagship first (default h100-sxm,h800-sxm,h20)', commaList)
    .option(
      '--scenario <ids>',
      `only these scenarios: ${INVERSION_SCENARIOS.map((s) => s.id).join(', ')}`,
      commaList,
    )
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print the outcomes as JSON');
  addFormatOption(cmd, 'print the catalogue as a report instead of the text')
    .option('--out <file>', 'also write the report to a file (.html, .md and .json name the format)')
    .addHelpText(
      'after',
      '\n--format json prints the report document; --json the inversions document (the input of `tppbench report`).',
    )
    .action(async (flags: Record<string, unknown>) => {
      const report = commandReportTarget(flags);
      const outcomes = runInversionsCatalogue({
        gpus: flags.gpus as string[] | undefined,
        scenarios: flags.scenario as string[] | undefined,
        gpuFile: flags.gpuFile as string | undefined,
      });
      if (!flags.json && !report) {
        io.stdout(renderInversionsCatalogue(outcomes));
        return;
      }
      const { inversionsDocument } = await import('../../results/inversions.ts');
      const document = inversionsDocument(outcomes);
      if (flags.json) printJson(io, document);
      if (report === undefined) return;
      const written = await emitReport(
        io,
        await buildReport([{ file: '(inversions)', document: document }]),
        report,
      );
      if (written && !flags.json) {
        io.stdout(renderInversionsCatalogue(outcomes));
        io.stdout(`\nreport written to ${report.out}\n`);
      }
    });
}
