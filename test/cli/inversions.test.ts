import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('tppbench inversions (real bin)', () => {
  it('shows H20 beating H100 SXM on small-batch decode and H100 winning prefill', () => {
    const r = runCli(['inversions']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/INVERSION: h20 beats h100-sxm by \d+%; binding: memory bandwidth/);
    expect(r.stdout).toMatch(/h100-sxm wins over h20 by [4-8]\.\d\dx; binding: compute/);
    expect(r.stdout).toMatch(/\d+ scenarios, \d+ restricted-vs-flagship matchups: [1-9]\d* inversions/);
  });

  it('--json carries the outcomes; --gpus picks the data-center parts', () => {
    const r = runCli([
      'inversions',
      '--gpus',
      'h100-sxm,h20',
      '--scenario',
      'decode-small-batch-70b,prefill-70b',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcomes.map((o: { scenario: { id: string } }) => o.scenario.id)).toEqual([
      'decode-small-batch-70b',
      'prefill-70b',
    ]);
    expect(doc.outcomes[0].gpus.map((g: { gpu: string }) => g.gpu)).toEqual(['h100-sxm', 'h20']);
    expect(doc.outcomes[0].matchups[0].verdict).toBe('restricted-wins');
    expect(doc.outcomes[1].matchups[0].verdict).toBe('flagship-wins');
  });

  it('an unknown GPU exits 2 naming --gpus', () => {
    const r = runCli(['inversions', '--gpus', 'h100-sxm,h2O']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gpus: unknown GPU "h2O"/);
  });
});
