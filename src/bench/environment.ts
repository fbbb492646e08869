/**
 * The environment fingerprint stored with every results file: what machine and software measured it.
 * @module
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { isSoftwareAdapter, rendererName } from '../gpu/acquire.ts';
import type { BenchEnvironment } from '../results/bench-results.ts';
import { packageRoot, packageVersion } from '../util/package-info.ts';
import { cpuPeak } from './cpu-peak.ts';

/** The current commit of the package's git checkout, or null outside one. */
export function gitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: packageRoot(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    }).trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * The software adapter (a CPU implementation of WebGPU) among the adapters of `backends`, by name:
 * `SwiftShader`, else the adapter's own name (`mesa llvmpipe`); undefined when every adapter is a GPU.
 */
export function softwareAdapterName(backends: BenchEnvironment['backends']): string | undefined {
  const adapter = backends.flatMap((b) => (b.adapter ? [b.adapter] : [])).find(isSoftwareAdapter);
  if (adapter === undefined) return undefined;
  const words = `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}`;
  return /swiftshader/i.test(words) ? 'SwiftShader' : rendererName(adapter);
}

/**
 * The software adapter a results file's WebGPU figures come from: its `softwareAdapter` field, else (files
 * written before the field) the one among its recorded adapters; undefined when they come from a GPU.
 */
export function softwareAdapterOf(environment: BenchEnvironment): string | undefined {
  return environment.softwareAdapter ?? softwareAdapterName(environment.backends);
}

/** Fingerprint this machine; `backends` and `threads` come from the run. */
export function fingerprintEnvironment(
  threads: number,
  backends: BenchEnvironment['backends'],
): BenchEnvironment {
  const cpus = os.cpus();
  const peak = cpuPeak();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, os.availableParallelism?.() ?? cpus.length),
    memoryBytes: os.totalmem(),
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    nodeVersion: process.version,
    packageVersion: packageVersion(),
    gitCommit: gitCommit(),
    threads,
    backends,
    ...(peak.flopsPerSec > 0 ? { cpuPeak: { ...peak } } : {}),
  };
}
