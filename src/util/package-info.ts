/**
 * Where the package lives and what version it is, from source (tsx, vitest) and from dist/ alike.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The package root: the nearest folder above this module whose package.json is named `tppbench`. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'tppbench') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tppbench: cannot find the package root (package.json)');
    dir = parent;
  }
}

/** The package version from package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

/** True when this code runs from TypeScript sources (tsx, vitest), false from compiled dist/. */
export function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}
