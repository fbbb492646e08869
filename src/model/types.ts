/**
 * Types shared by the performance model. All times are in seconds inside the model; results convert to ms.
 * @module
 */
import type { Precision } from '../hardware/types.ts';

/** The resource that limits an op or a whole estimate. */
export type Bound = 'compute' | 'memory' | 'interconnect' | 'capacity';

/**
 * Which end of the uncertainty band to evaluate: `nominal` uses the fitted constants and catalog values;
 * `optimistic`/`pessimistic` move every efficiency by its fit tolerance and every unverified spec by
 * {@link UNVERIFIED_SPEC_SPREAD}.
 */
export type Scenario = 'nominal' | 'optimistic' | 'pessimistic';

/** The three scenarios, nominal first. */
export const SCENARIOS: readonly Scenario[] = ['nominal', 'optimistic', 'pessimistic'];

/** Relative spread applied to an unverified catalog figure in the optimistic/pessimistic scenarios. */
export const UNVERIFIED_SPEC_SPREAD = 0.15;

/**
 * How much the efficiency curve behind an estimate is backed by measurements of this GPU: `calibrated (user)`
 * when fitted on the user's own probe of it (`--calibration`).
 */
export type Confidence = 'calibrated' | 'borrowed' | 'calibrated (user)';

/** A GEMM-shaped op: C[m,n] += A[m,k] B[k,n], `batch` independent problems. */
export interface GemmShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch: number;
}

/** Flops and bytes of one op, with how its compute efficiency is to be judged. */
export interface OpCost {
  /** Short label shown in the breakdown, e.g. `gemm 8192x8192x8192`. */
  readonly op: string;
  readonly flops: number;
  /** Bytes moved to and from device memory. */
  readonly bytes: number;
  /** Fraction of `bytes` that are reads (drives memory efficiency). */
  readonly readFraction: number;
  /** Precision of the math (peak and tile sizes); null for a pure data-movement op. */
  readonly precision: Precision | null;
  /** Shape used for wave/tile quantization; null when the op is not tiled like a GEMM. */
  readonly shape: GemmShape | null;
  /**
   * A named kernel's own efficiency at this op's shape (fused attention), already resolved for the GPU: it
   * replaces the GEMM curve's `etaMax x shape factor` and multiplies the memory line. Absent or null: the op
   * is costed on the GEMM curve.
   */
  readonly kernel?: KernelEfficiency | null;
}

/** See {@link OpCost.kernel}. */
export interface KernelEfficiency {
  /** Fraction of dense peak the kernel reaches at this shape (nominal; scenarios scale it). */
  readonly computeEta: number;
  /** Multiplier on the memory line's eta_m (kernel streaming efficiency x thread-block occupancy). */
  readonly memoryFactor: number;
}

/** One row of an estimate's breakdown. */
export interface OpTime {
  readonly op: string;
  readonly flops: number;
  readonly bytes: number;
  readonly timeSec: number;
  readonly bound: Exclude<Bound, 'capacity'>;
}
