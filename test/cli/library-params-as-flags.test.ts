/**
 * The library names parameters by key (`gpu`, `kernelModule`); the CLI names them by the flag a user typed.
 * A "this GPU lacks ..." error names the parameter `gpu`: `estimate` takes it as `--gpu`, while `compare`
 * and `sweep` take a list as `--gpus`, and their errors must name that flag.
 */
import { describe, expect, it } from 'vitest';
import { kernelModuleUrls } from '../../src/bench/kernel-loader.ts';
import { isUserError } from '../../src/errors.ts';
import { runCli, tempFile } from '../helpers/cli.ts';

/** Two GPUs the catalog knows but with a fact cleared: no memory bandwidth, no link for a collective. */
const gpuFile = () =>
  tempFile('gpus.json', {
    gpus: [
      { id: 'no-bw', extends: 'h100-sxm', memoryBandwidthBytesPerSec: null },
      { id: 'no-link', extends: 'rtx-4090', pcieBandwidthBytesPerSec: 0, scaleUpBandwidthBytesPerSec: 0 },
    ],
  });

const gemm = ['--m', '1024', '--n', '4096', '--k', '4096'];

describe('a GPU that lacks a fact is named by the flag that chose it', () => {
  it.each([
    [['compare', 'gemm', '--gpus', 'h100-sxm,no-bw', ...gemm], '--gpus no-bw: no memory bandwidth'],
    [
      ['compare', 'allreduce', '--gpus', 'h100-sxm,no-link', '--bytes', '1GB'],
      '--gpus no-link: no NVLink and no PCIe bandwidth in the catalog for a collective',
    ],
    [
      [
        'sweep',
        'gemm',
        '--gpus',
        'h100-sxm,no-bw',
        '--threads',
        '0',
        '--m',
        '1024,2048',
        '--n',
        '8',
        '--k',
        '8',
      ],
      '--gpus no-bw: no memory bandwidth',
    ],
    [
      ['sweep', 'allreduce', '--gpus', 'no-link', '--bytes', '1MB..1GB', '--threads', '2'],
      '--gpus no-link: no NVLink and no PCIe bandwidth',
    ],
    [['estimate', 'gemm', '--gpu', 'no-bw', ...gemm], '--gpu no-bw: no memory bandwidth'],
  ])('tppbench %j', (args, expected) => {
    const r = runCli([...args, '--gpu-file', gpuFile()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tppbench: [^\n]+\n$/);
    expect(r.stderr).toContain(`tppbench: ${expected}`);
  });
});

describe('run: library keys shown as the run flags', () => {
  it('an empty kernel module path: the library says kernelModule, the CLI --kernel-module', () => {
    let error: unknown;
    try {
      kernelModuleUrls(['']);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error) && [error.message, error.param, error.kind]).toEqual([
      'kernelModule: the path is empty',
      'kernelModule',
      'usage',
    ]);
    const r = runCli(['run', 'quick', '--kernel-module', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tppbench: --kernel-module: the path is empty\n');
  });

  it('a filter that matches only cases of other backends names --filter', () => {
    const r = runCli(['run', 'standard', '--backend', 'cpu', '--filter', 'h2d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tppbench: suite standard has no case matching --filter "h2d" for cpu\n');
  });
});
