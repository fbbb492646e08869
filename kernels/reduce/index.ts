/**
 * `reduce-sum`: the sum of n fp32 elements in two passes: sqrt(n) partial sums on the backend, then a
 * host sum of the partials (gpu.js has no shared-memory reduction).
 * @module
 */
import { dim, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition, KernelSize } from '../types.ts';
import { partialSumBody } from './body.ts';
import { sumCost } from './cost.ts';
import { sumReference } from './reference.ts';

function chunkOf(size: KernelSize): number {
  return Math.max(1, Math.ceil(Math.sqrt(dim(size, 'n'))));
}

/** The reduce-sum kernel definition. Inputs are in [0, 1) so the sum is far from zero. */
export const reduceSumKernel: KernelDefinition = {
  name: 'reduce-sum',
  summary: 'sum of n fp32 elements (partial sums + host finish)',
  dims: ['n'],
  inputs: (size, seed) => [randomArray(dim(size, 'n'), seed, 0, 1)],
  build(factory, size) {
    const n = dim(size, 'n');
    const chunk = chunkOf(size);
    const kernel = factory.createKernel(partialSumBody, {
      output: [Math.ceil(n / chunk)],
      constants: { chunk, n },
      tactic: 'precision',
    });
    return {
      run(inputs) {
        const partials = kernel(inputs[0]) as ArrayLike<number>;
        let total = 0;
        for (let i = 0; i < partials.length; i++) total += partials[i]!;
        return Float32Array.of(total);
      },
      flatten: (output) => output as Float32Array,
      compiled: [kernel],
    };
  },
  reference: (inputs) => sumReference(inputs[0]!),
  cost: (size) => sumCost(dim(size, 'n')),
  toleranceRel: (size) => fp32Tolerance(2 * chunkOf(size)),
};
