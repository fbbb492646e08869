/**
 * Measured NCCL bus bandwidth used to fit the collective model. Ids are those of
 * ../shared/reference/microbenchmarks.json. Sources: `azure_*` Azure/AI-benchmarking-guide (NCCL 2.18.5 /
 * 2.20.5, NVLS, in-place); `nvidia_h100_nvls_peak` NVIDIA/nccl-tests#212 (sjeaugey); `h200_nccl_user`
 * NVIDIA/nccl-tests#272; `nccl_h800_allreduce` NVIDIA/nccl#1374; `h100pcie_nvlink_pair_allreduce`
 * NVIDIA/nccl#1161; `h800_nvlink_effective` DeepSeek-V3 report; `deepep_*` DeepEP docs/legacy.md.
 * @module
 */

/**
 * Link classes with their own peak efficiency: `nvls` NVSwitch all-reduce with in-switch reduction,
 * `ring` NVSwitch point-to-point traffic (ring all-gather/reduce-scatter, all-to-all), `bridge` a 2-GPU
 * NVLink bridge on PCIe cards, `nic` the scale-out network.
 */
export type LinkClass = 'nvls' | 'ring' | 'bridge' | 'nic';

/** One measured collective bandwidth. */
export interface CollectivePoint {
  /** Id in microbenchmarks.json; `id/ring` marks the second figure quoted by the same source. */
  readonly id: string;
  readonly gpuId: string;
  readonly linkClass: LinkClass;
  readonly gpuCount: number;
  /**
   * Message size in bytes, or null when the source quotes a peak over a sweep: such points pin the
   * asymptotic efficiency only.
   */
  readonly messageBytes: number | null;
  /** NCCL busBW (or the source's per-GPU bandwidth for non-NCCL points). */
  readonly busBandwidthBytesPerSec: number;
  readonly note?: string;
}

const azureH100 = (messageBytes: number, gbps: number, label: string): CollectivePoint => ({
  id: `azure_h100_nccl_allreduce_${label}`,
  gpuId: 'h100-sxm',
  linkClass: 'nvls',
  gpuCount: 8,
  messageBytes,
  busBandwidthBytesPerSec: gbps * 1e9,
});

/** Every collective calibration point. */
export const COLLECTIVE_POINTS: readonly CollectivePoint[] = [
  azureH100(1e6, 43.7, '1MB'),
  azureH100(16e6, 234.45, '16MB'),
  azureH100(134e6, 400.61, '134MB'),
  azureH100(1e9, 466.35, '1GB'),
  azureH100(8e9, 478.87, '8GB'),
  {
    id: 'azure_h200_nccl_allreduce_8GB',
    gpuId: 'h200-sxm',
    linkClass: 'nvls',
    gpuCount: 8,
    messageBytes: 8e9,
    busBandwidthBytesPerSec: 479.98e9,
  },
  {
    id: 'nvidia_h100_nvls_peak',
    gpuId: 'h100-sxm',
    linkClass: 'nvls',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 480e9,
  },
  {
    id: 'h200_nccl_user',
    gpuId: 'h200-sxm',
    linkClass: 'nvls',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 475e9,
    note: 'peak of a 64KB-4GB sweep; NVLS assumed (NCCL 2.20 default on 8x H200)',
  },
  {
    id: 'nccl_h800_allreduce',
    gpuId: 'h800-sxm',
    linkClass: 'nvls',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 215e9,
    note: 'user-reported peak; algorithm not stated, NVLS assumed as on H100',
  },
  {
    id: 'h100pcie_nvlink_pair_allreduce',
    gpuId: 'h100-pcie',
    linkClass: 'bridge',
    gpuCount: 2,
    messageBytes: null,
    busBandwidthBytesPerSec: 116e9,
    note: 'flat at 1-4 GB messages',
  },
  {
    id: 'nvidia_h100_nvls_peak/ring',
    gpuId: 'h100-sxm',
    linkClass: 'ring',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 370e9,
    note: 'the same source: ring and non-all-reduce collectives reach ~370 GB/s of the 450 GB/s line rate',
  },
  {
    id: 'h800_nvlink_effective',
    gpuId: 'h800-sxm',
    linkClass: 'ring',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 160e9,
  },
  {
    id: 'deepep_h800_intranode_dispatch',
    gpuId: 'h800-sxm',
    linkClass: 'ring',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 153e9,
  },
  {
    id: 'deepep_h800_intranode_combine',
    gpuId: 'h800-sxm',
    linkClass: 'ring',
    gpuCount: 8,
    messageBytes: null,
    busBandwidthBytesPerSec: 158e9,
  },
  {
    id: 'h800_ib_effective',
    gpuId: 'h800-sxm',
    linkClass: 'nic',
    gpuCount: 16,
    messageBytes: null,
    busBandwidthBytesPerSec: 50e9,
  },
  {
    id: 'deepep_h800_internode_ep16',
    gpuId: 'h800-sxm',
    linkClass: 'nic',
    gpuCount: 16,
    messageBytes: null,
    busBandwidthBytesPerSec: 43e9,
  },
  {
    id: 'deepep_h800_internode_ep64',
    gpuId: 'h800-sxm',
    linkClass: 'nic',
    gpuCount: 64,
    messageBytes: null,
    busBandwidthBytesPerSec: 51e9,
  },
];

/**
 * Per-hop latencies from DeepSeek's ISCA'25 paper (microbenchmarks.json `h800_ib_latency_same_leaf`
 * conditions: NVLink 3.33 us; `h800_ib_latency_cross_leaf`: InfiniBand cross-leaf 3.7 us).
 */
export const HOP_LATENCY_SEC = {
  nvlink: 3.33e-6,
  nic: 3.7e-6,
} as const;
