/**
 * `reduce-sum`: the sum of n fp32 elements in two levels, both on the backend: sqrt(n) threads each sum a
 * chunk, then one thread sums the partials (gpu.js has no shared-memory reduction). Nothing returns to the
 * host between the levels, so a device-resident run moves no data.
 * @module
 */
import { after, dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition, KernelSize } from '../types.ts';
import { finalSumBody, partialSumBody } from './body.ts';
import { sumCost } from './cost.ts';
import { sumReference } from './reference.ts';
import { sumWasm } from './wasm.ts';
import { sumWgsl } from './wgsl.ts';

function chunkOf(size: KernelSize): number {
  return Math.max(1, Math.ceil(Math.sqrt(dim(size, 'n'))));
}

/** The reduce-sum kernel definition. Inputs are in [0, 1) so the sum is far from zero. */
export const reduceSumKernel: KernelDefinition = {
  name: 'reduce-sum',
  summary: 'sum of n fp32 elements (two-level partial sums on the backend)',
  dims: ['n'],
  inputs: (size, seed) => [randomArray(dim(size, 'n'), seed, 0, 1)],
  build(factory, size) {
    const n = dim(size, 'n');
    const chunk = chunkOf(size);
    const parts = Math.ceil(n / chunk);
    const partial = factory.createKernel(partialSumBody, {
      output: [parts],
      constants: { chunk, n },
      tactic: 'precision',
    });
    const final = factory.createKernel(finalSumBody, {
      output: [1],
      constants: { parts },
      tactic: 'precision',
    });
    return {
      run: (inputs) => after(partial(inputs[0]), (partials) => final(partials)),
      flatten: flattenOutput,
      compiled: [partial, final],
    };
  },
  wgsl: (size, device) => sumWgsl(dim(size, 'n'), device),
  wasm: (factory, size) => sumWasm(factory, dim(size, 'n')),
  reference: (inputs) => sumReference(inputs[0]!),
  cost: (size) => sumCost(dim(size, 'n')),
  toleranceRel: (size) => fp32Tolerance(2 * chunkOf(size)),
};
