/**
 * Measured device-memory bandwidth used to fit the memory-efficiency line. Ids are those of
 * ../shared/reference/microbenchmarks.json. Sources: `azure_*` Azure/AI-benchmarking-guide (BabelStream-style
 * kernels); `flashmla_h800_membound` deepseek-ai/FlashMLA README; `voltagepark_h100_d2d` Voltage Park / AI@GT
 * suite (secondary mirror); `azure_gb200_hbm` Azure GB200 blog (GB200 counted as a B200-class GPU).
 * @module
 */

/** One measured bandwidth. */
export interface MemoryPoint {
  readonly id: string;
  readonly gpuId: string;
  /** Fraction of the moved bytes that are reads: copy 1/2, triad 2/3, dot 1. */
  readonly readFraction: number;
  readonly achievedBytesPerSec: number;
  readonly note?: string;
}

/** Every memory calibration point. */
export const MEMORY_POINTS: readonly MemoryPoint[] = [
  { id: 'azure_h100_hbm_copy', gpuId: 'h100-sxm', readFraction: 1 / 2, achievedBytesPerSec: 2.9e12 },
  { id: 'azure_h100_hbm_triad', gpuId: 'h100-sxm', readFraction: 2 / 3, achievedBytesPerSec: 2.97e12 },
  { id: 'azure_h100_hbm_dot', gpuId: 'h100-sxm', readFraction: 1, achievedBytesPerSec: 3.18e12 },
  { id: 'azure_h200_hbm_copy', gpuId: 'h200-sxm', readFraction: 1 / 2, achievedBytesPerSec: 4.01e12 },
  { id: 'azure_h200_hbm_triad', gpuId: 'h200-sxm', readFraction: 2 / 3, achievedBytesPerSec: 4.15e12 },
  { id: 'azure_h200_hbm_dot', gpuId: 'h200-sxm', readFraction: 1, achievedBytesPerSec: 4.48e12 },
  { id: 'voltagepark_h100_d2d', gpuId: 'h100-sxm', readFraction: 1 / 2, achievedBytesPerSec: 2.903e12 },
  {
    id: 'flashmla_h800_membound',
    gpuId: 'h800-sxm',
    readFraction: 1,
    achievedBytesPerSec: 3.0e12,
    note: 'decode attention reads the KV cache; writes are negligible, so read fraction 1 is assumed',
  },
];
