/**
 * Wave and tile quantization of a GEMM on a GPU with `smCount` SMs.
 *
 * The output C[m,n] is cut into tiles of `tileM x tileN` (64 rows when m <= 64, as small-M kernels do). One
 * tile runs on one SM; `ceil(tiles / smCount)` waves run one after another, and the last wave may leave SMs
 * idle. When there are fewer tiles than SMs, libraries split K (split-K / stream-K): each tile is cut into
 * `split` chunks of at least {@link MIN_SPLIT_K} along K, up to one chunk per idle SM.
 *
 * `efficiency = useful MACs / (waves x smCount x tileM x tileN x k/split)`: padding of edge tiles and idle
 * SMs in the last wave both lower it. It is 1 when every SM does only useful work.
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import type { GemmShape } from './types.ts';

/** Smallest K chunk a split-K kernel gives one SM (assumption, typical of CUTLASS/cuBLAS heuristics). */
export const MIN_SPLIT_K = 256;

/** Output tile (rows x columns) by precision: 128x128 for tensor-core types, 64x64 for FP32/FP64. */
export function tileShape(precision: Precision, m: number): { tileM: number; tileN: number } {
  const tensor = precision !== 'fp32' && precision !== 'fp64';
  const base = tensor ? 128 : 64;
  return { tileM: m <= 64 ? 64 : base, tileN: base };
}

/** The quantization of one GEMM shape. */
export interface WaveQuantization {
  readonly tiles: number;
  readonly splitK: number;
  readonly waves: number;
  /** Useful fraction of the SM-time spent, in (0, 1]. */
  readonly efficiency: number;
  /** K each SM iterates over (k / splitK). */
  readonly kPerTile: number;
}

/** Wave/tile quantization of `shape` on `smCount` SMs. `smCount` null: no quantization (efficiency 1). */
export function waveQuantization(
  shape: GemmShape,
  precision: Precision,
  smCount: number | null,
): WaveQuantization {
  const { tileM, tileN } = tileShape(precision, shape.m);
  const tilesM = Math.ceil(shape.m / tileM);
  const tilesN = Math.ceil(shape.n / tileN);
  const tiles = tilesM * tilesN * shape.batch;
  const padding = (shape.m * shape.n) / (tilesM * tileM * tilesN * tileN);
  if (smCount === null || smCount <= 0) {
    return { tiles, splitK: 1, waves: 1, efficiency: padding, kPerTile: shape.k };
  }
  let splitK = 1;
  if (tiles < smCount) {
    splitK = Math.max(1, Math.min(Math.floor(smCount / tiles), Math.floor(shape.k / MIN_SPLIT_K)));
  }
  const units = tiles * splitK;
  const waves = Math.ceil(units / smCount);
  const occupancy = units / (waves * smCount);
  return { tiles, splitK, waves, efficiency: padding * occupancy, kPerTile: shape.k / splitK };
}
