/**
 * Flops and bytes of the op kinds the model knows. Precision decides the bytes per element; the peak is
 * chosen later, from the GPU.
 * @module
 */
import { BYTES_PER_ELEMENT, type Precision } from '../hardware/types.ts';
import type { OpCost } from './types.ts';

/**
 * Bytes per element of a GEMM's output for an input precision: 8- and 16-bit floating inputs write
 * BF16/FP16, INT8 accumulates into INT32, FP32/TF32/FP64 write their own width.
 */
export function outputBytesPerElement(precision: Precision): number {
  if (precision === 'int8') return 4;
  if (precision === 'tf32') return 4;
  return Math.max(2, BYTES_PER_ELEMENT[precision]);
}

/** C[m,n] = A[m,k] B[k,n], `batch` times: 2mnk flops; A and B read once, C written once. */
export function gemmCost(
  m: number,
  n: number,
  k: number,
  precision: Precision,
  batch = 1,
  op = `gemm ${m}x${n}x${k}`,
): OpCost {
  const inBytes = BYTES_PER_ELEMENT[precision];
  const reads = batch * (m * k + k * n) * inBytes;
  const writes = batch * m * n * outputBytesPerElement(precision);
  return {
    op,
    flops: 2 * m * n * k * batch,
    bytes: reads + writes,
    readFraction: reads / (reads + writes),
    precision,
    shape: { m, n, k, batch },
  };
}

/** STREAM-style kernels over arrays of `arrayBytes` each. */
export type StreamKernel = 'copy' | 'triad';

/** copy `c = a` reads 1 array and writes 1; triad `a = b + s*c` reads 2 and writes 1 (2 flops per element). */
export function streamCost(kernel: StreamKernel, arrayBytes: number, precision: Precision = 'fp32'): OpCost {
  const arrays = kernel === 'copy' ? 2 : 3;
  const elements = arrayBytes / BYTES_PER_ELEMENT[precision];
  return {
    op: `stream ${kernel}`,
    flops: kernel === 'triad' ? 2 * elements : 0,
    bytes: arrays * arrayBytes,
    readFraction: (arrays - 1) / arrays,
    precision: null,
    shape: null,
  };
}

/** An op that only moves bytes (reads `readBytes`, writes `writeBytes`), e.g. an elementwise pass. */
export function memoryCost(op: string, readBytes: number, writeBytes: number, flops = 0): OpCost {
  const bytes = readBytes + writeBytes;
  return {
    op,
    flops,
    bytes,
    readFraction: bytes > 0 ? readBytes / bytes : 1,
    precision: null,
    shape: null,
  };
}
