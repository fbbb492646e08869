/**
 * Usage errors through the real bin: each is exit 2 and exactly one line on stderr (no help hint on a second
 * line), and every comma-list flag rejects an empty item naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('usage errors are one line', () => {
  it.each([
    [['gpus', '--bogus']],
    [['gpus', 'extra']],
    [['nosuch']],
    [['run', '--backnd', 'cpu']], // with a "did you mean" suggestion
    [['run', '--backend', 'opengl']],
    [['run', 'a', 'b']],
    [['classify', '--tpp', 'abc']],
    [['estimate', 'gemm']],
    [['estimate', 'nope']],
    [['compare', 'gemm', '--m', '8']],
    [['inversions', '--gpus']],
  ])('tppbench %j', (args) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tppbench: [^\n]+\n$/);
    expect(r.stderr).not.toContain('--help');
  });

  it('a suggestion stays on the line of the error', () => {
    expect(runCli(['run', '--backnd', 'cpu']).stderr).toBe(
      "tppbench: unknown option '--backnd' (Did you mean --backend?)\n",
    );
  });
});

describe('comma-separated lists reject empty items', () => {
  it.each([
    [['classify', '--gpu', 'h100,,h20'], '--gpu <ids>'],
    [['classify', '--gpu', 'h100,'], '--gpu <ids>'],
    [['compare', 'gemm', '--gpus', 'h100,,h20', '--m', '8', '--n', '8', '--k', '8'], '--gpus <ids>'],
    [['inversions', '--gpus', ',h100'], '--gpus <ids>'],
    [['inversions', '--scenario', 'a, ,b'], '--scenario <ids>'],
    [['run', 'quick', '--filter', 'gemm,,gemv'], '--filter <pattern>'],
    [['classify', '--gpu', ','], '--gpu <ids>'],
  ])('tppbench %j names %s', (args, flag) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tppbench: [^\n]+\n$/);
    expect(r.stderr).toContain(`option '${flag}' argument`);
    expect(r.stderr).toMatch(/is empty|must be a comma-separated list/);
  });

  it('a list with spaces around its items still works', () => {
    const r = runCli(['classify', '--gpu', 'h100, h20', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
