/**
 * `softmax`: row-wise, numerically stable softmax of a rows x cols fp32 matrix.
 * @module
 */
import { after, dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { normalizeBody, rowMaxBody, rowSumExpBody } from './body.ts';
import { softmaxCost } from './cost.ts';
import { softmaxReference } from './reference.ts';
import { softmaxWasm } from './wasm.ts';
import { softmaxWgsl } from './wgsl.ts';

/** The softmax kernel definition. Inputs are in [-4, 4) so the exponentials spread. */
export const softmaxKernel: KernelDefinition = {
  name: 'softmax',
  summary: 'row-wise softmax of a rows x cols fp32 matrix',
  dims: ['rows', 'cols'],
  inputs: (size, seed) => [randomArray(dim(size, 'rows') * dim(size, 'cols'), seed, -4, 4)],
  build(factory, size) {
    const [rows, cols] = [dim(size, 'rows'), dim(size, 'cols')];
    const constants = { cols };
    const rowMax = factory.createKernel(rowMaxBody, { output: [rows], constants });
    const rowSum = factory.createKernel(rowSumExpBody, { output: [rows], constants, tactic: 'precision' });
    const normalize = factory.createKernel(normalizeBody, {
      output: [cols, rows],
      constants,
      tactic: 'precision',
    });
    return {
      run(inputs) {
        return after(rowMax(inputs[0]), (max) =>
          after(rowSum(inputs[0], max), (sum) => normalize(inputs[0], max, sum)),
        );
      },
      flatten: flattenOutput,
      compiled: [rowMax, rowSum, normalize],
    };
  },
  wgsl: (size, device) => softmaxWgsl(dim(size, 'rows'), dim(size, 'cols'), device),
  wasm: (factory, size) => softmaxWasm(factory, dim(size, 'rows'), dim(size, 'cols')),
  reference: (inputs, size) => softmaxReference(inputs[0]!, dim(size, 'rows'), dim(size, 'cols')),
  cost: (size) => softmaxCost(dim(size, 'rows'), dim(size, 'cols')),
  toleranceRel: (size) => fp32Tolerance(dim(size, 'cols')),
};
