/**
 * The library names parameters by key; the CLI shows each error with the flags the user typed, from the
 * workload's specs (aliases too) and the command's own options.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('library errors name flags in the CLI', () => {
  it.each([
    [
      [
        'estimate',
        'attention',
        '--gpu',
        'h100',
        '--heads',
        '32',
        '--kv-heads',
        '6',
        '--q-len',
        '1',
        '--kv-len',
        '8',
      ],
      'tppbench: --kv-heads 6 must divide --heads 32\n',
    ],
    [
      ['compare', 'allreduce', '--gpus', 'h100', '--bytes', '1GB', '--num-gpus', '1'],
      'tppbench: --gpus-count/--num-gpus must be an integer >= 2 (got "1")\n',
    ],
    [
      ['estimate', 'gemm', '--gpu', 'h100', '--n', '8', '--k', '8'],
      'tppbench: gemm: --m is required (rows of A and C)\n',
    ],
    [
      ['estimate', 'gemm', '--gpu', 'a100-sxm', '--m', '8', '--n', '8', '--k', '8', '--dtype', 'fp8'],
      /^tppbench: --dtype fp8: a100-sxm has no fp8 peak/,
    ],
    [
      ['sweep', 'gemm', '--gpus', 'h100', '--m', '1..8', '--n', '8', '--k', '8', '--max-points', '2'],
      'tppbench: the sweep has 4 points x 1 GPUs = 4 estimates, over the limit of 2: narrow --m or raise --max-points\n',
    ],
    [
      ['sweep', 'gemm', '--gpus', 'h100', '--m', '1.5..8', '--n', '8', '--k', '8'],
      'tppbench: --m: bad sweep range "1.5..8": --m takes integers; the start 1.5 is not one\n',
    ],
    [['classify', '--gpu', 'h2'], /^tppbench: --gpu: unknown GPU "h2"/],
    [
      ['compare', 'gemm', '--gpus', 'h100,h100-sxm', '--m', '8', '--n', '8', '--k', '8'],
      /^tppbench: --gpus: "h100" and/,
    ],
    [['inversions', '--scenario', 'nope'], /^tppbench: --scenario: unknown scenario "nope"/],
    [['gpus', '--sort', 'nope'], /^tppbench: --sort: unknown field "nope"/],
  ])('tppbench %j', (args, stderr) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });
});
