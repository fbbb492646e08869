/** The estimates JSON contract: a fitting estimate carries every number (null means "does not fit"). */
import { describe, expect, it } from 'vitest';
import { estimateWorkload } from '../../src/api/estimate.ts';
import { estimatesDocument, parseEstimatesDocument } from '../../src/results/estimates.ts';

const fitting = estimateWorkload({ workload: 'gemm', gpu: 'h100', params: { m: 64, n: 64, k: 64 } });
const tooBig = estimateWorkload({ workload: 'hpc-fp64', gpu: 'h100', params: { n: 110_000 } });

/** A document of `estimate` as JSON text and back (NaN and Infinity become null on the way). */
const roundTrip = (e: typeof fitting) => JSON.parse(JSON.stringify(estimatesDocument([e], '0.0.0')));

describe('estimates document', () => {
  it('accepts a fitting estimate and one that does not fit', () => {
    expect(tooBig.fits).toBe(false);
    expect(() => parseEstimatesDocument(roundTrip(fitting), 'doc')).not.toThrow();
    expect(() => parseEstimatesDocument(roundTrip(tooBig), 'doc')).not.toThrow();
  });

  it('refuses a fitting estimate whose timeMs overflowed to null', () => {
    const broken = roundTrip({
      ...fitting,
      metrics: { ...fitting.metrics, timeMs: Number.POSITIVE_INFINITY },
    });
    expect(() => parseEstimatesDocument(broken, 'doc')).toThrow(
      'doc: results[0].metrics.timeMs must be a number when fits is true',
    );
  });

  it('refuses a fitting estimate without a range', () => {
    const broken = roundTrip({ ...fitting, range: { low: Number.NaN, high: 1 } });
    expect(() => parseEstimatesDocument(broken, 'doc')).toThrow(
      'doc: results[0].range.low must be a number when fits is true',
    );
  });
});
