/**
 * Small deterministic optimisers for the calibration fits.
 * @module
 */

/** Minimise a unimodal `f` on [lo, hi] by golden-section search; returns the arg-min. */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, iterations = 60): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** `count` evenly spaced values from `lo` to `hi` inclusive. */
export function grid(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** Relative error `predicted / measured - 1`. */
export const relativeError = (predicted: number, measured: number): number => predicted / measured - 1;

/** The 90th percentile of |error|, rounded up to the percent: the band documented in data/fitted.ts. */
export function bandOf(relativeErrors: readonly number[]): number {
  const sorted = relativeErrors.map(Math.abs).sort((a, b) => a - b);
  const q90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] ?? 0;
  return Math.ceil(q90 * 100 - 1e-9) / 100;
}
