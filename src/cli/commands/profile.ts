/**
 * `tppbench profile <results.json>`: the local profile and the model self-check of a saved run.
 * @module
 */
import type { Command } from 'commander';
import { modelSelfCheck, readBenchResults, renderLocalProfile, renderSelfCheck } from '../../index.ts';
import { type CliIo, printJson } from '../io.ts';
import { catalogCheckOf, renderCatalogCheckOf } from '../local-run.ts';

/** Register the command. */
export function registerProfile(program: Command, io: CliIo): void {
  program
    .command('profile')
    .description('Show the local profile and model self-check of a results file from `tppbench run --out`')
    .argument('<results>', 'results JSON file')
    .option('--json', 'print JSON')
    .action((path: string, flags: { json?: true }) => {
      const results = readBenchResults(path);
      const check = modelSelfCheck(results);
      const catalogCheck = catalogCheckOf(results, path);
      if (flags.json) {
        printJson(io, {
          schemaVersion: 1,
          kind: 'tppbench-local-profile',
          ...check,
          ...(catalogCheck === undefined ? {} : { catalogCheck }),
        });
      } else {
        io.stdout(`${renderLocalProfile(check.profile)}\n\n${renderSelfCheck(check)}\n`);
        const rendered = renderCatalogCheckOf(results, catalogCheck);
        if (rendered) io.stdout(`\n${rendered}\n`);
      }
    });
}
