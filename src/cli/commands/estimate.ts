/**
 * `tppbench estimate <workload> --gpu <id> [workload flags] [--json]`: one subcommand per registered
 * workload, so unknown workloads and flags are usage errors (exit 2).
 * @module
 */
import { type Command, Option } from 'commander';
import { estimateWorkload } from '../../api/estimate.ts';
import { UserError } from '../../errors.ts';
import { type Estimate, warningMessages } from '../../model/estimate.ts';
import { renderEstimate } from '../../report/estimate.ts';
import { packageVersion } from '../../util/package-info.ts';
import { BUILT_IN_WORKLOADS } from '../../workloads/index.ts';
import type { AnyWorkload } from '../../workloads/types.ts';
import { flagNamer, nameWorkloadParams } from '../flags.ts';
import { type CliIo, printJson } from '../io.ts';

/**
 * Add a workload's parameter flags (as raw strings: the library parses them, and its errors, which name
 * parameters by key, show these flags).
 */
export function addWorkloadOptions(cmd: Command, workload: AnyWorkload): Command {
  nameWorkloadParams(cmd, workload.params);
  for (const p of workload.params) {
    if (p.refused !== undefined) {
      // Taken, so the library can say why it refuses it; not listed in the help.
      cmd.addOption(new Option(`${p.flag} <value>`).hideHelp());
      continue;
    }
    const suffix = p.default === undefined ? ' (required)' : ` (default ${String(p.default)})`;
    if (p.kind === 'flag') cmd.option(p.flag, `${p.description}${suffix}`);
    else cmd.option(`${p.flag} <value>`, `${p.description}${suffix}`);
    for (const alias of p.aliases ?? []) cmd.option(`${alias} <value>`, `same as ${p.flag}`);
  }
  return cmd;
}

const camel = (flag: string) =>
  flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The raw params object of a workload from parsed commander flags (aliases folded in). */
export function workloadParams(
  workload: AnyWorkload,
  flags: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of workload.params) {
    let value = flags[camel(p.flag)];
    for (const alias of p.aliases ?? []) {
      const aliased = flags[camel(alias)];
      if (aliased === undefined) continue;
      if (value !== undefined)
        throw new UserError(`${p.flag} and ${alias} are the same option: give one`, 'usage');
      value = aliased;
    }
    if (value !== undefined) params[p.key] = value;
  }
  return params;
}

/** Define `estimate` on the command the runner made: its workload subcommands. */
export function registerEstimate(estimate: Command, io: CliIo): void {
  for (const workload of BUILT_IN_WORKLOADS) {
    const cmd = estimate
      .command(workload.kind)
      .description(workload.summary)
      .requiredOption('--gpu <id>', 'catalog GPU id or alias');
    addWorkloadOptions(cmd, workload)
      .option('--gpu-file <path>', 'JSON file that adds or overrides GPUs')
      .option('--json', 'print the estimates JSON')
      .addHelpText('after', `\nExample:\n  tppbench estimate ${workload.kind} --gpu h100 ${workload.example}`)
      .action(async (flags: Record<string, unknown>) => {
        const result = estimateWorkload({
          workload: workload.kind,
          gpu: String(flags.gpu),
          params: workloadParams(workload, flags),
          gpuFile: flags.gpuFile as string | undefined,
        });
        printWarnings(io, [result], cmd);
        if (flags.json) {
          const { estimatesDocument } = await import('../../results/estimates.ts');
          const { loadCatalog } = await import('../../hardware/catalog.ts');
          const catalog = loadCatalog({ gpuFile: flags.gpuFile as string | undefined });
          printJson(io, estimatesDocument([result], packageVersion(), undefined, { catalog }));
        } else io.stdout(renderEstimate(result, workload.params));
      });
  }
}

/**
 * Input warnings of the estimates (`Estimate.warnings`), once each, on stderr as `warning: ...`, with the
 * parameters they name written as `command`'s flags.
 */
export function printWarnings(io: CliIo, estimates: readonly Estimate[], command: Command): void {
  const namer = flagNamer(command);
  const warnings = new Set<string>();
  for (const e of estimates) {
    for (const w of warningMessages(e))
      warnings.add(`warning: ${typeof w === 'string' ? w : w.render(namer)}`);
  }
  for (const w of warnings) io.stderr(`tppbench: ${w}`);
}
