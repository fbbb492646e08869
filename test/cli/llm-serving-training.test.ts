import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('llm-serving and training (real bin)', () => {
  it('llm-serving --batch max --json has the contract metrics', () => {
    const r = runCli([
      'estimate',
      'llm-serving',
      '--gpu',
      'h20',
      '--model',
      'llama-3-8b',
      '--batch',
      'max',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).results[0].metrics;
    expect(m.maxBatchPerGpu).toBeGreaterThan(0);
    expect(m.ttftMs).toBeGreaterThan(0);
  });

  it('input warnings name flags on stderr and parameter keys in the JSON, once each', () => {
    const args = ['compare', 'llm-serving', '--gpus', 'h100,h20', '--model', 'mixtral-8x7b'];
    const r = runCli([
      ...args,
      '--input-len',
      '40000',
      '--output-len',
      '100',
      '--ep',
      '3',
      '--dp',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('warning:'));
    expect(lines).toEqual([
      'tppbench: warning: --ep 3 does not divide 8 experts; the busiest GPU holds 3',
      "tppbench: warning: --input-len + --output-len = 40100 positions exceeds mixtral-8x7b's max_position_embeddings (32768)",
    ]);
    const warnings = JSON.parse(r.stdout).results.map((e: { warnings: string[] }) => e.warnings);
    expect(warnings[0]).toEqual([
      'ep 3 does not divide 8 experts; the busiest GPU holds 3',
      "inputLen + outputLen = 40100 positions exceeds mixtral-8x7b's max_position_embeddings (32768)",
    ]);
    expect(warnings[1]).toEqual(warnings[0]);
  });

  it.each([
    [['estimate', 'llm-serving', '--gpu', 'h100', '--model', 'llama-3-70b', '--tp', '3'], /--tp 3/],
    [['estimate', 'llm-serving', '--gpu', 'h100', '--model', 'llama-3-8b', '--batch', '0'], /--batch/],
    [
      ['estimate', 'llm-serving', '--gpu', 'h100', '--model', 'llama-3-8b', '--output-len', '0'],
      /--output-len/,
    ],
    [
      ['estimate', 'llm-serving', '--gpu', 'h100', '--model', 'mixtral-8x7b', '--ep', '16', '--dp', '16'],
      /--ep 16/,
    ],
    [
      ['estimate', 'training', '--gpu', 'h100', '--model', 'llama-3-8b', '--dp', '8', '--global-batch', '12'],
      /--global-batch/,
    ],
  ])('%j exits 2 naming the flag', (args, pattern) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
  });
});
