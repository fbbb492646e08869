/**
 * Where worker entry files are and how to start them: `.ts` beside the sources under tsx/vitest (started
 * with `--import tsx`), `.js` in dist/ for the shipped CLI. Chosen by this module's own extension.
 * @module
 */

const fromSource = import.meta.url.endsWith('.ts');

/** The file URL of `workers/<name>` for the current build. */
export function workerEntryUrl(name: 'cpu-worker' | 'device-host' | 'wasm-thread'): URL {
  return new URL(`../../workers/${name}${fromSource ? '.ts' : '.js'}`, import.meta.url);
}

/**
 * The file a plain `Worker` starts for `workers/<name>`: from sources a CommonJS file that requires the `.ts`
 * entry (in a worker thread `--import tsx` hooks `require`, not `import`), from dist the `.js` entry.
 */
export function threadEntryUrl(name: 'wasm-thread'): URL {
  return fromSource ? new URL(`../../workers/${name}.boot.cjs`, import.meta.url) : workerEntryUrl(name);
}

/**
 * From dist, piscina first `require()`s a worker's entry. On Node versions that can `require()` an ES module
 * (20.17+), that loads the entry synchronously, and a worker terminated while it does so (a pool closed
 * right after a short sweep) aborts the whole process with a V8 fatal error (`v8::Module::IsGraphAsync ...`,
 * seen about once in 90 short sweeps under load). With `require(esm)` off in the workers, the `require()`
 * fails cleanly and piscina falls back to `import()`, which a termination interrupts safely.
 */
const REQUIRE_ESM_OFF = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module')
  ? ['--no-experimental-require-module']
  : [];

/** Node flags a worker needs to load the entry: tsx from sources; from dist, no `require()` of ES modules. */
export function workerExecArgv(): string[] {
  return fromSource ? ['--import', 'tsx'] : REQUIRE_ESM_OFF;
}
