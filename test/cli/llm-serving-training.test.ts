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
