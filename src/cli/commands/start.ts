/**
 * `tppbench start` (what `npm start` runs): the main job for a new user. It shows the catalog with export
 * scores and explains the headline inversion; later stages (local run, model comparison) are added as the
 * engine grows.
 * @module
 */
import type { Command } from 'commander';
import { classifyParts, listGpus, renderClassify, renderGpuTable } from '../../index.ts';
import type { CliIo } from '../io.ts';

/** Register the command. */
export function registerStart(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('The main job: catalog with export scores, then the headline comparison')
    .action(() => {
      io.stdout('== GPU catalog: export-control scores and key specs ==\n');
      io.stdout(renderGpuTable(listGpus()));
      io.stdout('\n== Why H20 escapes 3A090 while H100 and H800 do not ==\n');
      io.stdout(
        renderClassify(classifyParts({ gpus: ['h100-sxm', 'h800-sxm', 'h20'] }), ['oct-2023', 'oct-2022']),
      );
    });
}
