/**
 * Small constructors that keep the catalog tables readable: units are converted here, once.
 * @module
 */
import type { GpuSpec, Known, Precision, Sourced } from './types.ts';

/** A verified figure. */
export const fact = <const T>(value: T, source: string): Known<T> => ({ value, source, verified: true });
/** A figure from a weak or recalled source, or derived from an assumption. */
export const unverified = <const T>(value: T, source: string): Known<T> => ({
  value,
  source,
  verified: false,
});
/** A fact that is not known (or does not exist on this part); `source` says which. */
export const unknown = <T = number>(source: string): Sourced<T> => ({ value: null, source, verified: false });

const scale =
  (factor: number) =>
  (s: Sourced<number>): Sourced<number> =>
    s.value === null ? s : { ...s, value: s.value * factor };

/** TFLOPS or TOPS -> ops per second. */
export const tera = scale(1e12);
/** GB or GB/s (decimal) -> bytes or bytes per second. */
export const giga = scale(1e9);
/** TB/s (decimal) -> bytes per second. */
export const teraBytes = scale(1e12);
/** MB (decimal, as vendors quote cache sizes) -> bytes. */
export const mega = scale(1e6);

/** The fields a GPU table supplies; `peakTera` is in TFLOPS/TOPS, the rest already in base units. */
export interface GpuRow extends Omit<GpuSpec, 'peakDenseOpsPerSec' | 'origin'> {
  readonly peakTera: Readonly<Record<Precision, Sourced<number>>>;
}

/** Build a catalog record from a table row (peaks converted from tera-ops to ops). */
export function gpu(row: GpuRow): GpuSpec {
  const { peakTera, ...rest } = row;
  const peakDenseOpsPerSec = Object.fromEntries(
    Object.entries(peakTera).map(([precision, value]) => [precision, tera(value)]),
  ) as Record<Precision, Sourced<number>>;
  return { ...rest, peakDenseOpsPerSec, origin: 'built-in' };
}
