/**
 * `tppbench run [suite]`: measure a suite here and print the results, the local profile and the model
 * self-check; `--out` writes the versioned results file, `--json` prints it. Ctrl-C shuts the pool and the
 * device host down before the process exits. Everything the user gave (the output path, the kernel modules,
 * the suite file validated against their kernels) is checked before any work starts. `--shard i/n` measures
 * one part of a split suite (see `shardCases`); `tppbench merge` joins the parts. `--repeat n` runs the cases
 * in n rounds and pools each case's samples (see `poolMeasurements`).
 * @module
 */
import type { Command } from 'commander';
import type { KernelRegistry } from '../../../kernels/registry.ts';
import type { ReportFormat } from '../../api/report-render.ts';
import { kernelModuleUrls, loadKernelRegistry } from '../../bench/kernel-loader.ts';
import { parseShard } from '../../bench/shard.ts';
import { loadSuiteFile } from '../../bench/suite-file.ts';
import { BUILTIN_SUITES, type SuiteDefinition } from '../../bench/suites.ts';
import { UserError } from '../../errors.ts';
import { BACKENDS } from '../../pool/protocol.ts';
import { isFailedMeasurement, writeBenchResults } from '../../results/bench-results.ts';
import { checkOutputPath } from '../../util/output-path.ts';
import { type CliIo, printJson } from '../io.ts';
import { capThreads, reportLocalRun, runSuiteFromCli } from '../local-run.ts';
import { filterPattern, oneOf, positiveInteger } from '../options.ts';
import { addFormatOption, buildReport, commandReportTarget, emitReport } from '../report-output.ts';

/** `tppbench run` flags. */
interface RunFlags {
  backend: 'auto' | (typeof BACKENDS)[number];
  threads?: number;
  out?: string;
  json?: true;
  filter?: string;
  shard?: string;
  repeat?: number;
  kernelTimeout?: number;
  kernelModule?: string[];
  browser?: string | true;
  swiftshader?: true;
  localGpu?: string;
  timing?: 'per-call' | 'device-resident';
  format?: ReportFormat;
  report?: string;
}

/** A built-in suite by name, or a suite file validated against `registry` (built-in and module kernels). */
function resolveSuite(name: string, registry: KernelRegistry): SuiteDefinition {
  if (Object.hasOwn(BUILTIN_SUITES, name)) return BUILTIN_SUITES[name as keyof typeof BUILTIN_SUITES];
  if (name.endsWith('.json')) return loadSuiteFile(name, registry);
  throw new UserError(`suite "${name}": not quick, standard or full, nor a .json suite file`, 'usage');
}

/** Define `run` on the command the runner made. */
export function registerRun(cmd: Command, io: CliIo): void {
  cmd
    .argument('[suite]', 'quick | standard | full | path/to/suite.json', 'quick')
    .option('--backend <name>', `auto|${BACKENDS.join('|')}`, oneOf(['auto', ...BACKENDS] as const), 'auto')
    .option('--threads <n>', 'pool threads for cpu/webasm (default: the core count)', positiveInteger)
    .option('--out <path>', 'write the results file (versioned JSON) here, atomically')
    .option('--json', 'print the results JSON instead of tables')
    .option(
      '--filter <pattern>',
      'only cases whose id contains it (* wildcard, comma = or), e.g. gemm/m1-',
      filterPattern,
    )
    .option(
      '--shard <i/n>',
      'measure only shard i of n (1-based): a round-robin split of the (filtered) cases, for `tppbench merge`',
    )
    .option(
      '--repeat <n>',
      'run the cases n times (1-100) in rounds, every case once a round, and pool their samples',
      positiveInteger,
    )
    .option(
      '--kernel-timeout <ms>',
      'stop a kernel case after this long (default: the suite)',
      positiveInteger,
    )
    .option('--kernel-module <path...>', 'extra kernel modules exporting `kernels: KernelDefinition[]`')
    .option(
      '--browser [path]',
      'run the WebGPU backends (wgsl, webgpu) in Chromium (default: /usr/bin/chromium) instead of dawn.node',
    )
    .option(
      '--swiftshader',
      "WebGPU on Chromium's SwiftShader, a CPU Vulkan (in the browser, or under dawn.node): correctness only",
    )
    .option(
      '--timing <method>',
      'device-resident|per-call: per-call makes gpu.js webgpu upload and read back in every timed call',
      oneOf(['device-resident', 'per-call'] as const),
    )
    .option(
      '--local-gpu <id>',
      'catalog id of the GPU the WebGPU backends run on, if not identified (e.g. h200)',
    )
    .option(
      '--report <file>',
      'also write the run as a report (.html, .md or .json names the format), atomically',
    );
  addFormatOption(cmd, 'print the run as a report instead of the tables').action(
    async (suiteName: string, flags: RunFlags) => {
      if (flags.browser === '') throw new UserError('--browser: the path is empty', 'usage');
      if (flags.out !== undefined) checkOutputPath(flags.out, 'out');
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const { format, json, report: reportFile } = flags;
      const report = commandReportTarget({ format, json, report: reportFile }, 'report');
      const registry = await loadKernelRegistry(kernelModuleUrls(flags.kernelModule ?? []));
      const suite = resolveSuite(suiteName, registry);
      const threads = capThreads(io, flags.threads);
      const results = await runSuiteFromCli(io, {
        suite,
        backend: flags.backend,
        ...(threads === undefined ? {} : { threads }),
        ...(flags.filter === undefined ? {} : { filter: flags.filter }),
        ...(shard === undefined ? {} : { shard }),
        ...(flags.repeat === undefined ? {} : { repeat: flags.repeat }),
        ...(flags.kernelTimeout === undefined ? {} : { kernelTimeoutMs: flags.kernelTimeout }),
        ...(flags.kernelModule === undefined ? {} : { kernelModules: flags.kernelModule }),
        ...(flags.browser === undefined
          ? {}
          : {
              browser: {
                ...(flags.browser === true ? {} : { executablePath: flags.browser }),
                ...(flags.swiftshader ? { swiftshader: true } : {}),
              },
            }),
        ...(flags.localGpu === undefined ? {} : { localGpu: flags.localGpu }),
        ...(flags.swiftshader && flags.browser === undefined ? { swiftshader: true } : {}),
        ...(flags.timing === undefined ? {} : { timingMethod: flags.timing }),
      });
      const failed = results.measurements.some(isFailedMeasurement);
      if (flags.json || (report !== undefined && report.out === undefined)) {
        // The document or the report is all stdout carries; the results file is still written if asked.
        if (flags.out !== undefined) writeBenchResults(flags.out, results);
        if (flags.json) printJson(io, results);
        if (failed) io.setExitCode(1);
      } else reportLocalRun(io, results, flags.out);
      if (report !== undefined) {
        const data = await buildReport([{ file: '(run)', document: results }]);
        if (await emitReport(io, data, report)) io.stdout(`report written to ${report.out}\n`);
      }
    },
  );
}
