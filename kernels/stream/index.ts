/**
 * `stream-copy` and `stream-triad`: the STREAM bandwidth kernels; triad gives the local bandwidth.
 * @module
 */
import { dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { copyBody, triadBody } from './body.ts';
import { copyCost, triadCost } from './cost.ts';
import { copyReference, triadReference } from './reference.ts';
import { copyWasm, triadWasm } from './wasm.ts';
import { copyWgsl, triadWgsl } from './wgsl.ts';

/** The triad scalar, as in STREAM. */
export const TRIAD_SCALAR = 3;

/** The stream-copy kernel definition. */
export const streamCopyKernel: KernelDefinition = {
  name: 'stream-copy',
  summary: 'STREAM copy c = a over n fp32 elements',
  dims: ['n'],
  inputs: (size, seed) => [randomArray(dim(size, 'n'), seed)],
  build(factory, size) {
    const kernel = factory.createKernel(copyBody, { output: [dim(size, 'n')] });
    return { run: (inputs) => kernel(inputs[0]), flatten: flattenOutput, compiled: [kernel] };
  },
  wgsl: (size, device) => copyWgsl(dim(size, 'n'), device),
  wasm: (factory, size) => copyWasm(factory, dim(size, 'n')),
  reference: (inputs) => copyReference(inputs[0]!),
  cost: (size) => copyCost(dim(size, 'n')),
  toleranceRel: () => fp32Tolerance(1),
};

/** The stream-triad kernel definition. */
export const streamTriadKernel: KernelDefinition = {
  name: 'stream-triad',
  summary: 'STREAM triad a = b + s c over n fp32 elements',
  dims: ['n'],
  inputs: (size, seed) => [randomArray(dim(size, 'n'), seed), randomArray(dim(size, 'n'), seed + 1)],
  build(factory, size) {
    const kernel = factory.createKernel(triadBody, {
      output: [dim(size, 'n')],
      constants: { scalar: TRIAD_SCALAR },
    });
    return { run: (inputs) => kernel(inputs[0], inputs[1]), flatten: flattenOutput, compiled: [kernel] };
  },
  wgsl: (size, device) => triadWgsl(dim(size, 'n'), TRIAD_SCALAR, device),
  wasm: (factory, size) => triadWasm(factory, dim(size, 'n'), TRIAD_SCALAR),
  reference: (inputs) => triadReference(inputs[0]!, inputs[1]!, TRIAD_SCALAR),
  cost: (size) => triadCost(dim(size, 'n')),
  toleranceRel: () => fp32Tolerance(2),
};
