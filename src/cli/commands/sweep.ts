/**
 * `tppbench sweep <workload> --gpus h100-sxm,h20 --batch 1..1024 [--context 1k..128k] [--threads N]
 * [--out file.json|file.csv] [--json]`: a grid over the ranged flags in the sweep pool, with crossovers.
 * @module
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  BUILT_IN_WORKLOADS,
  createSweepProgress,
  packageVersion,
  renderSweep,
  renderSweepCsv,
  renderSweepJson,
  runSweep,
  UserError,
  writeFileAtomic,
} from '../../index.ts';
import type { CliIo } from '../io.ts';
import { commaList, nonNegativeNumber, positiveInteger } from '../options.ts';
import { addWorkloadOptions, workloadParams } from './estimate.ts';

const AXIS_HELP = `
Ranges (any numeric workload flag; lists also for choice flags such as --dtype):
  1,2,4         a list
  1..1024       log-spaced by doubling: 1, 2, 4, ..., 1024 (the end is always included)
  1..1024:20    20 log-spaced points (integers round; duplicates drop)
  0..4096+512   linear steps of 512
  k/m suffixes are powers of 1024 (1k..128k); byte flags take units (1MB..1GB, 1KiB..1GiB).`;

function outputFormat(path: string): 'json' | 'csv' {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.csv')) return 'csv';
  throw new UserError(`--out ${path}: the file must end in .json or .csv`, 'usage');
}

function threadCount(value: string): number {
  const n = nonNegativeNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer >= 0.');
  return n;
}

/** Register `sweep` and its workload subcommands. */
export function registerSweep(program: Command, io: CliIo): void {
  const sweep = program
    .command('sweep')
    .description('Sweep a workload over ranges of its flags on several GPUs; reports where the winner flips');
  for (const workload of BUILT_IN_WORKLOADS) {
    const cmd = sweep
      .command(workload.kind)
      .description(workload.summary)
      .requiredOption('--gpus <ids>', 'catalog GPU ids, comma-separated', commaList);
    addWorkloadOptions(cmd, workload)
      .option('--threads <n>', 'sweep workers (default: the core count; 0 = inline)', threadCount)
      .option('--out <path>', 'write every estimate to a .json or .csv file, atomically')
      .option('--max-crossovers <n>', 'crossovers refined by bisection at most', positiveInteger, 100)
      .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
      .option('--json', 'print the sweep JSON (every estimate and the crossovers)')
      .addHelpText(
        'after',
        `${AXIS_HELP}\n\nExample:\n  tppbench sweep ${workload.kind} --gpus h100-sxm,h20 ${workload.example}`,
      )
      .action(async (flags: Record<string, unknown>) => {
        const out = flags.out as string | undefined;
        const format = out === undefined ? undefined : outputFormat(out);
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        const progress = createSweepProgress(process.stderr, Boolean(process.stderr.isTTY) && io.isTTY);
        try {
          const result = await runSweep({
            workload: workload.kind,
            gpus: flags.gpus as string[],
            params: workloadParams(workload, flags),
            threads: flags.threads as number | undefined,
            maxCrossovers: flags.maxCrossovers as number,
            gpuFile: flags.gpuFile as string | undefined,
            onProgress: progress.onProgress,
            signal: controller.signal,
          });
          progress.stop();
          if (out !== undefined) {
            writeFileAtomic(
              out,
              format === 'csv' ? renderSweepCsv(result) : renderSweepJson(result, packageVersion()),
            );
          }
          if (flags.json) io.stdout(renderSweepJson(result, packageVersion()));
          else {
            io.stdout(renderSweep(result));
            if (out !== undefined) io.stdout(`\n${result.throughput.length} estimates written to ${out}\n`);
          }
        } finally {
          progress.stop();
          process.off('SIGINT', onSignal);
        }
      });
  }
}
