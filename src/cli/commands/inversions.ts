/**
 * `tppbench inversions [--gpus h100-sxm,h800-sxm,h20] [--scenario id,...] [--json]`: the built-in catalogue
 * of scenarios where an export-restricted part beats the flagship, or does not, and why.
 * @module
 */
import type { Command } from 'commander';
import { INVERSION_SCENARIOS, renderInversionsCatalogue, runInversionsCatalogue } from '../../index.ts';
import { type CliIo, printJson } from '../io.ts';
import { commaList } from '../options.ts';

/** Register the command. */
export function registerInversions(program: Command, io: CliIo): void {
  program
    .command('inversions')
    .description(
      'Catalogue of scenarios: where a restricted part (H800, H20, RTX 4090D) beats the flagship, and why',
    )
    .option('--gpus <ids>', 'data-center GPUs, flagship first (default h100-sxm,h800-sxm,h20)', commaList)
    .option(
      '--scenario <ids>',
      `only these scenarios: ${INVERSION_SCENARIOS.map((s) => s.id).join(', ')}`,
      commaList,
    )
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print the outcomes as JSON')
    .action((flags: { gpus?: string[]; scenario?: string[]; gpuFile?: string; json?: true }) => {
      const outcomes = runInversionsCatalogue({
        gpus: flags.gpus,
        scenarios: flags.scenario,
        gpuFile: flags.gpuFile,
      });
      if (flags.json) printJson(io, { schemaVersion: 1, kind: 'tppbench-inversions', outcomes });
      else io.stdout(renderInversionsCatalogue(outcomes));
    });
}
