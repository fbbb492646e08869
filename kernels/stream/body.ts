/** gpu.js bodies of the STREAM copy and triad kernels; one thread per element. */
import type { Flat, KernelThis } from '../types.ts';

/** Constants the triad body reads. */
export interface TriadConstants {
  readonly scalar: number;
}

/** c[x] = a[x]. */
export function copyBody(this: KernelThis<Record<string, never>>, a: Flat): number {
  return a[this.thread.x]!;
}

/** a[x] = b[x] + scalar c[x]. */
export function triadBody(this: KernelThis<TriadConstants>, b: Flat, c: Flat): number {
  return b[this.thread.x]! + this.constants.scalar * c[this.thread.x]!;
}
