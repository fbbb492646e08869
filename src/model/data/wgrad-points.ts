/**
 * Published weight-gradient GEMM throughput, to fit how much slower a fine-grained fp8 weight-gradient GEMM
 * runs than the forward GEMM curve predicts for the same shape (the training model's
 * {@link FP8_WGRAD_EFFICIENCY}). Kernel level only: no constant here is fitted to an end-to-end case.
 *
 * Sources: deepseek-ai/DeepGEMM pull request 95 (2025-05-06, "Weight gradient kernels for dense and MoE
 * models"), H800, `wgrad_gemm_fp8_fp8_fp32_nt` ("Weight gradient GEMMs for dense models" table: M x N
 * outputs, K = tokens) and `k_grouped_wgrad_gemm_fp8_fp8_fp32_nt` (its MoE figures as DeepGEMM issue 107
 * quotes them: groups of M x N over an average K per group).
 * @module
 */

/** One weight-gradient GEMM: `groups` GEMMs of m x n over k, at the published rate. */
export interface WgradPoint {
  readonly id: string;
  readonly gpuId: string;
  readonly groups: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly achievedTflops: number;
}

const dense = (m: number, n: number, k: number, achievedTflops: number): WgradPoint => ({
  id: `deepgemm_pr95_wgrad_${m}x${n}x${k}`,
  gpuId: 'h800-sxm',
  groups: 1,
  m,
  n,
  k,
  achievedTflops,
});

const grouped = (groups: number, m: number, n: number, k: number, achievedTflops: number): WgradPoint => ({
  id: `deepgemm_pr95_k_grouped_wgrad_${groups}x${m}x${n}x${k}`,
  gpuId: 'h800-sxm',
  groups,
  m,
  n,
  k,
  achievedTflops,
});

/** Every weight-gradient point. */
export const WGRAD_POINTS: readonly WgradPoint[] = [
  dense(7168, 2112, 4096, 920),
  dense(1536, 24576, 4096, 986),
  dense(512, 32768, 4096, 878),
  dense(16384, 7168, 4096, 994),
  dense(7168, 4096, 4096, 942),
  dense(2048, 7168, 4096, 920),
  dense(7168, 2112, 8192, 1052),
  dense(1536, 24576, 8192, 1092),
  dense(512, 32768, 8192, 1014),
  grouped(4, 7168, 4096, 4096, 939),
  grouped(4, 2048, 7168, 4096, 900),
  grouped(4, 7168, 4096, 8192, 1044),
  grouped(4, 2048, 7168, 8192, 1033),
];

/**
 * A fine-grained fp8 weight-gradient GEMM's rate over the forward curve's prediction at its shape: the
 * median over {@link WGRAD_POINTS} (`npm run validate` prints each point; a unit test refits it).
 */
export const FP8_WGRAD_EFFICIENCY = 0.748;
