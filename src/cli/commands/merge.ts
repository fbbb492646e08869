/**
 * `tppbench merge <files...> --out <file>`: join the results files of a sharded run (`run --shard i/n`, one
 * per CI matrix job) into one results file; `--json` prints it. The output path is checked before any file is
 * read; the file is written atomically.
 * @module
 */
import type { Command } from 'commander';
import { mergeResultFiles } from '../../api/merge.ts';
import { msg, param, UserError } from '../../errors.ts';
import { writeBenchResults } from '../../results/bench-results.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import { type CliIo, printJson } from '../io.ts';

/** `tppbench merge` flags. */
interface MergeFlags {
  out?: string;
  json?: true;
}

/** Define `merge` on the command the runner made. */
export function registerMerge(cmd: Command, io: CliIo): void {
  cmd
    .argument('<files...>', 'results files of run --shard i/n: every shard 1..n of one suite, once each')
    .option('--out <file>', 'write the merged results file here, atomically')
    .option('--json', 'print the merged results JSON (also written when --out is given)')
    .addHelpText(
      'after',
      '\nExample: tppbench merge shard-*.json --out all.json\n' +
        'The shards must be of one suite, package version and settings; a shard given twice, a case in two\n' +
        'shards or a missing shard is an error naming the files. Shards may have run on different machines.',
    )
    .action((files: string[], flags: MergeFlags) => {
      if (flags.out === undefined && !flags.json) {
        throw new UserError(
          msg`${param('out')} <file> is required (or --json to print the merged file)`,
          'usage',
        );
      }
      if (flags.out !== undefined) checkOutputPath(flags.out, 'out');
      const merged = mergeResultFiles(files);
      if (flags.out !== undefined) writeBenchResults(flags.out, merged);
      if (flags.json) {
        printJson(io, merged);
        return;
      }
      const cases = new Set(merged.measurements.map((m) => m.id)).size;
      io.stdout(
        `merged ${files.length} shard(s) of suite ${merged.suite}: ${cases} case(s), ${merged.measurements.length} measurement(s)\n`,
      );
      for (const note of merged.selection.notes) io.stdout(`note: ${note}\n`);
      io.stdout(`results written to ${flags.out}\n`);
    });
}
