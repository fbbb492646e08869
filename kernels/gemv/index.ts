/**
 * `gemv`: y = A x in fp32, the memory-bound matrix-vector product of LLM decode at batch 1.
 * @module
 */
import { dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { gemvBody } from './body.ts';
import { gemvCost } from './cost.ts';
import { gemvReference } from './reference.ts';
import { gemvWasm } from './wasm.ts';
import { gemvWgsl } from './wgsl.ts';

/** The gemv kernel definition. */
export const gemvKernel: KernelDefinition = {
  name: 'gemv',
  summary: 'fp32 matrix-vector product y = A x (A m x k)',
  dims: ['m', 'k'],
  inputs(size, seed) {
    const [m, k] = [dim(size, 'm'), dim(size, 'k')];
    return [randomArray(m * k, seed), randomArray(k, seed + 1)];
  },
  build(factory, size) {
    const [m, k] = [dim(size, 'm'), dim(size, 'k')];
    const kernel = factory.createKernel(gemvBody, { output: [m], constants: { k }, tactic: 'precision' });
    return { run: (inputs) => kernel(inputs[0], inputs[1]), flatten: flattenOutput, compiled: [kernel] };
  },
  wgsl: (size, device) => gemvWgsl(dim(size, 'm'), dim(size, 'k'), device),
  wasm: (factory, size) => gemvWasm(factory, dim(size, 'm'), dim(size, 'k')),
  reference: (inputs, size) => gemvReference(inputs[0]!, inputs[1]!, dim(size, 'm'), dim(size, 'k')),
  cost: (size) => gemvCost(dim(size, 'm'), dim(size, 'k')),
  toleranceRel: (size) => fp32Tolerance(dim(size, 'k')),
};
