/**
 * `tppbench gpus`: the GPU catalog with TPP, PD, verdicts and key specs.
 * @module
 */
import type { Command } from 'commander';
import { GPU_SORT_FIELDS, listGpus } from '../../api/gpus.ts';
import { renderGpuTable } from '../../report/gpus.ts';
import { type CliIo, printJson } from '../io.ts';

/** Define `gpus` on the command the runner made. */
export function registerGpus(cmd: Command, io: CliIo): void {
  cmd
    .option('--sort <field>', `sort by ${GPU_SORT_FIELDS.join('|')} (numbers largest first)`, 'catalog')
    .option('--reverse', 'reverse the sort order')
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print JSON (every field with its source)')
    .action(async (options: { sort: string; reverse?: true; gpuFile?: string; json?: true }) => {
      const rows = listGpus({ sort: options.sort, reverse: options.reverse, gpuFile: options.gpuFile });
      if (options.json) {
        const { gpusDocument } = await import('../../results/gpus.ts');
        printJson(io, gpusDocument(rows));
      } else io.stdout(renderGpuTable(rows));
    });
}
