/**
 * Hopper-generation parts (GH100 die). Figures from ../shared/reference/gpu-specs.md, tables A.1 and A.2;
 * source keys resolve in `../sources.ts`. Dense throughput only (sparse = 2x dense is never used).
 * @module
 */
import { fact, giga, gpu, mega, teraBytes, unknown, unverified } from '../define.ts';
import type { GpuSpec } from '../types.ts';

const GH100_DIE = fact(814, 'CnC: GH100 814 mm² (full die 144 SM, 60 MB L2)');
const PCIE5 = fact(128e9, 'NV-H100ds: PCIe Gen5 x16, 128 GB/s');
const NIC_400G = unverified(
  50e9,
  'DS-V3: one 400 Gb/s CX7 NIC per GPU (50 GB/s), assumed for this HGX-class part',
);
const LMSYS_PEAKS = 'LMSYS-H20 table; DS-ISCA';
const HOPPER_ARCH = fact('hopper', 'CnC: GH100 die (Hopper)');

/** H100 SXM5 80GB. */
export const H100_SXM: GpuSpec = gpu({
  id: 'h100-sxm',
  name: 'H100 SXM5 80GB',
  aliases: ['h100', 'h100-sxm5', 'h100sxm'],
  architecture: HOPPER_ARCH,
  peakTera: {
    fp64: fact(33.5, 'NV-H100ds; GK'),
    'fp64-tensor': fact(67, 'NV-H100ds; GK'),
    fp32: fact(67, 'NV-H100ds; GK'),
    tf32: fact(494.7, 'GK dense table (datasheet 989 sparse / 2)'),
    bf16: fact(989.4, 'GK dense table (datasheet 1,979 sparse / 2)'),
    fp16: fact(989.4, 'GK dense table (datasheet 1,979 sparse / 2)'),
    fp8: fact(1979, 'NV-H100ds; GK (1,978.9)'),
    int8: fact(1979, 'NV-H100ds'),
    fp4: unknown('not supported on Hopper'),
  },
  memoryCapacityBytes: giga(fact(80, 'NV-H100ds: 80 GB HBM3')),
  memoryBandwidthBytesPerSec: teraBytes(fact(3.35, 'NV-H100ds')),
  scaleUpBandwidthBytesPerSec: giga(fact(900, 'NV-H100ds: NVLink 900 GB/s bidirectional')),
  scaleUpFabric: fact('nvswitch', 'NV-H100ds: HGX/DGX H100 boards of 4 or 8 GPUs, NVLink through NVSwitch'),
  scaleOutBandwidthBytesPerSec: NIC_400G,
  pcieBandwidthBytesPerSec: PCIE5,
  tdpWatts: fact(700, 'NV-H100ds'),
  dieAreaMm2: GH100_DIE,
  smCount: fact(132, 'NV-H100ds; CnC'),
  l2CacheBytes: mega(fact(50, 'CnC')),
  datacenter: fact(true, 'NV-H100ds'),
  launchDate: fact('2022-03', 'NV-H100ds: announced Mar 2022, shipping Q3/Q4 2022'),
});

/** H100 PCIe 80GB. */
export const H100_PCIE: GpuSpec = gpu({
  id: 'h100-pcie',
  name: 'H100 PCIe 80GB',
  aliases: ['h100pcie'],
  architecture: HOPPER_ARCH,
  peakTera: {
    fp64: fact(26, 'NV-H100ds; PH'),
    'fp64-tensor': fact(51, 'NV-H100ds; PH'),
    fp32: fact(51, 'NV-H100ds; PH'),
    tf32: fact(378, 'NV-H100ds; PH'),
    bf16: fact(756.5, 'NV-H100ds; PH; MLE'),
    fp16: fact(756.5, 'NV-H100ds; PH; MLE'),
    fp8: fact(1513, 'NV-H100ds; PH; MLE'),
    int8: fact(1513, 'NV-H100ds; PH'),
    fp4: unknown('not supported on Hopper'),
  },
  memoryCapacityBytes: giga(fact(80, 'NV-H100ds: 80 GB HBM2e')),
  memoryBandwidthBytesPerSec: teraBytes(fact(2.0, 'NV-H100ds; PB (">2,000 GBps")')),
  scaleUpBandwidthBytesPerSec: giga(fact(600, 'NV-H100ds: NVLink bridge 600 GB/s')),
  scaleUpFabric: fact('bridge', 'NV-H100ds: NVLink bridge between two cards'),
  scaleOutBandwidthBytesPerSec: unknown('no reference design for PCIe servers'),
  pcieBandwidthBytesPerSec: PCIE5,
  tdpWatts: fact(350, 'PB: 300-350 W configurable; upper bound'),
  dieAreaMm2: GH100_DIE,
  smCount: fact(114, 'CnC'),
  l2CacheBytes: mega(fact(50, 'CnC')),
  datacenter: fact(true, 'NV-H100ds'),
  launchDate: fact('2022-10', 'NV-H100ds'),
});

