/**
 * `tppbench inversions [--gpus h100-sxm,h800-sxm,h20] [--scenario id,...] [--json]`: the built-in catalogue
 * of scenarios where an export-restricted part beats the flagship, or does not, and why.
 * @module
 */
import type { Command } from 'commander';
import { INVERSION_SCENARIOS } from '../../analysis/inversion-scenarios.ts';
import { runInversionsCatalogue } from '../../analysis/inversions-catalogue.ts';
import { renderInversionsCatalogue } from '../../report/inversions-catalogue.ts';
import { nameParams } from '../flags.ts';
import { type CliIo, printJson } from '../io.ts';
import { commaList } from '../options.ts';

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
    .option('--json', 'print the outcomes as JSON')
    .action(async (flags: { gpus?: string[]; scenario?: string[]; gpuFile?: string; json?: true }) => {
      const outcomes = runInversionsCatalogue({
        gpus: flags.gpus,
        scenarios: flags.scenario,
        gpuFile: flags.gpuFile,
      });
      if (flags.json) {
        const { inversionsDocument } = await import('../../results/inversions.ts');
        printJson(io, inversionsDocument(outcomes));
      } else io.stdout(renderInversionsCatalogue(outcomes));
    });
}
