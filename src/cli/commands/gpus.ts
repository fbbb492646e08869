/**
 * `tppbench gpus`: the GPU catalog with TPP, PD, verdicts and key specs.
 * @module
 */
import type { Command } from 'commander';
import { GPU_SORT_FIELDS, listGpus, renderGpuTable } from '../../index.ts';
import { type CliIo, printJson } from '../io.ts';

/** Register the command. */
export function registerGpus(program: Command, io: CliIo): void {
  program
    .command('gpus')
    .description('List the GPU catalog: TPP, performance density, 3A090 verdicts and key specs')
    .option('--sort <field>', `sort by ${GPU_SORT_FIELDS.join('|')} (numbers largest first)`, 'catalog')
    .option('--reverse', 'reverse the sort order')
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print JSON (every field with its source)')
    .action((options: { sort: string; reverse?: true; gpuFile?: string; json?: true }) => {
      const rows = listGpus({ sort: options.sort, reverse: options.reverse, gpuFile: options.gpuFile });
      if (options.json) printJson(io, { schemaVersion: 1, kind: 'tppbench-gpus', gpus: rows });
      else io.stdout(renderGpuTable(rows));
    });
}