/** H800 SXM: H100 compute with NVLink cut to 400 GB/s and FP64 cut (China variant, 2023). */
export const H800_SXM: GpuSpec = gpu({
  id: 'h800-sxm',
  name: 'H800 SXM5 80GB',
  aliases: ['h800', 'h800-sxm5', 'h800sxm'],
  architecture: HOPPER_ARCH,
  peakTera: {
    fp64: unverified(1, 'DS-ISCA: "reduced FP64 computational performance"; 1 TFLOPS only in weak sources'),
    'fp64-tensor': unverified(1, 'DS-ISCA: reduced FP64; 1 TFLOPS only in weak sources'),
    fp32: unverified(67, 'recalled: same SMs as H100 SXM'),
    tf32: unverified(494.7, 'recalled: same tensor cores as H100 SXM'),
    bf16: fact(989, LMSYS_PEAKS),
    fp16: fact(989, LMSYS_PEAKS),
    fp8: fact(1979, LMSYS_PEAKS),
    int8: unverified(1979, 'derived: equal to H100 SXM (same tensor cores)'),
    fp4: unknown('not supported on Hopper'),
  },
  memoryCapacityBytes: giga(fact(80, 'LMSYS-H20: 80 GB HBM3')),
  memoryBandwidthBytesPerSec: giga(fact(3352, 'LMSYS-H20: 3,352 GB/s')),
  scaleUpBandwidthBytesPerSec: giga(
    fact(400, 'DS-ISCA: "NVLink bandwidth in H800 SXM nodes is reduced from 900 GB/s to 400 GB/s"'),
  ),
  scaleUpFabric: fact('nvswitch', 'DS-V3: 8 GPUs per node connected by NVLink and NVSwitch'),
  scaleOutBandwidthBytesPerSec: giga(fact(50, 'DS-V3: one 400 Gb/s CX7 IB NIC per GPU')),
  pcieBandwidthBytesPerSec: unverified(128e9, 'recalled: PCIe Gen5 x16'),
  tdpWatts: unverified(700, 'recalled: as H100 SXM'),
  dieAreaMm2: GH100_DIE,
  smCount: fact(132, 'DS-V3: "20 out of the 132 SMs available in the H800"'),
  l2CacheBytes: unverified(50e6, 'recalled: as H100 SXM'),
  datacenter: fact(true, 'DS-V3 (data-center cluster part)'),
  launchDate: fact('2023-03', 'DS-ISCA; reference table A.2'),
});

/** H800 PCIe: mostly recalled datasheet figures, so nearly every field is unverified. */
export const H800_PCIE: GpuSpec = gpu({
  id: 'h800-pcie',
  name: 'H800 PCIe 80GB',
  aliases: ['h800pcie'],
  architecture: HOPPER_ARCH,
  peakTera: {
    fp64: unverified(0.8, 'recalled H800 PCIe datasheet'),
    'fp64-tensor': unverified(0.8, 'recalled H800 PCIe datasheet'),
    fp32: unverified(51, 'recalled H800 PCIe datasheet'),
    tf32: unverified(378, 'recalled H800 PCIe datasheet'),
    bf16: unverified(756.5, 'recalled H800 PCIe datasheet'),
    fp16: unverified(756.5, 'recalled H800 PCIe datasheet'),
    fp8: fact(1513, 'practitioner book fork cites 1.51e15 FP8 for H800 PCIe (S)'),
    int8: unverified(1513, 'recalled H800 PCIe datasheet'),
    fp4: unknown('not supported on Hopper'),
  },
  memoryCapacityBytes: unverified(80e9, 'recalled: 80 GB HBM2e'),
  memoryBandwidthBytesPerSec: unverified(2.0e12, 'recalled: 2.0 TB/s'),
  scaleUpBandwidthBytesPerSec: unverified(400e9, 'recalled: NVLink bridge 400 GB/s'),
  scaleUpFabric: unverified('bridge', 'recalled: NVLink bridge between two cards, as H100 PCIe'),
  scaleOutBandwidthBytesPerSec: unknown('no reference design for PCIe servers'),
  pcieBandwidthBytesPerSec: PCIE5,
  tdpWatts: unverified(350, 'recalled'),
  dieAreaMm2: GH100_DIE,
  smCount: unverified(114, 'recalled: as H100 PCIe'),
  l2CacheBytes: unverified(50e6, 'recalled: as H100 PCIe'),
  datacenter: fact(true, 'PCIe data-center card'),
  launchDate: unverified('2023-03', 'reference table A.2: 2023'),
});

const H20_PEAKS = {
  fp64: fact(1, 'H20-leak (zangshuxian: FP64 1)'),
  'fp64-tensor': unknown('H20-leak: not listed'),
  fp32: fact(44, 'H20-leak (zangshuxian: FP32 44)'),
  tf32: fact(74, 'H20-leak (zangshuxian: TF32 74)'),
  bf16: fact(148, 'H20-leak; LMSYS-H20 (BF16 148)'),
  fp16: fact(148, 'H20-leak (FP16 148)'),
  fp8: fact(296, 'H20-leak; LMSYS-H20 (FP8 296)'),
  int8: fact(296, 'H20-leak (INT8 296)'),
  fp4: unknown('not supported on Hopper'),
} as const;

