/**
 * Measured GEMM throughput used to fit the compute-efficiency curve. Each point carries its id in
 * ../shared/reference/microbenchmarks.json, where the full conditions and source URL live.
 * Sources (by id prefix): `azure_*` Azure/AI-benchmarking-guide ND H100 v5 / ND H200 v5 results;
 * `deepgemm_*` deepseek-ai/DeepGEMM README @55ab91f; `mamf_*` stas00/ml-engineering accelerator README
 * @744d01e (max achievable matmul, best shape of a sweep); `deftruth_*` DefTruth/CUDA-Learn-Notes hgemm README.
 * @module
 */
import type { Precision } from '../../hardware/types.ts';

/** One measured GEMM. */
export interface GemmPoint {
  /** Id in microbenchmarks.json. */
  readonly id: string;
  /** Catalog id of the GPU it ran on. */
  readonly gpuId: string;
  readonly precision: Precision;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly achievedTflops: number;
  /** Set when part of the point is an assumption, not a measured fact. */
  readonly note?: string;
}

const azure = (gpuId: string, m: number, n: number, k: number, achievedTflops: number): GemmPoint => ({
  id: `azure_${gpuId.split('-')[0]}_cublaslt_fp8_${m}x${n}x${k}`,
  gpuId,
  precision: 'fp8',
  m,
  n,
  k,
  achievedTflops,
});

const deepGemm = (m: number, n: number, k: number, achievedTflops: number): GemmPoint => ({
  id: `deepgemm_h800_${m}x${n}x${k}`,
  gpuId: 'h800-sxm',
  precision: 'fp8',
  m,
  n,
  k,
  achievedTflops,
});

/** Every GEMM calibration point. */
export const GEMM_POINTS: readonly GemmPoint[] = [
  azure('h100-sxm', 1024, 1024, 1024, 274.1),
  azure('h100-sxm', 2048, 2048, 2048, 1011.3),
  azure('h100-sxm', 4096, 4096, 4096, 1216.9),
  azure('h100-sxm', 8192, 8192, 8192, 1290.1),
  azure('h100-sxm', 16384, 16384, 16384, 1377.3),
  azure('h100-sxm', 32768, 32768, 32768, 1382.2),
  azure('h100-sxm', 1024, 2145, 1024, 410.7),
  azure('h100-sxm', 6144, 12288, 12288, 1351.4),
  azure('h100-sxm', 802816, 192, 768, 663.8),
  azure('h200-sxm', 4096, 4096, 4096, 1249.1),
  azure('h200-sxm', 16384, 16384, 16384, 1366.3),
  azure('h200-sxm', 802816, 192, 768, 717.5),
  deepGemm(64, 2112, 7168, 206),
  deepGemm(64, 7168, 16384, 336),
  deepGemm(128, 7168, 16384, 645),
  deepGemm(128, 4096, 7168, 533),
  deepGemm(4096, 2112, 7168, 1009),
  deepGemm(4096, 32768, 512, 751),
  deepGemm(4096, 7168, 16384, 1426),
  {
    id: 'mamf_h100_fp8',
    gpuId: 'h100-sxm',
    precision: 'fp8',
    m: 1024,
    n: 9216,
    k: 14336,
    achievedTflops: 1402.6,
  },
  {
    id: 'mamf_h200_fp8',
    gpuId: 'h200-sxm',
    precision: 'fp8',
    m: 1280,
    n: 4096,
    k: 12032,
    achievedTflops: 1453.4,
  },
  {
    id: 'mamf_h100_bf16',
    gpuId: 'h100-sxm',
    precision: 'bf16',
    m: 2048,
    n: 2048,
    k: 13312,
    achievedTflops: 794.5,
  },
  {
    id: 'mamf_a100_bf16',
    gpuId: 'a100-sxm',
    precision: 'bf16',
    m: 1024,
    n: 10240,
    k: 5120,
    achievedTflops: 271.2,
  },
  {
    id: 'mamf_b200_bf16',
    gpuId: 'b200',
    precision: 'bf16',
    m: 1792,
    n: 16128,
    k: 3072,
    achievedTflops: 1745.0,
  },
  {
    id: 'mamf_b200_fp8',
    gpuId: 'b200',
    precision: 'fp8',
    m: 15360,
    n: 4096,
    k: 3072,
    achievedTflops: 3432.5,
  },
  {
    id: 'deftruth_l20_hgemm',
    gpuId: 'l20',
    precision: 'fp16',
    m: 8192,
    n: 8192,
    k: 8192,
    achievedTflops: 115,
    note: 'shape not stated in the source; a large square (8192^3) is assumed',
  },
];
