/**
 * The model's fitted constants. Every number here is the output of the fits in `../fit/` on the points in
 * this folder (run `npm run validate` to refit and print the residuals; a unit test fails when these drift
 * from a refit). None is tuned to an end-to-end case.
 * @module
 */

import type { CollectiveFit } from '../collectives.ts';
import type { ComputeFitResult } from '../fit/gemm-fit.ts';
import type { MemoryLine } from '../memory-efficiency.ts';

/**
 * Compute: `eta_c = etaMax[curve] x kt/(kt + kHalf) x waveEfficiency`, plus a fixed launch latency per op.
 * Fitted on GEMM_POINTS (26 points; see gemm-points.ts).
 */
export const COMPUTE_FIT: ComputeFitResult = {
  kHalf: 450,
  launchLatencySec: 4.2e-6,
  etaMax: {
    'hopper/tensor-8bit': 0.7608,
    'hopper/tensor-16bit': 0.8825,
    'ampere/tensor-16bit': 0.9677,
    'blackwell/tensor-16bit': 0.9274,
    'blackwell/tensor-8bit': 0.9084,
    'ada/tensor-16bit': 1.0,
  },
};

/** Memory: `eta_m = intercept + slope x readFraction`. Fitted on MEMORY_POINTS (8 points). */
export const MEMORY_FIT: MemoryLine = { intercept: 0.7841, slope: 0.1411 };

/** Collectives: epsilon per link class and the message-size ramp. Fitted on COLLECTIVE_POINTS (17 points). */
export const COLLECTIVE_FIT: CollectiveFit = {
  epsilon: { nvls: 1.0731, ring: 0.794, bridge: 0.3867, nic: 0.9573 },
  rampExponent: 0.68,
  rampHalfBytes: 9.55e6,
};

/**
 * Uncertainty bands: the 90th percentile of |predicted/measured - 1| over each fit's points, rounded up to
 * the percent. They set the optimistic/pessimistic scenarios and are the documented fit tolerance (every
 * point is within the max, reported by `npm run validate`). A borrowed curve doubles the compute band.
 */
export const FIT_BANDS = { compute: 0.13, memory: 0.04, collective: 0.07 } as const;

/**
 * Documented fit tolerance: every calibration point's |predicted/measured - 1| is at most this (tested).
 * The GEMM outlier is mamf_h200_fp8 (-22%): a best-of-sweep shape whose library kernel avoids the wave
 * quantization the model charges.
 */
export const FIT_TOLERANCE = { compute: 0.25, memory: 0.05, collective: 0.12 } as const;
