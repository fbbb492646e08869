import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { DEFAULT_POLICY, parsePolicy, thresholdFor } from '../../src/regress/policy.ts';
import { mulberry32 } from '../../src/regress/stats.ts';
import type { Direction, Metric, MetricSet, MetricVerdict, Policy } from '../../src/regress/types.ts';
import { compareMetrics, diffInputs } from '../../src/regress/verdicts.ts';

function metric(
  id: string,
  samples: readonly number[],
  extra: Partial<Metric> & { direction?: Direction } = {},
): Metric {
  const sorted = [...samples].sort((x, y) => x - y);
  const value = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : 0;
  return {
    id,
    kernel: id.split(':')[1] ?? id,
    unit: 's',
    direction: 'lower-is-better',
    samples,
    value,
    ...extra,
  };
}

function set(metrics: readonly Metric[], extra: Partial<MetricSet> = {}): MetricSet {
  return { kind: 'tppbench-results', subject: 'quick', fingerprint: {}, metrics, ...extra };
}

/** Ten samples around 1 with +-2% spread, no ties. */
const BASE = [0.98, 0.99, 1.0, 1.01, 1.02, 0.985, 0.995, 1.005, 1.015, 0.975];
const scaled = (k: number) => BASE.map((x) => x * k);

function only(baseline: Metric, current: Metric, policy: Policy = DEFAULT_POLICY): MetricVerdict {
  const outcome = compareMetrics(set([baseline]), set([current]), policy);
  expect(outcome.verdicts).toHaveLength(1);
  return outcome.verdicts[0]!;
}

