/**
 * Memory efficiency: the fraction of the catalog bandwidth a streaming kernel reaches, as a line in the
 * fraction of bytes that are reads: `eta_m = intercept + slope x readFraction`, clamped to (0, 1].
 * Read-only kernels (dot) come closest to peak; copy, with half its traffic in writes (bus turnarounds),
 * is lowest.
 * @module
 */

/** Fitted line. */
export interface MemoryLine {
  readonly intercept: number;
  readonly slope: number;
}

/** eta_m for a kernel whose bytes are `readFraction` reads; `scale` moves it for a scenario. */
export function memoryEfficiency(readFraction: number, line: MemoryLine, scale = 1): number {
  const eta = (line.intercept + line.slope * readFraction) * scale;
  return Math.min(1, Math.max(0.05, eta));
}
