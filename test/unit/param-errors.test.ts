/**
 * The library names parameters by key; the CLI renders the same errors with its flags. Covers the message
 * type (`msg`, `param`), UserError's `param`/`params`, the CLI's key -> flag namer, and errors from the API
 * and from sweep workers keeping their parameters.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/analysis/sweep.ts';
import { createSweepPool } from '../../src/analysis/sweep-pool.ts';
import { compareWorkload } from '../../src/api/compare.ts';
import { estimateWorkload } from '../../src/api/estimate.ts';
import { cliErrorMessage, flagNamer, nameParams, nameWorkloadParams } from '../../src/cli/flags.ts';
import { isUserError, Message, msg, param, paramList, UserError } from '../../src/errors.ts';
import type { ParamSpec } from '../../src/workloads/params.ts';

const GPUS_COUNT: readonly ParamSpec[] = [
  { key: 'gpusCount', flag: '--gpus-count', aliases: ['--num-gpus'], description: 'GPUs', kind: 'integer' },
];

/** The UserError `fn` throws. */
function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('messages that name parameters', () => {
  it('keep which words are parameters, rendered by key or by any namer', () => {
    const m = msg`${param('kvHeads')} ${6} must divide ${param('heads')} ${32}`;
    expect(m.render()).toBe('kvHeads 6 must divide heads 32');
    expect(String(m)).toBe('kvHeads 6 must divide heads 32');
    expect(m.render((n) => `<${n.key}>`)).toBe('<kvHeads> 6 must divide <heads> 32');
    expect(m.params).toEqual(['kvHeads', 'heads']);
  });

  it('splice a nested message and a parameter list; other values are text', () => {
    const why = msg`${param('batch')} takes integers`;
    const m = msg`${param('batch')}: bad range ${[1, 2]}: ${why}; narrow ${paramList(['m', 'n'])}`;
    expect(m.render()).toBe('batch: bad range 1,2: batch takes integers; narrow m, n');
    expect(m.render((n) => `--${n.key}`)).toBe(
      '--batch: bad range 1,2: --batch takes integers; narrow --m, --n',
    );
    expect(m.params).toEqual(['batch', 'm', 'n']);
  });

  it('a UserError knows its parameters; its message names them by key', () => {
    const e = new UserError(msg`${param('tp')} 3 must divide the 64 attention heads of llama-3-70b`, 'usage');
    expect(e.message).toBe('tp 3 must divide the 64 attention heads of llama-3-70b');
    expect(e.param).toBe('tp');
    expect(e.params).toEqual(['tp']);
    expect(e.kind).toBe('usage');
    expect(e.text.render((n) => `--${n.key}`)).toBe(
      '--tp 3 must divide the 64 attention heads of llama-3-70b',
    );
  });

  it('a plain-text UserError names no parameter; other errors render as their message', () => {
    const e = new UserError('model.json: not a file');
    expect(e.param).toBeUndefined();
    expect(e.params).toEqual([]);
    expect(e.text.render(() => 'x')).toBe('model.json: not a file');
    expect(cliErrorMessage(new Error('boom'), undefined)).toBe('boom');
    expect(new Message(['a']).params).toEqual([]);
  });
});

describe('library errors carry the parameter and name it by key', () => {
  it('compareWorkload with no GPUs names the gpus field, not the --gpus flag', () => {
    const e = userErrorOf(() => compareWorkload({ workload: 'gemm', gpus: [], params: {} }));
    expect(e.message).toBe('gpus: give at least one GPU id');
    expect(e.param).toBe('gpus');
  });

  it('a workload check names its parameters', () => {
    const e = userErrorOf(() =>
      estimateWorkload({
        workload: 'attention',
        gpu: 'h100',
        params: { heads: 32, kvHeads: 6, qLen: 1, kvLen: 8 },
      }),
    );
    expect(e.message).toBe('kvHeads 6 must divide heads 32');
    expect(e.params).toEqual(['kvHeads', 'heads']);
  });

  it('a parse error names the key (aliases are a CLI matter)', () => {
    const e = userErrorOf(() =>
      estimateWorkload({ workload: 'allreduce', gpu: 'h100', params: { bytes: '1GB', gpusCount: 1 } }),
    );
    expect(e.message).toBe('gpusCount must be an integer >= 2 (got 1)');
    expect(e.param).toBe('gpusCount');
    const missing = userErrorOf(() =>
      estimateWorkload({ workload: 'gemm', gpu: 'h100', params: { n: 8, k: 8 } }),
    );
    expect(missing.message).toBe('gemm: m is required (rows of A and C)');
    expect(missing.param).toBe('m');
  });

  it('a precision the GPU lacks names the parameter that chose it', () => {
    const e = userErrorOf(() =>
      estimateWorkload({ workload: 'gemm', gpu: 'a100-sxm', params: { m: 8, n: 8, k: 8, dtype: 'fp8' } }),
    );
    expect(e.message).toMatch(/^dtype fp8: a100-sxm has no fp8 peak/);
    expect(e.param).toBe('dtype');
  });

  it('a UserError raised in a sweep worker comes back with its parameters', async () => {
    const pool = createSweepPool({ threads: 1 });
    try {
      const error = await runSweep({
        workload: 'attention',
        gpus: ['h100-sxm'],
        // Chunks of 2 points: kvHeads 1, 2 pass; the worker's second chunk fails on 3.
        params: { heads: '32', kvHeads: '1..8+1', qLen: '1', kvLen: '64' },
        chunkSize: 2,
        pool,
      }).catch((e: unknown) => e);
      expect(isUserError(error)).toBe(true);
      expect((error as UserError).message).toBe('kvHeads 3 must divide heads 32');
      expect((error as UserError).params).toEqual(['kvHeads', 'heads']);
    } finally {
      await pool.close();
    }
  });
});

describe('the CLI names parameters by their flags', () => {
  const program = new Command('tppbench');
  const sweep = program.command('sweep');
  const allreduce = sweep.command('allreduce');
  nameParams(sweep, { maxEstimates: '--max-points' });
  nameWorkloadParams(allreduce, GPUS_COUNT);
  const name = flagNamer(allreduce);

  it("uses the workload's specs, with aliases where every spelling is wanted", () => {
    expect(name(param('gpusCount'))).toBe('--gpus-count');
    expect(name(param('gpusCount', { allNames: true }))).toBe('--gpus-count/--num-gpus');
  });

  it("takes a field's flag from the command or an ancestor, else the key's kebab-case", () => {
    expect(name(param('maxEstimates'))).toBe('--max-points');
    expect(name(param('gpuFile'))).toBe('--gpu-file');
    expect(flagNamer(undefined)(param('maxEstimates'))).toBe('--max-estimates');
    // A caller that still passes a flag as the key is shown as it is.
    expect(name(param('--local-gpu'))).toBe('--local-gpu');
  });

  it('renders a library error with flags', () => {
    const e = new UserError(
      msg`the sweep is over the limit: narrow ${paramList(['gpusCount'])} or raise ${param('maxEstimates')}`,
    );
    expect(cliErrorMessage(e, allreduce)).toBe(
      'the sweep is over the limit: narrow --gpus-count or raise --max-points',
    );
  });
});