describe('verdicts of sampled metrics', () => {
  it('pass: a 1% change is within 5%', () => {
    const v = only(metric('run:gemm', BASE), metric('run:gemm', scaled(1.01)));
    expect(v.verdict).toBe('pass');
    expect(v.change).toBeCloseTo(0.01, 12);
    expect(v.reason).toBe('median +1.0% within ±5%');
  });

  it('regressed: time x1.2 (lower is better), U test p = 2 / C(20, 10)', () => {
    const v = only(metric('run:gemm', BASE), metric('run:gemm', scaled(1.2)));
    expect(v.verdict).toBe('regressed');
    expect(v.change).toBeCloseTo(0.2, 12);
    // complete separation of 10 and 10: exact p = 2 / 184756
    expect(v.pValue).toBeCloseTo(2 / 184756, 15);
    expect(v.changeCi![0]).toBeGreaterThan(0.05);
    expect(v.reason).toMatch(/^median \+20\.0% past \+5\.0%, p < 0\.0001, 95% CI \+\d+\.\d%\.\.\+\d+\.\d%$/);
  });

  it('improved: time x0.8', () => {
    const v = only(metric('run:gemm', BASE), metric('run:gemm', scaled(0.8)));
    expect(v.verdict).toBe('improved');
    expect(v.reason).toMatch(/^median -20\.0% past -5\.0%, p < 0\.0001, 95% CI -\d+\.\d%\.\.-\d+\.\d%$/);
  });

  it('higher is better: throughput x0.8 regressed, x1.2 improved', () => {
    const up = { direction: 'higher-is-better' as const, unit: 'flop/s' };
    const base = metric('run:gemm', BASE, up);
    expect(only(base, metric('run:gemm', scaled(0.8), up)).verdict).toBe('regressed');
    expect(only(base, metric('run:gemm', scaled(0.8), up)).reason).toMatch(
      /^median -20\.0% past -5\.0%, p < 0\.0001, 95% CI -\d+\.\d%\.\.-\d+\.\d%$/,
    );
    expect(only(base, metric('run:gemm', scaled(1.2), up)).verdict).toBe('improved');
  });

  it('a change past the threshold without evidence passes, saying so', () => {
    // 5 vs 5 samples, +8% median but interleaved: U test far from 0.01, CI reaches back below +5%
    const a = [1.0, 1.1, 0.9, 1.2, 0.95];
    const b = [1.08, 0.92, 1.25, 1.0, 1.15];
    const v = only(metric('run:k', a), metric('run:k', b), { ...DEFAULT_POLICY, threshold: 0.05 });
    expect(['pass', 'inconclusive']).toContain(v.verdict);
    // with a 50% threshold the noise is inside it: pass, not significant
    const wide = only(metric('run:k', a), metric('run:k', b), { ...DEFAULT_POLICY, threshold: 0.5 });
    expect(wide.verdict).toBe('pass');
    const past = only(metric('run:k', BASE), metric('run:k', scaled(1.06)), {
      ...DEFAULT_POLICY,
      alpha: 1e-9,
    });
    expect(past.verdict).toBe('pass');
    expect(past.reason).toMatch(
      /^median \+6\.0% past \+5\.0% but not significant \(p[^,]*, 95% CI \+\d\.\d%\.\.\+\d\.\d%\)$/,
    );
  });

  it('evidence from the interval alone: constant samples, tiny alpha, the CI clears the threshold', () => {
    // all ties within groups: U test p ~ 0.004 (normal approximation), above alpha 1e-6; CI = [+20%, +20%]
    const v = only(metric('run:k', [1, 1, 1, 1, 1]), metric('run:k', [1.2, 1.2, 1.2, 1.2, 1.2]), {
      ...DEFAULT_POLICY,
      alpha: 1e-6,
    });
    expect(v.pValue).toBeGreaterThan(1e-6);
    expect(v.changeCi![0]).toBeCloseTo(0.2, 12);
    expect(v.verdict).toBe('regressed');
  });

  it('inconclusive: too few samples', () => {
    const v = only(metric('run:k', [1, 1.1, 0.9]), metric('run:k', scaled(1.5)));
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toBe('baseline 3 samples < 5');
    expect(v.pValue).toBeNull();
    const both = only(metric('run:k', [1]), metric('run:k', [2, 2]));
    expect(both.reason).toBe('baseline 1, current 2 samples < 5');
  });

  it('inconclusive: noise wider than the threshold', () => {
    const noisy = [0.5, 1.5, 0.7, 1.3, 1.0, 0.6, 1.4, 0.8, 1.2, 0.9];
    const v = only(
      metric('run:k', noisy),
      metric(
        'run:k',
        [...noisy].reverse().map((x) => x * 1.01),
      ),
    );
    expect(v.verdict).toBe('inconclusive');
    expect(v.changeCi![0]).toBeLessThan(-0.05);
    expect(v.changeCi![1]).toBeGreaterThan(0.05);
    expect(v.reason).toMatch(/^noise: 95% CI -\d+\.\d%\.\.\+\d+\.\d% wider than ±5%$/);
  });

  it('inconclusive without NaN or Infinity: a zero baseline median', () => {
    const v = only(metric('run:k', [0, 0, 0, 0, 0]), metric('run:k', scaled(1)));
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toBe('baseline median 0 is not positive: no ratio');
    expect(v.change).toBeNull();
    // half zeros: some resamples have median 0 -> the interval is not finite
    const half = only(metric('run:k', [0, 0, 0, 0, 1, 1, 1]), metric('run:k', [1, 1, 1, 1, 1, 1, 1]));
    expect(half.verdict).toBe('inconclusive');
    expect(half.changeCi).toBeNull();
    expect(JSON.stringify([v, half])).not.toMatch(/NaN|Infinity|null,"changeCi":\[null/);
  });

  it('thresholds come from the policy: kernel override, id override wins', () => {
    const policy = parsePolicy(
      { overrides: { gemm: { threshold: 0.25 }, 'run:gemm@wgsl': { threshold: 0.1 } } },
      'policy.json',
    );
    const k = metric('run:gemm@webgl', BASE, { kernel: 'gemm' });
    const id = metric('run:gemm@wgsl', BASE, { kernel: 'gemm' });
    const slow = (m: Metric) => ({ ...m, samples: scaled(1.2) });
    expect(only(k, slow(k), policy)).toMatchObject({ verdict: 'pass', threshold: 0.25 });
    expect(only(id, slow(id), policy)).toMatchObject({ verdict: 'regressed', threshold: 0.1 });
  });
});

describe('verdicts of estimates (no samples)', () => {
  const est = (value: number, inputs: Record<string, string>) =>
    metric('estimate:llama:h100:b8', [], { value, inputs, unit: 'tokens/s', direction: 'higher-is-better' });

  it('same value: pass, even with a tiny float difference', () => {
    const v = only(
      est(1000, { 'tool version': '0.1.0' }),
      est(1000 * (1 + 1e-12), { 'tool version': '0.1.0' }),
    );
    expect(v).toMatchObject({ verdict: 'pass', pValue: null, changeCi: null, threshold: 1e-9 });
    expect(v.reason).toBe('estimate within tolerance 1e-9');
  });

  it('a changed value names the inputs that changed', () => {
    const v = only(
      est(1000, { 'tool version': '0.1.0', 'params.batch': '8', gpu: 'h100' }),
      est(900, { 'tool version': '0.2.0', 'params.batch': '16', gpu: 'h100' }),
    );
    expect(v.verdict).toBe('regressed');
    expect(v.change).toBeCloseTo(-0.1, 12);
    expect(v.reason).toBe(
      'estimate -10.0% past tolerance 1e-9; params.batch 8 -> 16; tool version 0.1.0 -> 0.2.0',
    );
    expect(only(est(900, {}), est(1000, {})).reason).toBe(
      'estimate +11.1% past tolerance 1e-9; inputs unchanged',
    );
    expect(only(est(900, {}), est(1000, {})).verdict).toBe('improved');
  });

  it('diffInputs lists added and removed inputs', () => {
    expect(diffInputs({ a: '1', b: '2' }, { b: '2', c: '3' })).toBe('a 1 -> (none); c (none) -> 3');
    expect(diffInputs(undefined, undefined)).toBe('');
  });
});

describe('the check as a whole', () => {
  it('missing sides, mismatches, counts', () => {
    const baseline = set(
      [metric('run:a', BASE), metric('run:gone', BASE), metric('run:u', BASE, { unit: 'ms' })],
      { fingerprint: { backend: 'wgsl', device: 'x', only: '1' } },
    );
    const current = set([metric('run:new', BASE), metric('run:a', scaled(1.3)), metric('run:u', BASE)], {
      kind: 'tppbench-estimates',
      subject: 'full',
      fingerprint: { backend: 'webgpu', device: 'x' },
    });
    const out = compareMetrics(baseline, current, DEFAULT_POLICY);
    expect(out.verdicts.map((v) => [v.id, v.verdict])).toEqual([
      ['run:a', 'regressed'],
      ['run:gone', 'missing-current'],
      ['run:u', 'inconclusive'],
      ['run:new', 'missing-baseline'],
    ]);
    expect(out.verdicts[1]).toMatchObject({
      baseline: 0.9975,
      current: null,
      change: null,
      reason: 'not in current',
    });
    expect(out.verdicts[3]).toMatchObject({ baseline: null, current: 0.9975, reason: 'not in baseline' });
    expect(out.mismatches).toEqual([
      'kind: tppbench-results vs tppbench-estimates',
      'subject: quick vs full',
      'backend: wgsl vs webgpu',
      'run:u: unit ms vs s',
    ]);
    expect(out.counts).toEqual({
      pass: 0,
      regressed: 1,
      improved: 0,
      inconclusive: 1,
      'missing-baseline': 1,
      'missing-current': 1,
    });
  });

  it('the verdict of a metric does not depend on the order of the metrics', () => {
    const ms = [metric('run:a', BASE), metric('run:b', scaled(1.03))];
    const cur = [metric('run:a', scaled(1.04)), metric('run:b', scaled(1.08))];
    const one = compareMetrics(set(ms), set(cur), DEFAULT_POLICY, { seed: 9 });
    const two = compareMetrics(set([...ms].reverse()), set([...cur].reverse()), DEFAULT_POLICY, { seed: 9 });
    expect(two.verdicts.map((v) => v.id)).toEqual(['run:b', 'run:a']);
    expect([...two.verdicts].reverse()).toEqual(one.verdicts);
  });

  it('identical sets are never regressed or improved, and no number is NaN or infinite (property)', () => {
    const samples = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 12 });
    fc.assert(
      fc.property(samples, samples, fc.boolean(), (a, b, up) => {
        const direction: Direction = up ? 'higher-is-better' : 'lower-is-better';
        const ms = [metric('run:a', a, { direction }), metric('run:b', b, { direction })];
        const same = compareMetrics(set(ms), set(ms), DEFAULT_POLICY, { iterations: 200 });
        expect(same.counts.regressed + same.counts.improved).toBe(0);
        const cross = compareMetrics(set([ms[0]!]), set([{ ...ms[1]!, id: 'run:a' }]), DEFAULT_POLICY, {
          iterations: 200,
        });
        for (const v of [...same.verdicts, ...cross.verdicts]) {
          for (const x of [v.baseline, v.current, v.change, v.pValue, ...(v.changeCi ?? [])]) {
            if (x !== null) expect(Number.isFinite(x)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Standard normal from two uniforms (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` metrics of `n` lognormal samples (sigma 5%) around a per-metric time, times `factor`. */
function noisySet(random: () => number, count: number, n: number, factor: number): MetricSet {
  return set(
    Array.from({ length: count }, (_, i) =>
      metric(
        `run:k${i}`,
        Array.from({ length: n }, () => 1e-3 * (1 + i) * factor * Math.exp(0.05 * normal(random))),
      ),
    ),
  );
}

describe('noise (seeded simulations, the issue criteria)', () => {
  it('A/A, the criterion literally: 100 trials of 1 metric x 10 samples; >= 95 trials have no regression', () => {
    let trialsWithRegression = 0;
    for (let trial = 0; trial < 100; trial++) {
      const random = mulberry32(1000 + trial);
      const out = compareMetrics(noisySet(random, 1, 10, 1), noisySet(random, 1, 10, 1), DEFAULT_POLICY, {
        seed: trial,
      });
      if (out.counts.regressed > 0) trialsWithRegression++;
    }
    // measured: 0 (over 2000 such trials: 3, i.e. 0.15%); the criterion allows 5
    expect(trialsWithRegression).toBeLessThanOrEqual(5);
  });

  it('A/A per metric: 100 trials of 10 metrics x 10 samples; at most 1% of the 1000 metrics regress', () => {
    let trialsWithRegression = 0;
    let regressedMetrics = 0;
    for (let trial = 0; trial < 100; trial++) {
      const random = mulberry32(1000 + trial);
      const out = compareMetrics(noisySet(random, 10, 10, 1), noisySet(random, 10, 10, 1), DEFAULT_POLICY, {
        seed: trial,
      });
      regressedMetrics += out.counts.regressed;
      if (out.counts.regressed > 0) trialsWithRegression++;
    }
    // At alpha 0.01, 1 to 6 trials in 100 had a false alarm over 8 seed bases; the default alpha 0.005 halves
    // that, so a suite of 10 kernels keeps to the 95 clean trials of 100.
    expect(regressedMetrics).toBeLessThanOrEqual(5);
    expect(trialsWithRegression).toBeLessThanOrEqual(5);
  });

  it('a planted 20% slowdown (10 samples, sigma 5%) is flagged in >= 95 of 100 trials', () => {
    let flagged = 0;
    for (let trial = 0; trial < 100; trial++) {
      const random = mulberry32(5000 + trial);
      const out = compareMetrics(noisySet(random, 1, 10, 1), noisySet(random, 1, 10, 1.2), DEFAULT_POLICY, {
        seed: trial,
      });
      if (out.verdicts[0]!.verdict === 'regressed') flagged++;
    }
    // measured: 100
    expect(flagged).toBeGreaterThanOrEqual(95);
  });
});

describe('policy', () => {
  it('defaults, and an id override wins over a kernel override', () => {
    expect(parsePolicy({}, 'p.json')).toEqual(DEFAULT_POLICY);
    const p = parsePolicy(
      {
        threshold: 0.1,
        minSamples: 7,
        overrides: { gemm: { threshold: 0.15 }, 'run:gemm/m1024-n1024-k1024@wgsl': { threshold: 0.2 } },
      },
      'p.json',
    );
    expect(p).toMatchObject({ threshold: 0.1, minSamples: 7, alpha: 0.005, estimateTolerance: 1e-9 });
    expect(thresholdFor(p, { id: 'run:gemm/m1024-n1024-k1024@wgsl', kernel: 'gemm' })).toBe(0.2);
    expect(thresholdFor(p, { id: 'run:gemm/m1024-n1024-k1024@cpu', kernel: 'gemm' })).toBe(0.15);
    expect(thresholdFor(p, { id: 'run:stream@cpu', kernel: 'stream' })).toBe(0.1);
    expect(thresholdFor(DEFAULT_POLICY, { id: 'toString', kernel: 'constructor' })).toBe(0.05);
  });

  it('errors name the file and the field', () => {
    const bad = (data: unknown) => () => parsePolicy(data, 'policy.json');
    expect(bad({ threshold: -1 })).toThrow(new UserError('policy.json: threshold must be a positive number'));
    expect(bad({ overrides: { gemm: { threshold: 0 } } })).toThrow(
      'policy.json: overrides.gemm.threshold must be a positive number',
    );
    expect(bad({ overrides: { gemm: { treshold: 0.1 } } })).toThrow(
      'policy.json: unknown field overrides.gemm.treshold',
    );
    expect(bad({ thresold: 0.1 })).toThrow('policy.json: unknown field thresold');
    expect(bad({ minSamples: 1.5 })).toThrow('policy.json: minSamples must be an integer >= 2');
    expect(bad({ alpha: 1 })).toThrow('policy.json: alpha must be a number between 0 and 1');
    expect(bad({ estimateTolerance: '1e-9' })).toThrow(
      'policy.json: estimateTolerance must be a number >= 0',
    );
    expect(bad([])).toThrow(/^policy\.json: /);
  });
});
