/**
 * `attention`: one head of scaled dot-product attention, softmax(q k^T / sqrt(d)) v, no mask.
 * @module
 */
import { after, dim, flattenOutput, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { scoreRowMaxBody, scoreRowSumBody, scoresBody, weightedValueBody } from './body.ts';
import { attentionCost } from './cost.ts';
import { attentionReference, attentionReferenceRows } from './reference.ts';
import { attentionWasm } from './wasm.ts';
import { attentionWgsl } from './wgsl.ts';

/** The attention kernel definition: size `{ seq, headDim }`. */
export const attentionKernel: KernelDefinition = {
  name: 'attention',
  summary: 'one attention head softmax(q k^T / sqrt(d)) v, q/k/v seq x headDim',
  dims: ['seq', 'headDim'],
  inputs(size, seed) {
    const length = dim(size, 'seq') * dim(size, 'headDim');
    return [randomArray(length, seed), randomArray(length, seed + 1), randomArray(length, seed + 2)];
  },
  build(factory, size) {
    const [seq, headDim] = [dim(size, 'seq'), dim(size, 'headDim')];
    const constants = { seq, headDim, scale: 1 / Math.sqrt(headDim) };
    const scores = factory.createKernel(scoresBody, { output: [seq, seq], constants, tactic: 'precision' });
    const rowMax = factory.createKernel(scoreRowMaxBody, { output: [seq], constants });
    const rowSum = factory.createKernel(scoreRowSumBody, { output: [seq], constants, tactic: 'precision' });
    const weighted = factory.createKernel(weightedValueBody, {
      output: [headDim, seq],
      constants,
      tactic: 'precision',
    });
    return {
      run(inputs) {
        return after(scores(inputs[0], inputs[1]), (s) =>
          after(rowMax(s), (max) => after(rowSum(s, max), (sum) => weighted(s, max, sum, inputs[2]))),
        );
      },
      flatten: flattenOutput,
      compiled: [scores, rowMax, rowSum, weighted],
    };
  },
  wgsl: (size, device) => attentionWgsl(dim(size, 'seq'), dim(size, 'headDim'), device),
  wasm: (factory, size) => attentionWasm(factory, dim(size, 'seq'), dim(size, 'headDim')),
  reference: (inputs, size) =>
    attentionReference(inputs[0]!, inputs[1]!, inputs[2]!, dim(size, 'seq'), dim(size, 'headDim')),
  referenceRows: (inputs, size, rows) =>
    attentionReferenceRows(inputs[0]!, inputs[1]!, inputs[2]!, dim(size, 'seq'), dim(size, 'headDim'), rows),
  outputRows: (size) => ({ rows: dim(size, 'seq'), rowWords: dim(size, 'headDim') }),
  cost: (size) => attentionCost(dim(size, 'seq'), dim(size, 'headDim')),
  toleranceRel: (size) => fp32Tolerance(dim(size, 'seq') + dim(size, 'headDim')),
};
