/**
 * Total processing performance (TPP) and performance density (PD), as defined in the ECCN 3A090 technical
 * notes (88 FR 73458, Oct 2023): TPP = 2 x MacTOPS x bit length = dense TOPS x bit length, maximised over
 * the precisions the part supports; sparsity never counts. PD = TPP / applicable die area (mm²).
 * @module
 */
import { BIT_LENGTH, type GpuSpec, PRECISIONS, type Precision } from '../hardware/types.ts';

/** TPP and the precision that sets it. */
export interface TppResult {
  /** TPP, or null when no precision's throughput is known. */
  readonly tpp: number | null;
  /** The precision with the highest dense TOPS x bit length. */
  readonly precision: Precision | null;
  /** Whether every peak that could set the TPP is verified. */
  readonly verified: boolean;
}

/** TPP of one dense throughput figure: ops/s x bit length, in TOPS-bits (the 3A090 unit). */
export function tppOf(denseOpsPerSec: number, bitLength: number): number {
  return (denseOpsPerSec / 1e12) * bitLength;
}

/** TPP of a GPU: the max over its precisions of dense TOPS x bit length. */
export function totalProcessingPerformance(gpu: GpuSpec): TppResult {
  let best: TppResult = { tpp: null, precision: null, verified: true };
  for (const precision of PRECISIONS) {
    const peak = gpu.peakDenseOpsPerSec[precision];
    if (peak.value === null) continue;
    const tpp = tppOf(peak.value, BIT_LENGTH[precision]);
    // On a tie the narrower precision is reported (FP8 rather than TF32 on H20): that is the figure
    // vendors and analysts quote, and the TPP is the same either way.
    // A verified figure wins a tie over an unverified one.
    const tie = best.tpp !== null && Math.abs(tpp - best.tpp) <= 1e-9;
    if (best.tpp === null || (tie ? peak.verified || !best.verified : tpp > best.tpp)) {
      best = { tpp, precision, verified: peak.verified };
    }
  }
  return best;
}

/** PD = TPP / applicable die area; null when either is unknown. */
export function performanceDensity(tpp: number | null, dieAreaMm2: number | null): number | null {
  if (tpp === null || dieAreaMm2 === null || dieAreaMm2 <= 0) return null;
  return tpp / dieAreaMm2;
}
