/** Pure renderers of a run on fixed data (inline snapshots). */
import { describe, expect, it } from 'vitest';
import type { SelfCheck } from '../../src/bench/self-check.ts';
import { describeState, formatSeconds, renderCaseLine } from '../../src/report/run.ts';
import { renderLocalProfile, renderSelfCheck } from '../../src/report/run-profile.ts';
import type { Measurement } from '../../src/results/bench-results.ts';

const base = { kernel: 'gemm', size: { m: 2, n: 2, k: 2 }, backend: 'cpu', flops: 16, bytes: 48 } as const;

const completed: Measurement = {
  ...base,
  id: 'gemm/m2-n2-k2',
  state: 'completed',
  ranOn: 'cpu',
  verification: { passed: true, maxRelError: 1.2e-7, toleranceRel: 1e-5 },
  samplesSec: [0.001, 0.002, 0.003],
  statistics: {
    sampleCount: 3,
    minSec: 0.001,
    maxSec: 0.003,
    medianSec: 0.002,
    madSec: 0.001,
    meanSec: 0.002,
    stdDevSec: 0.001,
    rmePercent: 124.2,
    ciLowSec: 0.001,
    ciHighSec: 0.003,
    ciLevel: 0.75,
  },
  flopsPerSec: 8000,
  bytesPerSec: 24000,
};

describe('run renderers', () => {
  it('formats seconds with a unit that fits', () => {
    expect([formatSeconds(2.1), formatSeconds(0.0123), formatSeconds(0.0000456)]).toEqual([
      '2.10 s',
      '12.30 ms',
      '45.6 µs',
    ]);
  });

  it('describes every state', () => {
    expect([
      describeState(completed),
      describeState({
        ...base,
        id: 'x',
        state: 'invalid',
        ranOn: 'cpu',
        verification: {
          passed: false,
          maxRelError: 0.4,
          toleranceRel: 1e-6,
          detail: 'relative error 4.00e-1 exceeds 1.00e-6',
        },
      }),
      describeState({
        ...base,
        id: 'x',
        state: 'errored',
        phase: 'crash',
        error: { name: 'WorkerCrash', message: 'worker died: worker exited with code: 3' },
      }),
      describeState({ ...base, id: 'x', state: 'timed-out', timeoutMs: 2000 }),
    ]).toMatchInlineSnapshot(`
      [
        "ok (err 1e-7)",
        "INVALID (relative error 4.00e-1 exceeds 1.00e-6)",
        "ERRORED (crash: worker died: worker exited with code: 3)",
        "TIMED OUT (> 2,000 ms)",
      ]
    `);
  });

  it('prints one line per finished case', () => {
    expect(renderCaseLine(completed, 1, 4)).toMatchInlineSnapshot(
      `"[1/4] gemm/m2-n2-k2 on cpu: 2.00 ms  0.00 GFLOP/s  0.00 GB/s ok (err 1e-7)"`,
    );
  });

  it('renders the profile and the self-check', () => {
    const check: SelfCheck = {
      profile: {
        machine: 'Test CPU (2 cores)',
        createdAt: '2025-01-01T00:00:00.000Z',
        backends: [
          {
            backend: 'webasm',
            peakFlopsPerSec: 2.5e9,
            peakSource: 'gemm/m256-n256-k256',
            bandwidthBytesPerSec: 4e9,
            bandwidthSource: 'stream-triad/n1048576',
          },
        ],
      },
      rows: [
        {
          id: 'gemm/m256-n256-k256',
          backend: 'webasm',
          measuredSec: 0.0134,
          predictedSec: 0.0134,
          errorPercent: 0,
          bound: 'compute',
          role: 'calibration',
        },
        {
          id: 'gemv/m1024-k1024',
          backend: 'webasm',
          measuredSec: 0.002,
          predictedSec: 0.001,
          errorPercent: -50,
          bound: 'memory',
          role: 'check',
        },
      ],
      skipped: [],
      medianAbsErrorPercent: 50,
    };
    expect(renderLocalProfile(check.profile)).toMatchInlineSnapshot(`
      "Local profile of Test CPU (2 cores)
      backend  peak GFLOP/s  from                 bandwidth GB/s  from
      -------  ------------  -------------------  --------------  ---------------------
      webasm           2.50  gemm/m256-n256-k256            4.00  stream-triad/n1048576"
    `);
    expect(renderSelfCheck(check)).toMatchInlineSnapshot(`
      "Model self-check: the roofline model (same code as for H100) fed the local profile
      case                 backend  measured  predicted  error  bound    note
      -------------------  -------  --------  ---------  -----  -------  ------------------
      gemm/m256-n256-k256  webasm   13.40 ms   13.40 ms    +0%  compute  fitted the profile
      gemv/m1024-k1024     webasm    2.00 ms    1.00 ms   -50%  memory
      median |error| 50% over 1 kernel"
    `);
  });
});
