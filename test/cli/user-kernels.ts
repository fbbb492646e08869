/**
 * A user's kernel module as a real plain-JavaScript file (what `--kernel-module` loads in the compiled CLI,
 * its device host and its workers): `user-double` works, `user-spin` never returns from its first run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.ts';

const SOURCE = `
function doubleBody(a) {
  return a[this.thread.x] * 2;
}
const base = {
  summary: 'a user kernel',
  dims: ['n'],
  inputs: (size) => [Float32Array.from({ length: size.n }, (_, i) => i)],
  reference: (inputs) => Float64Array.from(inputs[0], (v) => v * 2),
  cost: (size) => ({ flops: size.n, bytes: 8 * size.n }),
  toleranceRel: () => 1e-6,
};
export const kernels = [
  {
    ...base,
    name: 'user-double',
    build(factory, size) {
      const kernel = factory.createKernel(doubleBody, { output: [size.n] });
      return { run: (inputs) => kernel(inputs[0]), flatten: (out) => out, compiled: [kernel] };
    },
  },
  {
    ...base,
    name: 'user-spin',
    build: () => ({
      run() {
        for (;;) {
          // spin: only a killed process stops this
        }
      },
      flatten: (out) => out,
      compiled: [],
    }),
  },
];
`;

/** Write the module into a fresh folder; returns its path. */
export function writeUserKernels(): string {
  const path = join(tempDir(), 'user-kernels.mjs');
  writeFileSync(path, SOURCE);
  return path;
}

/** Write a suite file of `kernels` (each at n = 64) beside nothing else; returns its path. */
export function writeSuite(kernels: readonly string[], extra: Record<string, unknown> = {}): string {
  const path = join(tempDir(), 'suite.json');
  const suite = {
    name: 'user-suite',
    kernels: kernels.map((kernel) => ({ kernel, sizes: [{ n: 64 }] })),
    timing: { warmupRuns: 0, minSamples: 2, minTimeMs: 1, maxTimeMs: 50 },
    ...extra,
  };
  writeFileSync(path, JSON.stringify(suite, null, 2));
  return path;
}
