/**
 * Wave and tile quantization of a GEMM on a GPU with `smCount` SMs.
 *
 * The output C[m,n] is cut into tiles of `tileM x tileN` (narrow tiles when m <= 64: see {@link smallTileRows}).
 * One tile runs on one SM; `ceil(tiles / smCount)` waves run one after another, and the last wave may leave SMs
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

/** Row counts small-M kernels pad to, smallest first. */
export const SMALL_M_TILE_ROWS: readonly number[] = [8, 16, 32, 64];

/**
 * Rows of the tile a GEMM with `m <= 64` rows runs on: the smallest of 8/16/32/64 that holds `m`.
 *
 * Production small-batch kernels do not pad decode GEMMs to a 64- or 128-row tile: TensorRT-LLM and
 * cuBLASLt's heuristics pick swap-AB kernels (compute C^T = B^T A^T, so the tiny m becomes the MMA's N
 * dimension, which Hopper wgmma allows in multiples of 8) or narrow-N tiles, and GEMV kernels for m = 1.
 * Padding to a 64-row tile would count up to 64x the real flops at m = 1 and make memory-bound decode look
 * compute-bound. Assumption, not a fit: no calibration point has m < 64 (the smallest are DeepGEMM's
 * M = 64 and M = 128, which keep their 64- and 128-row tiles), so below 64 rows the padding is the only
 * quantization charged and the curve's etaMax is borrowed from large GEMMs.
 */
export function smallTileRows(m: number): number {
  // SMALL_M_TILE_ROWS, unrolled: this runs once per op of every estimate.
  return m <= 8 ? 8 : m <= 16 ? 16 : m <= 32 ? 32 : 64;
}

/**
 * Output tile (rows x columns) by precision: 128x128 for tensor-core types, 64x64 for FP32/FP64; m <= 64
 * runs on {@link smallTileRows} rows.
 */
export function tileShape(precision: Precision, m: number): { tileM: number; tileN: number } {
  const tensor = precision !== 'fp32' && precision !== 'fp64';
  const base = tensor ? 128 : 64;
  return { tileM: m <= 64 ? smallTileRows(m) : base, tileN: base };
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
