import { describe, expect, it } from 'vitest';
import { parseEstimatesDocument } from '../../src/index.ts';
import { runCli } from '../helpers/cli.ts';

describe('tppbench estimate (real bin)', () => {
  it('gemm prints time, range, bound and assumptions', () => {
    const r = runCli(['estimate', 'gemm', '--gpu', 'h100', '--m', '8192', '--n', '8192', '--k', '8192']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/time 1\.374 ms \(range [\d.]+-[\d.]+ ms\)\s+tflops 800\.1/);
    expect(r.stdout).toContain('bound: compute');
    expect(r.stdout).toContain('assumptions:');
  });

  it('--json follows the versioned contract with the exact metric names', () => {
    const r = runCli([
      'estimate',
      'allreduce',
      '--gpu',
      'h20',
      '--bytes',
      '1GB',
      '--num-gpus',
      '8',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = parseEstimatesDocument(JSON.parse(r.stdout), 'stdout');
    const result = doc.results[0]!;
    expect(Object.keys(result.metrics).sort()).toEqual(['algBandwidthGBps', 'busBandwidthGBps', 'timeMs']);
    expect(result.bound).toBe('interconnect');
    expect(result.range.low!).toBeLessThan(result.range.high!);
    const stream = JSON.parse(
      runCli(['estimate', 'stream', '--gpu', 'h100', '--bytes', '1GB', '--json']).stdout,
    );
    expect(Object.keys(stream.results[0].metrics).sort()).toEqual(['bandwidthGBps', 'timeMs']);
  });

  it('a workload that does not fit reports the memory needed, never NaN', () => {
    const r = runCli(['estimate', 'hpc-fp64', '--gpu', 'h100', '--n', '110000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/does not fit: needs 96\.8 GB of 80\.0 GB/);
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it.each([
    [
      ['estimate', 'gemm', '--gpu', 'a100-sxm', '--m', '64', '--n', '64', '--k', '64', '--dtype', 'fp8'],
      /--dtype fp8/,
    ],
    [['estimate', 'allreduce', '--gpu', 'h100', '--bytes', '1MB', '--gpus-count', '1'], /--gpus-count/],
    [['estimate', 'alltoall', '--gpu', 'h100', '--bytes', '1MB', '--num-gpus', '0'], /--num-gpus/],
    [
      ['estimate', 'gemm', '--gpu', 'h100', '--m', '0', '--n', '8', '--k', '8'],
      /--m must be a positive integer/,
    ],
    [['estimate', 'gemm', '--gpu', 'h100', '--m', '-4', '--n', '8', '--k', '8'], /--m/],
    [['estimate', 'stream', '--gpu', 'h100', '--bytes', '0'], /--bytes/],
    [['estimate', 'gemm', '--gpu', 'h100', '--n', '8', '--k', '8'], /--m is required/],
    [['estimate', 'nope', '--gpu', 'h100'], /unknown command 'nope'/],
    [['estimate', 'gemm', '--gpu', 'h100', '--m', '8', '--n', '8', '--k', '8', '--bogus', '1'], /--bogus/],
    [['estimate', 'gemm', '--m', '8', '--n', '8', '--k', '8'], /--gpu/],
  ])('bad input %j exits 2 naming the flag', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
