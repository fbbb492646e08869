/**
 * `tppbench start` (what `npm start` runs): the main job for a new user.
 * 1. the GPU catalog with export-control scores;
 * 2. the `quick` suite measured on this machine, its local profile and the model self-check;
 * 3. H100 / H800 / H20 on the built-in inversion scenarios.
 * @module
 */
import type { Command } from 'commander';
import { runInversionsCatalogue } from '../../analysis/inversions-catalogue.ts';
import { listGpus } from '../../api/gpus.ts';
import { BUILTIN_SUITES } from '../../bench/suites.ts';
import { UserError } from '../../errors.ts';
import { renderGpuTable } from '../../report/gpus.ts';
import { renderInversionsCatalogue } from '../../report/inversions-catalogue.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import type { CliIo } from '../io.ts';
import { capThreads, reportLocalRun, runSuiteFromCli } from '../local-run.ts';
import { positiveInteger } from '../options.ts';

interface StartFlags {
  local: boolean;
  threads?: number;
  out?: string;
}

/** Define `start` on the command the runner made. */
export function registerStart(cmd: Command, io: CliIo): void {
  cmd
    .option('--no-local', 'skip the measurement of this machine')
    .option('--threads <n>', 'pool threads for the local suite (default: the core count)', positiveInteger)
    .option('--out <path>', 'also write the local results file (versioned JSON), atomically')
    .action(async (flags: StartFlags) => {
      if (flags.out !== undefined) {
        if (!flags.local)
          throw new UserError('--out writes the local results: it cannot go with --no-local', 'usage');
        checkOutputPath(flags.out, 'out');
      }
      const threads = flags.local ? capThreads(io, flags.threads) : undefined;
      io.stdout('== 1. GPU catalog: export-control scores and key specs ==\n');
      io.stdout(`${renderGpuTable(listGpus())}\n`);
      if (flags.local) {
        io.stdout('\n== 2. This machine: the quick suite, its local profile and the model self-check ==\n');
        const results = await runSuiteFromCli(io, {
          suite: BUILTIN_SUITES.quick,
          ...(threads === undefined ? {} : { threads }),
        });
        reportLocalRun(io, results, flags.out);
      }
      io.stdout('\n== 3. Where a restricted part beats the flagship, and where it does not (modelled) ==\n');
      io.stdout(renderInversionsCatalogue(runInversionsCatalogue()));
    });
}
