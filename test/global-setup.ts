/**
 * Compile the package once before the tests, so CLI tests run the real bin on current code, and assemble the
 * WebAssembly kernels (dist/wasm), which the wasm-simd backend loads from sources and from dist alike.
 * Type errors do not stop the emit; `npm test` type-checks separately.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  const wasm = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { encoding: 'utf8' });
  if (wasm.error) throw wasm.error;
  if (wasm.status !== 0) throw new Error(`scripts/build-wasm.mjs failed:\n${wasm.stderr}`);
}
