import { describe, expect, it } from 'vitest';
import type { InversionScenario } from '../../src/analysis/inversion-scenarios.ts';
import { INVERSION_SCENARIOS } from '../../src/analysis/inversion-scenarios.ts';
import { runInversionsCatalogue, type ScenarioOutcome } from '../../src/analysis/inversions-catalogue.ts';
import { renderInversionsCatalogue } from '../../src/report/inversions-catalogue.ts';

const evaluated = (outcomes: readonly ScenarioOutcome[], id: string) => {
  const o = outcomes.find((x) => x.scenario.id === id);
  if (o?.state !== 'evaluated') throw new Error(`${id} was not evaluated: ${JSON.stringify(o)}`);
  return o;
};

describe('inversions catalogue', () => {
  const outcomes = runInversionsCatalogue({
    scenarios: ['decode-small-batch-70b', 'prefill-70b', 'decode-long-context-96gb', 'consumer-gemm-4090d'],
  });

  it('H20 beats H100 SXM on small-batch 70B decode, bound by memory bandwidth', () => {
    const m = evaluated(outcomes, 'decode-small-batch-70b').matchups.find((x) => x.restricted === 'h20')!;
    expect(m).toMatchObject({ flagship: 'h100-sxm', verdict: 'restricted-wins', binding: 'memory' });
    expect(m.ratio).toBeGreaterThan(1.05);
    expect(m.why).toMatch(/HBM 4\.00 vs 3\.35 TB\/s/);
  });

  it('H100 SXM beats H20 on prefill by several times, bound by compute', () => {
    const m = evaluated(outcomes, 'prefill-70b').matchups.find((x) => x.restricted === 'h20')!;
    expect(m).toMatchObject({ verdict: 'flagship-wins', binding: 'compute' });
    expect(1 / m.ratio!).toBeGreaterThan(4);
    expect(1 / m.ratio!).toBeLessThan(8);
  });

  it('the long-context case fits only in 96 GB', () => {
    const o = evaluated(outcomes, 'decode-long-context-96gb');
    expect(o.gpus.map((g) => [g.gpu, g.fits])).toEqual([
      ['h100-sxm', false],
      ['h800-sxm', false],
      ['h20', true],
    ]);
    expect(o.matchups.find((m) => m.restricted === 'h20')).toMatchObject({
      verdict: 'restricted-wins',
      binding: 'capacity',
    });
  });

  it('consumer scenarios keep their own pair whatever --gpus says', () => {
    const o = runInversionsCatalogue({ gpus: ['h100-sxm', 'h20'], scenarios: ['consumer-gemm-4090d'] });
    expect(evaluated(o, 'consumer-gemm-4090d').gpus.map((g) => g.gpu)).toEqual(['rtx-4090', 'rtx-4090d']);
  });

  it('a scenario whose workload is not registered is reported, not dropped', () => {
    const ghost: InversionScenario = {
      ...INVERSION_SCENARIOS[0]!,
      id: 'ghost',
      workload: 'no-such-workload',
    };
    const bad: InversionScenario = { ...INVERSION_SCENARIOS[0]!, id: 'bad-flag', flags: { '--nope': '1' } };
    const o = runInversionsCatalogue({ catalogue: [ghost, bad] });
    expect(o.map((x) => x.state)).toEqual(['unavailable', 'errored']);
    const text = renderInversionsCatalogue(o);
    expect(text).toContain('not available: workload no-such-workload is not registered');
    expect(text).toContain('error: scenario bad-flag: workload llm-decode has no flag --nope');
  });

  it('bad gpus and scenarios are UserErrors naming the option', () => {
    expect(() => runInversionsCatalogue({ gpus: ['h100-sxm', 'h2O'] })).toThrow(/^gpus: unknown GPU "h2O"/);
    expect(() => runInversionsCatalogue({ gpus: ['h100-sxm'] })).toThrow(/^gpus: give a flagship/);
    expect(() => runInversionsCatalogue({ scenarios: ['nope'] })).toThrow(
      /^scenarios: unknown scenario "nope"/,
    );
  });

  it('every scenario has a unique id and covers the issue list', () => {
    const ids = INVERSION_SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const kinds = new Set(INVERSION_SCENARIOS.map((s) => s.workload));
    for (const k of ['llm-decode', 'llm-prefill', 'training', 'hpc-fp64', 'gemm'])
      expect(kinds.has(k)).toBe(true);
  });
});
