/**
 * Run a suite from the CLI: progress on stderr (a bar on a TTY, lines otherwise) and Ctrl-C that shuts the
 * pool and the device host down before the process exits. Shared by `run` and `start`.
 * @module
 */

import os from 'node:os';
import { cpuRooflineCheckOf } from '../bench/cpu-roofline.ts';
import { localProfileFromResults } from '../bench/profile.ts';
import { createProgressReporter } from '../bench/progress.ts';
import { type RunSuiteOptions, runSuite } from '../bench/runner.ts';
import { type CatalogCheck, catalogSelfCheck, modelSelfCheck } from '../bench/self-check.ts';
import { UserError } from '../errors.ts';
import { loadCatalog } from '../hardware/catalog.ts';
import { WEBGPU_BACKENDS } from '../pool/protocol.ts';
import { renderRunResults } from '../report/run.ts';
import {
  renderCatalogCheck,
  renderCpuRooflineCheck,
  renderLocalProfile,
  renderSelfCheck,
} from '../report/run-profile.ts';
import { type BenchResults, isFailedMeasurement, writeBenchResults } from '../results/bench-results.ts';
import type { CliIo } from './io.ts';

/**
 * `--threads` capped at the core count, with one note on stderr when it was higher: more pool threads than
 * cores only slows each case down and skews its timing. Undefined stays undefined (the runner's default).
 */
export function capThreads(io: CliIo, threads: number | undefined): number | undefined {
  const cores = Math.max(1, os.availableParallelism());
  if (threads === undefined || threads <= cores) return threads;
  io.stderr(`tppbench: --threads ${threads} is more than the ${cores} cores here: using ${cores}`);
  return cores;
}

/** Run `options` with CLI progress and signal handling. */
export async function runSuiteFromCli(
  io: CliIo,
  options: Omit<RunSuiteOptions, 'signal' | 'onProgress'>,
): Promise<BenchResults> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgressReporter(process.stderr, Boolean(process.stderr.isTTY) && io.isTTY);
  let results: BenchResults;
  try {
    results = await runSuite({ ...options, signal: controller.signal, onProgress: progress.onProgress });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const notice = unusedWebGpuFlagNotice(options, results);
  if (notice) io.stderr(`tppbench: ${notice}`);
  return results;
}

/**
 * `--browser` or `--swiftshader` on a run without any WebGPU case (`run quick`: a CPU-only suite, or
 * `--backend cpu`) changes nothing; say so in one line rather than ignore the flag without a word.
 */
export function unusedWebGpuFlagNotice(
  options: Pick<RunSuiteOptions, 'browser' | 'swiftshader'>,
  results: BenchResults,
): string | undefined {
  const flag =
    options.browser !== undefined ? '--browser' : options.swiftshader ? '--swiftshader' : undefined;
  if (flag === undefined || results.measurements.some((m) => WEBGPU_BACKENDS.includes(m.backend)))
    return undefined;
  const where = flag === '--browser' ? 'in the browser' : 'on SwiftShader';
  return `${flag}: no case of suite ${results.suite} ran on WebGPU (${WEBGPU_BACKENDS.join(', ')}); nothing ran ${where}`;
}

/**
 * The self-check against the catalog model of the local GPU, when the run identified one in the catalog;
 * undefined otherwise.
 */
export function catalogCheckOf(results: BenchResults, source = 'results'): CatalogCheck | undefined {
  const catalogId = results.environment.gpu?.catalogId;
  if (!catalogId) return undefined;
  const gpu = loadCatalog().find(catalogId);
  if (!gpu) {
    throw new UserError(
      `${source}: environment.gpu.catalogId ${JSON.stringify(catalogId)} is not a GPU of the catalog`,
    );
  }
  return catalogSelfCheck(results, gpu);
}

/** {@link catalogCheckOf} rendered, when it has rows or says why it did not run; undefined otherwise. */
export function renderCatalogCheckOf(
  results: BenchResults,
  check = catalogCheckOf(results),
): string | undefined {
  const name = results.environment.gpu?.name;
  if (!check || name === undefined) return undefined;
  if (check.notChecked === undefined && check.rows.length === 0 && check.skipped.length === 0)
    return undefined;
  return renderCatalogCheck(check, name);
}

/**
 * Write the results file when asked, print results, local profile and self-check, and set exit code 1 when
 * any case did not complete (errored, timed out or invalid).
 */
export function reportLocalRun(io: CliIo, results: BenchResults, out: string | undefined): void {
  if (out !== undefined) writeBenchResults(out, results);
  io.stdout(`${renderRunResults(results)}\n`);
  io.stdout(`\n${renderLocalProfile(localProfileFromResults(results))}\n`);
  io.stdout(`\n${renderSelfCheck(modelSelfCheck(results))}\n`);
  const catalogCheck = renderCatalogCheckOf(results);
  if (catalogCheck) io.stdout(`\n${catalogCheck}\n`);
  const cpu = cpuRooflineCheckOf(results);
  if (cpu) io.stdout(`\n${renderCpuRooflineCheck(cpu)}\n`);
  if (out !== undefined) io.stdout(`\nresults written to ${out}\n`);
  if (results.measurements.some(isFailedMeasurement)) io.setExitCode(1);
}
