/**
 * DeepEP's published all-to-all figures on H800 (NVLink 400 GB/s bidirectional, one 400 Gb/s CX7 InfiniBand
 * NIC per GPU), the data the DeepEP model ({@link ../deepep.ts}) is fitted to. Ids are those of
 * ../shared/reference/microbenchmarks.json where it has them; the others are rows of the same tables.
 *
 * Source: github.com/deepseek-ai/DeepEP docs/legacy.md (the V1 tables; README.md at d8dd185, 2025-06-05), "Normal
 * kernels with NVLink and RDMA forwarding" and "Low-latency kernels with pure RDMA"; conditions: DeepSeek-V3/R1 pretraining setting for normal
 * kernels (4096 tokens per batch, hidden 7168, top-4 groups, top-8 experts, FP8 dispatch with BF16 combine)
 * and the production inference setting for low-latency kernels (128 tokens per batch, hidden 7168, top-8
 * experts, FP8 dispatch, BF16 combine).
 * @module
 */

/** The GPU the figures were measured on. */
export const DEEPEP_GPU_ID = 'h800-sxm';

/** Which way the tokens go: to their experts (dispatch) or back to their rank (combine). */
export type DeepEpDirection = 'dispatch' | 'combine';

/** A normal-kernel figure: the bottleneck link's bandwidth at an EP size. */
export interface DeepEpNormalPoint {
  readonly id: string;
  readonly ep: number;
  readonly direction: DeepEpDirection;
  /** The bottleneck: NVLink within a node, RDMA across nodes. */
  readonly path: 'nvlink' | 'rdma';
  readonly bandwidthBytesPerSec: number;
}

/** A low-latency-kernel figure: one call's latency at 128 tokens per rank, and the bandwidth it implies. */
export interface DeepEpLowLatencyPoint {
  readonly id: string;
  readonly ep: number;
  readonly direction: DeepEpDirection;
  readonly latencySec: number;
  readonly bandwidthBytesPerSec: number;
}

const normal = (
  id: string,
  ep: number,
  direction: DeepEpDirection,
  path: 'nvlink' | 'rdma',
  gbps: number,
): DeepEpNormalPoint => ({ id, ep, direction, path, bandwidthBytesPerSec: gbps * 1e9 });

/** Normal kernels (prefill and training): bottleneck bandwidth by EP size. */
export const DEEPEP_NORMAL_POINTS: readonly DeepEpNormalPoint[] = [
  normal('deepep_h800_intranode_dispatch', 8, 'dispatch', 'nvlink', 153),
  normal('deepep_h800_intranode_combine', 8, 'combine', 'nvlink', 158),
  normal('deepep_h800_internode_ep16', 16, 'dispatch', 'rdma', 43),
  normal('deepep_h800_internode_ep16/combine', 16, 'combine', 'rdma', 43),
  normal('deepep_h800_internode_ep32', 32, 'dispatch', 'rdma', 58),
  normal('deepep_h800_internode_ep32/combine', 32, 'combine', 'rdma', 57),
  normal('deepep_h800_internode_ep64', 64, 'dispatch', 'rdma', 51),
  normal('deepep_h800_internode_ep64/combine', 64, 'combine', 'rdma', 50),
];

const lowLatency = (
  id: string,
  ep: number,
  direction: DeepEpDirection,
  us: number,
  gbps: number,
): DeepEpLowLatencyPoint => ({
  id,
  ep,
  direction,
  latencySec: us * 1e-6,
  bandwidthBytesPerSec: gbps * 1e9,
});

/** Low-latency kernels (decode): latency of one call at 128 tokens per rank, by EP size. */
export const DEEPEP_LOW_LATENCY_POINTS: readonly DeepEpLowLatencyPoint[] = [
  lowLatency('deepep_h800_ll_ep8_dispatch', 8, 'dispatch', 77, 98),
  lowLatency('deepep_h800_ll_ep16_dispatch', 16, 'dispatch', 118, 63),
  lowLatency('deepep_h800_ll_ep32_dispatch', 32, 'dispatch', 155, 48),
  lowLatency('deepep_h800_ll_ep64_dispatch', 64, 'dispatch', 173, 43),
  lowLatency('deepep_h800_ll_ep128_dispatch', 128, 'dispatch', 192, 39),
  lowLatency('deepep_h800_ll_ep256_dispatch', 256, 'dispatch', 194, 39),
  lowLatency('deepep_h800_ll_ep8_combine', 8, 'combine', 114, 127),
  lowLatency('deepep_h800_ll_ep16_combine', 16, 'combine', 195, 74),
  lowLatency('deepep_h800_ll_ep32_combine', 32, 'combine', 273, 53),
  lowLatency('deepep_h800_ll_ep64_combine', 64, 'combine', 314, 46),
  lowLatency('deepep_h800_ll_ep128_combine', 128, 'combine', 369, 39),
  lowLatency('deepep_h800_ll_ep256_combine', 256, 'combine', 360, 40),
];

/**
 * The test's shape: tokens per rank of the low-latency benchmark, hidden size, experts per token, and the
 * FP8 dispatch's bytes per hidden element plus one 4-byte scale per 128 elements.
 */
export const DEEPEP_TEST = {
  lowLatencyTokens: 128,
  hidden: 7168,
  topK: 8,
  fp8ScaleBlock: 128,
  fp8ScaleBytes: 4,
} as const;

/**
 * SMs DeepEP's normal kernels take for communication on H800 (microbenchmarks.json `h800_comm_sms`: 20 of
 * 132, DeepSeek-V3 report); the low-latency kernels take none while in flight (hook-based receive).
 */
export const DEEPEP_NORMAL_COMM_SMS = 20;
