/**
 * The environment fingerprint stored with every results file: what machine and software measured it.
 * @module
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { BenchEnvironment } from '../results/bench-results.ts';
import { packageRoot, packageVersion } from '../util/package-info.ts';

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

/** Fingerprint this machine; `backends` and `threads` come from the run. */
export function fingerprintEnvironment(
  threads: number,
  backends: BenchEnvironment['backends'],
): BenchEnvironment {
  const cpus = os.cpus();
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
  };
}