/** H20 96GB: TPP under the 3A090 thresholds, but more HBM bandwidth and memory than H100. */
export const H20: GpuSpec = gpu({
  id: 'h20',
  name: 'H20 96GB',
  aliases: ['h20-96g', 'h20-96gb'],
  architecture: HOPPER_ARCH,
  peakTera: H20_PEAKS,
  memoryCapacityBytes: giga(fact(96, 'LMSYS-H20: 96 GB HBM3')),
  memoryBandwidthBytesPerSec: giga(fact(4000, 'LMSYS-H20: 4,000 GB/s')),
  scaleUpBandwidthBytesPerSec: giga(fact(900, 'LMSYS-H20: NVLink 900 GB/s')),
  scaleUpFabric: fact('nvswitch', 'H20-leak: 8-way HGX board'),
  scaleOutBandwidthBytesPerSec: NIC_400G,
  pcieBandwidthBytesPerSec: unverified(128e9, 'recalled: PCIe Gen5 x16'),
  tdpWatts: fact(400, 'H20-leak: TDP 400 W'),
  dieAreaMm2: fact(814, 'GH100 die (CnC); H20 is a cut GH100'),
  smCount: unverified(78, 'Geekbench listing via zangshuxian; implausible for the rated throughput'),
  l2CacheBytes: unknown('not found'),
  datacenter: fact(true, 'H20-leak: 8-way HGX board'),
  launchDate: fact('2024-05', 'Reuters via seccw: volume Q2 2024'),
});

/** The 141 GB HBM3e H20 variant; only its memory figures are reported, and weakly. */
export const H20_141G: GpuSpec = gpu({
  id: 'h20-141g',
  name: 'H20 141GB (HBM3e)',
  aliases: ['h20-141gb', 'h20e'],
  architecture: HOPPER_ARCH,
  peakTera: Object.fromEntries(
    Object.entries(H20_PEAKS).map(([k, v]) => [
      k,
      { ...v, verified: false, source: `assumed = H20 96GB (${v.source})` },
    ]),
  ) as typeof H20_PEAKS,
  memoryCapacityBytes: unverified(141e9, 'issue: 141 GB HBM3e variant (press reports)'),
  memoryBandwidthBytesPerSec: unverified(4.8e12, 'issue: 4.8 TB/s (press reports)'),
  scaleUpBandwidthBytesPerSec: unverified(900e9, 'assumed = H20 96GB'),
  scaleUpFabric: unverified('nvswitch', 'assumed = H20 96GB (H20-leak: 8-way HGX board)'),
  scaleOutBandwidthBytesPerSec: NIC_400G,
  pcieBandwidthBytesPerSec: unverified(128e9, 'recalled: PCIe Gen5 x16'),
  tdpWatts: unknown('not found'),
  dieAreaMm2: fact(814, 'GH100 die (CnC)'),
  smCount: unverified(78, 'assumed = H20 96GB (itself unverified)'),
  l2CacheBytes: unknown('not found'),
  datacenter: fact(true, 'HGX data-center part'),
  launchDate: unknown('not found'),
});

/** H200 SXM 141GB: H100 compute with HBM3e. */
export const H200_SXM: GpuSpec = gpu({
  id: 'h200-sxm',
  name: 'H200 SXM 141GB',
  aliases: ['h200', 'h200sxm'],
  architecture: HOPPER_ARCH,
  peakTera: {
    fp64: fact(34, 'H200 (lzwjava)'),
    'fp64-tensor': fact(67, 'MLE; as H100 SXM'),
    fp32: fact(67, 'MLE'),
    tf32: fact(494.5, 'MLE'),
    bf16: fact(989, 'MLE'),
    fp16: fact(989, 'MLE'),
    fp8: fact(1979, 'MLE; H200 (lzwjava: 3,958 sparse)'),
    int8: fact(1979, 'MLE'),
    fp4: unknown('not supported on Hopper'),
  },
  memoryCapacityBytes: giga(fact(141, 'MLE: 141 GB HBM3e')),
  memoryBandwidthBytesPerSec: teraBytes(fact(4.8, 'MLE')),
  scaleUpBandwidthBytesPerSec: giga(fact(900, 'MLE')),
  scaleUpFabric: unverified('nvswitch', 'recalled: HGX H200 boards of 4 or 8 GPUs, as H100 SXM'),
  scaleOutBandwidthBytesPerSec: NIC_400G,
  pcieBandwidthBytesPerSec: PCIE5,
  tdpWatts: fact(700, 'H200 (geektopia: up to 700 W)'),
  dieAreaMm2: fact(814, 'H200 (aiwiki: 814 mm²)'),
  smCount: unverified(132, 'saulelectric (W)'),
  l2CacheBytes: fact(50e6, 'MLE'),
  datacenter: fact(true, 'MLE'),
  launchDate: fact('2023-11', 'H200 (aiwiki: announced 13 Nov 2023, shipping Q2 2024)'),
});

/** All Hopper records. */
export const HOPPER: readonly GpuSpec[] = [H100_SXM, H100_PCIE, H800_SXM, H800_PCIE, H20, H20_141G, H200_SXM];
