/**
 * `tppbench compare <workload> --gpus h100-sxm,h800-sxm,h20 [workload flags] [--json] [--format f] [--out
 * file]`: the workload on each GPU beside its TPP, PD and 3A090 verdict, with inversions marked; as a
 * report (the estimates document through the report builder) on stdout with `--format`, into a file with
 * `--out`.
 * @module
 */
import type { Command } from 'commander';
import { compareWorkload } from '../../api/compare.ts';
import { RULE_IDS, type RuleId } from '../../regulation/index.ts';
import { renderComparison } from '../../report/compare.ts';
import { packageVersion } from '../../util/package-info.ts';
import { BUILT_IN_WORKLOADS } from '../../workloads/index.ts';
import { nameParams } from '../flags.ts';
import { type CliIo, printJson } from '../io.ts';
import { commaList, oneOf } from '../options.ts';
import { addFormatOption, buildReport, commandReportTarget, emitReport } from '../report-output.ts';
import { addWorkloadOptions, printWarnings, workloadParams } from './estimate.ts';

/** Define `compare` on the command the runner made: its workload subcommands. */
export function registerCompare(compare: Command, io: CliIo): void {
  // The library names one GPU of the list as \`gpu\` ("this GPU lacks ..."); here it came from --gpus.
  nameParams(compare, { gpu: '--gpus' });
  for (const workload of BUILT_IN_WORKLOADS) {
    const cmd = compare
      .command(workload.kind)
      .description(workload.summary)
      .requiredOption(
        '--gpus <ids>',
        'catalog GPU ids, comma-separated; ratios are against the first',
        commaList,
      );
    addWorkloadOptions(cmd, workload)
      .option('--rule <rule>', `verdict shown: ${RULE_IDS.join('|')}`, oneOf(RULE_IDS), 'oct-2023')
      .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
      .option('--with-local <results.json>', 'add "this machine" from a `tppbench run --out` results file')
      .option('--json', 'print the estimates JSON with a comparison section');
    addFormatOption(cmd, 'print the comparison as a report instead of the table')
      .option('--out <file>', 'also write the report to a file (.html, .md and .json name the format)')
      .addHelpText(
        'after',
        `\n--format json prints the report document; --json the estimates document (the input of \`tppbench report\`).\n\nExample:\n  tppbench compare ${workload.kind} --gpus h100-sxm,h800-sxm,h20 ${workload.example}`,
      )
      .action(async (flags: Record<string, unknown>) => {
        const report = commandReportTarget(flags);
        const result = compareWorkload({
          workload: workload.kind,
          gpus: flags.gpus as string[],
          params: workloadParams(workload, flags),
          rule: flags.rule as RuleId,
          gpuFile: flags.gpuFile as string | undefined,
          withLocal: flags.withLocal as string | undefined,
        });
        printWarnings(io, result.estimates, cmd);
        if (flags.json || report) {
          const { estimatesDocument } = await import('../../results/estimates.ts');
          const { loadCatalog } = await import('../../hardware/catalog.ts');
          const catalog = loadCatalog({ gpuFile: flags.gpuFile as string | undefined });
          const document = estimatesDocument(result.estimates, packageVersion(), result.section, { catalog });
          if (flags.json) printJson(io, document);
          if (report) {
            const data = await buildReport([{ file: '(compare)', document }]);
            const written = await emitReport(io, data, report);
            if (written && !flags.json) {
              io.stdout(renderComparison(result.section));
              io.stdout(`\nreport written to ${report.out}\n`);
            }
          }
        } else io.stdout(renderComparison(result.section));
      });
  }
}
