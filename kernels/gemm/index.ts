/**
 * `gemm`: C = A B in fp32 over any m, n, k, from square to LLM shapes (tall-skinny, decode-like m = 1..64).
 * @module
 */
import { dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { gemmBody } from './body.ts';
import { gemmCost } from './cost.ts';
import { gemmReference, gemmReferenceRows } from './reference.ts';
import { gemmWasm } from './wasm.ts';
import { gemmWgsl } from './wgsl.ts';

/** The gemm kernel definition. */
export const gemmKernel: KernelDefinition = {
  name: 'gemm',
  summary: 'fp32 matrix multiply C = A B (A m x k, B k x n)',
  dims: ['m', 'n', 'k'],
  inputs(size, seed) {
    const [m, n, k] = [dim(size, 'm'), dim(size, 'n'), dim(size, 'k')];
    return [randomArray(m * k, seed), randomArray(k * n, seed + 1)];
  },
  build(factory, size) {
    const [m, n, k] = [dim(size, 'm'), dim(size, 'n'), dim(size, 'k')];
    const kernel = factory.createKernel(gemmBody, {
      output: [n, m],
      constants: { k, n },
      tactic: 'precision',
    });
    return { run: (inputs) => kernel(inputs[0], inputs[1]), flatten: flattenOutput, compiled: [kernel] };
  },
  wgsl: (size, device) => gemmWgsl(dim(size, 'm'), dim(size, 'n'), dim(size, 'k'), device),
  wasm: (factory, size) => gemmWasm(factory, dim(size, 'm'), dim(size, 'n'), dim(size, 'k')),
  reference(inputs, size) {
    return gemmReference(inputs[0]!, inputs[1]!, dim(size, 'm'), dim(size, 'n'), dim(size, 'k'));
  },
  referenceRows: (inputs, size, rows) =>
    gemmReferenceRows(inputs[0]!, inputs[1]!, dim(size, 'n'), dim(size, 'k'), rows),
  outputRows: (size) => ({ rows: dim(size, 'm'), rowWords: dim(size, 'n') }),
  cost: (size) => gemmCost(dim(size, 'm'), dim(size, 'n'), dim(size, 'k')),
  toleranceRel: (size) => fp32Tolerance(dim(size, 'k')),
};
