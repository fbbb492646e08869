/**
 * Compute efficiency of a tiled op: `eta_c = etaMax x kt / (kt + kHalf) x waveEfficiency`.
 *
 * - `etaMax`: the fraction of dense peak a large, well-shaped GEMM reaches, fitted per curve
 *   (architecture x precision class).
 * - `kt / (kt + kHalf)`: each tile pays a fixed prologue/epilogue (loading the first stages, writing C) that
 *   is worth `kHalf` steps of its K loop; `kt` is the K each tile iterates over after split-K.
 * - `waveEfficiency`: {@link waveQuantization}.
 *
 * This file computes the shape factor; `eta_c = min(1, etaMax x scale x shapeFactor)` is applied where the
 * op is timed (`roofline.ts`).
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import type { GemmShape } from './types.ts';
import { MIN_SPLIT_K, smallTileRows } from './wave.ts';

/** Fitted parameters of one compute curve. */
export interface ComputeCurve {
  readonly etaMax: number;
  readonly kHalf: number;
}

/**
 * The shape-dependent factor of eta_c, `kt / (kt + kHalf) x waveEfficiency`; 1 when `shape` is null. It does
 * not depend on the scenario, so a caller evaluating several scenarios computes it once.
 */
export function shapeEfficiency(
  shape: GemmShape | null,
  precision: Precision,
  smCount: number | null,
  kHalf: number,
): number {
  if (shape === null) return 1;
  // waveQuantization's arithmetic, inlined without its objects (this runs once per op of every estimate);
  // a property test checks the two agree.
  const { m, n, k, batch } = shape;
  const base = precision !== 'fp32' && precision !== 'fp64' ? 128 : 64;
  const tileM = m <= 64 ? smallTileRows(m) : base;
  const tilesM = Math.ceil(m / tileM);
  const tilesN = Math.ceil(n / base);
  const tiles = tilesM * tilesN * batch;
  const padding = (m * n) / (tilesM * tileM * tilesN * base);
  let efficiency = padding;
  let kPerTile = k;
  if (smCount !== null && smCount > 0) {
    let splitK = 1;
    if (tiles < smCount) {
      splitK = Math.max(1, Math.min(Math.floor(smCount / tiles), Math.floor(k / MIN_SPLIT_K)));
    }
    const units = tiles * splitK;
    const waves = Math.ceil(units / smCount);
    efficiency = padding * (units / (waves * smCount));
    kPerTile = k / splitK;
  }
  return (kPerTile / (kPerTile + kHalf)) * efficiency;
}
