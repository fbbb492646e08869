/**
 * `tppbench profile <results.json>`: the local profile and the model self-check of a saved run.
 * @module
 */
import type { Command } from 'commander';
import { cpuRooflineCheckOf } from '../../bench/cpu-roofline.ts';
import { modelSelfCheck } from '../../bench/self-check.ts';
import { renderCpuRooflineCheck, renderLocalProfile, renderSelfCheck } from '../../report/run-profile.ts';
import { readBenchResults } from '../../results/bench-results.ts';
import { type CliIo, printJson } from '../io.ts';
import { catalogCheckOf, renderCatalogCheckOf } from '../local-run.ts';

/** Define `profile` on the command the runner made. */
export function registerProfile(cmd: Command, io: CliIo): void {
  cmd
    .argument('<results>', 'results JSON file')
    .option('--json', 'print JSON')
    .action(async (path: string, flags: { json?: true }) => {
      const results = readBenchResults(path);
      const check = modelSelfCheck(results);
      const catalogCheck = catalogCheckOf(results, path);
      const cpu = cpuRooflineCheckOf(results);
      if (flags.json) {
        const { localProfileDocument } = await import('../../results/local-profile.ts');
        printJson(io, localProfileDocument(check, catalogCheck, cpu));
      } else {
        io.stdout(`${renderLocalProfile(check.profile)}\n\n${renderSelfCheck(check)}\n`);
        const rendered = renderCatalogCheckOf(results, catalogCheck);
        if (rendered) io.stdout(`\n${rendered}\n`);
        if (cpu) io.stdout(`\n${renderCpuRooflineCheck(cpu)}\n`);
      }
    });
}
