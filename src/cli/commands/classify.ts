/**
 * `tppbench classify`: 3A090 verdicts for a GPU or a described part, with what-if rules.
 * @module
 */
import type { Command } from 'commander';
import { CLASSIFY_RULES, classifyParts } from '../../api/classify.ts';
import { UserError } from '../../errors.ts';
import type { RuleId } from '../../regulation/index.ts';
import { renderClassify } from '../../report/classify.ts';
import { nameParams } from '../flags.ts';
import { type CliIo, printJson } from '../io.ts';
import { commaList, nonNegativeNumber, oneOf, positiveNumber } from '../options.ts';

interface ClassifyFlags {
  gpu?: string[];
  tpp?: number;
  dieArea?: number;
  datacenter?: true;
  consumer?: true;
  ioGbps?: number;
  dramGbps?: number;
  rule: 'all' | RuleId;
  minTpp?: number;
  minPd?: number;
  bandwidthCapGbps?: number;
  gpuFile?: string;
  json?: true;
}

/** Define `classify` on the command the runner made. */
export function registerClassify(cmd: Command, io: CliIo): void {
  nameParams(cmd, { gpus: '--gpu' });
  cmd
    .option('--gpu <ids>', 'catalog GPU id(s), comma-separated', commaList)
    .option('--tpp <n>', 'describe a part by its TPP instead', positiveNumber)
    .option('--die-area <mm2>', "the part's applicable die area in mm²", positiveNumber)
    .option('--datacenter', 'the part is designed or marketed for data centers')
    .option('--consumer', 'the part is not designed or marketed for data centers')
    .option(
      '--io-gbps <n>',
      "the part's aggregate bidirectional I/O, GB/s (Oct-2022 rule)",
      nonNegativeNumber,
    )
    .option('--dram-gbps <n>', "the part's DRAM bandwidth, GB/s (Jan-2026 test)", positiveNumber)
    .option(
      '--rule <rule>',
      `rule to show: all|${CLASSIFY_RULES.join('|')}`,
      oneOf(['all', ...CLASSIFY_RULES] as const),
      'all',
    )
    .option('--min-tpp <n>', 'what-if rule: catch parts with TPP at or above this', positiveNumber)
    .option('--min-pd <n>', 'what-if rule: ... and PD at or above this', positiveNumber)
    .option(
      '--bandwidth-cap-gbps <n>',
      'what-if rule: also catch parts with DRAM bandwidth at or above this',
      positiveNumber,
    )
    .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  tppbench classify --gpu h20\n  tppbench classify --tpp 4700 --die-area 600 --consumer\n  tppbench classify --min-tpp 2000 --min-pd 2.5 --bandwidth-cap-gbps 3500',
    )
    .action(async (flags: ClassifyFlags) => {
      if (flags.datacenter && flags.consumer)
        throw new UserError('--datacenter and --consumer exclude each other', 'usage');
      if ((flags.minPd !== undefined || flags.bandwidthCapGbps !== undefined) && flags.minTpp === undefined) {
        throw new UserError('--min-pd and --bandwidth-cap-gbps need --min-tpp (the what-if rule)', 'usage');
      }
      if (flags.tpp === undefined && (flags.dieArea !== undefined || flags.ioGbps !== undefined)) {
        throw new UserError('--die-area and --io-gbps describe a part: give --tpp too', 'usage');
      }
      // The library words these in its own fields (gpus, part, custom); the CLI in the flags that fill them.
      if (flags.gpu && flags.tpp !== undefined)
        throw new UserError('--gpu cannot be combined with --tpp: classify one or the other', 'usage');
      if (!flags.gpu && flags.tpp === undefined && flags.minTpp === undefined) {
        throw new UserError(
          'classify needs --gpu <id>, or --tpp <n> with --die-area <mm2>, or a what-if rule (--min-tpp)',
          'usage',
        );
      }
      const custom =
        flags.minTpp === undefined
          ? undefined
          : {
              minTpp: flags.minTpp,
              minPd: flags.minPd,
              maxDramBandwidthBytesPerSec:
                flags.bandwidthCapGbps === undefined ? undefined : flags.bandwidthCapGbps * 1e9,
            };
      const part =
        flags.tpp === undefined
          ? undefined
          : {
              tpp: flags.tpp,
              dieAreaMm2: flags.dieArea,
              datacenter: flags.datacenter ? true : flags.consumer ? false : undefined,
              ioGBps: flags.ioGbps,
              dramGBps: flags.dramGbps,
            };
      const report = classifyParts({ gpus: flags.gpu, part, custom, gpuFile: flags.gpuFile });
      const rules: RuleId[] = flags.rule === 'all' ? [...CLASSIFY_RULES] : [flags.rule];
      if (custom) rules.push('custom');
      if (flags.json) {
        const { classificationDocument } = await import('../../results/classification.ts');
        printJson(io, classificationDocument(report));
      } else io.stdout(renderClassify(report, rules));
    });
}
