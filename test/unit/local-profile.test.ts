/** The local profile and self-check of results whose samples are below the timer resolution. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bestLocalBackend, localProfileFromResults } from '../../src/bench/profile.ts';
import { modelSelfCheck } from '../../src/bench/self-check.ts';
import { renderLocalProfile, renderSelfCheck } from '../../src/report/run-profile.ts';
import type { BenchResults } from '../../src/results/bench-results.ts';

const SAMPLE = new URL('../fixtures/results/quick-sample.json', import.meta.url);

/** The quick sample with every sample, statistic and rate of the chosen cases set to 0, as a file. */
/**
 * The sample results with zero times: a results file refuses them when read (see the CLI test), so these
 * tests hand the in-memory document straight to the profile, which must stay finite on its own.
 */
function zeroSampleResults(which: (id: string) => boolean = () => true): BenchResults {
  const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  for (const m of data.measurements) {
    if (m.state !== 'completed' || !which(m.id)) continue;
    m.samplesSec = m.samplesSec.map(() => 0);
    for (const key of Object.keys(m.statistics)) {
      if (key.endsWith('Sec') || key === 'rmePercent') m.statistics[key] = 0;
    }
    m.flopsPerSec = 0;
    m.bytesPerSec = 0;
  }
  return data as BenchResults;
}

const NOT_A_NUMBER = /NaN|Infinity/;

/** Paths of every number in `value` that is NaN or infinite. */
function nonFiniteNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => nonFiniteNumbers(inner, `${path}.${key}`));
}

describe('zero samples', () => {
  it('leave every case out of the profile and the self-check, with why', () => {
    const results = zeroSampleResults();
    const check = modelSelfCheck(results);
    expect(check.profile.backends).toEqual([
      {
        backend: 'webasm',
        peakFlopsPerSec: null,
        peakSource: null,
        bandwidthBytesPerSec: null,
        bandwidthSource: null,
      },
    ]);
    expect(bestLocalBackend(check.profile)).toBeUndefined();
    expect(check.rows).toEqual([]);
    expect(check.skipped.map((s) => s.id)).toEqual([
      'gemm/m128-n128-k128',
      'stream-triad/n1048576',
      'softmax/rows256-cols256',
    ]);
    expect(check.medianAbsErrorPercent).toBeNull();
    expect(nonFiniteNumbers(check)).toEqual([]);
    const text = `${renderLocalProfile(check.profile)}\n${renderSelfCheck(check)}`;
    expect(text).not.toMatch(NOT_A_NUMBER);
    expect(text).toContain('webasm            n/a  n/a              n/a  n/a');
    expect(text).toContain(
      'skipped softmax/rows256-cols256 on webasm: median time is 0 s (below the timer resolution)',
    );
  });

  it('one zero case is left out; the others still fit the profile', () => {
    const results = zeroSampleResults((id) => id.startsWith('softmax'));
    const check = modelSelfCheck(results);
    const [backend] = localProfileFromResults(results).backends;
    expect(backend!.peakSource).toBe('gemm/m128-n128-k128');
    expect(check.rows.map((r) => r.id)).toEqual(['gemm/m128-n128-k128', 'stream-triad/n1048576']);
    expect(check.skipped.map((s) => s.id)).toEqual(['softmax/rows256-cols256']);
    expect(nonFiniteNumbers(check)).toEqual([]);
    expect(renderSelfCheck(check)).not.toMatch(NOT_A_NUMBER);
  });
});
