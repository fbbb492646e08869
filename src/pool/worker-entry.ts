/**
 * Where worker entry files are and how to start them: `.ts` beside the sources under tsx/vitest (started
 * with `--import tsx`), `.js` in dist/ for the shipped CLI. Chosen by this module's own extension.
 * @module
 */

const fromSource = import.meta.url.endsWith('.ts');

/** The file URL of `workers/<name>` for the current build. */
export function workerEntryUrl(name: 'cpu-worker' | 'device-host'): URL {
  return new URL(`../../workers/${name}${fromSource ? '.ts' : '.js'}`, import.meta.url);
}

/** Node flags a worker needs to load the entry: tsx from sources, nothing from dist. */
export function workerExecArgv(): string[] {
  return fromSource ? ['--import', 'tsx'] : [];
}
