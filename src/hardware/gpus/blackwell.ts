/**
 * Blackwell parts: RTX 5090 and 5090D (GB202, consumer) and B200 (data center).
 * Figures from ../shared/reference/gpu-specs.md, tables A.1 and A.2. NVIDIA's "AI TOPS" for GeForce is FP4 with
 * sparsity, so dense FP4 = AI TOPS / 2 and dense FP8 = FP4 / 2.
 * @module
 */
import { fact, giga, gpu, mega, teraBytes, unknown, unverified } from '../define.ts';
import type { GpuSpec } from '../types.ts';

const GB202_DIE = fact(750, 'TH-5090D: GB202 750 mm²');
const PCIE5 = fact(128e9, 'PCIe Gen5 x16, 128 GB/s bidirectional');
const NO_NVLINK = fact(0, 'no NVLink: PCIe only');
const GB202_ARCH = fact('blackwell', 'TH-5090D: GB202 die (Blackwell)');

/** Board and die facts shared by the RTX 5090 and the 5090D (V1): same GB202 die, memory and power. */
const GB202_BOARD = {
  memoryCapacityBytes: giga(fact(32, 'TH-5090D: 32 GB GDDR7 (5090 and 5090D V1)')),
  memoryBandwidthBytesPerSec: giga(fact(1792, 'TH-5090D; libertify')),
  scaleUpBandwidthBytesPerSec: NO_NVLINK,
  scaleUpFabric: fact('pcie', 'reference table A.2: no NVLink, PCIe only'),
  scaleOutBandwidthBytesPerSec: unknown('consumer part'),
  pcieBandwidthBytesPerSec: PCIE5,
  tdpWatts: fact(575, 'TH-5090D'),
  dieAreaMm2: GB202_DIE,
  smCount: fact(170, 'TH-5090D'),
  l2CacheBytes: mega(fact(96, 'TH-5090D')),
  datacenter: fact(false, 'GeForce consumer card'),
  launchDate: fact('2025-01', 'TH-5090D: 30 Jan 2025'),
} as const;

/** GeForce RTX 5090 32GB. */
export const RTX_5090: GpuSpec = gpu({
  id: 'rtx-5090',
  name: 'GeForce RTX 5090 32GB',
  aliases: ['5090', 'rtx5090'],
  architecture: GB202_ARCH,
  peakTera: {
    fp64: unverified(1.6, 'recalled (~1.6)'),
    'fp64-tensor': unknown('no FP64 tensor cores on GB202'),
    fp32: fact(104.8, 'TH-5090D'),
    tf32: unknown('not found'),
    bf16: unverified(209.5, 'recalled (~209.5, FP32 accumulate)'),
    fp16: unverified(209.5, 'recalled (~209.5, FP32 accumulate)'),
    fp8: fact(838, 'derived: TH-5090D "3,352 AI TOPS" (FP4 sparse) / 2 / 2'),
    int8: fact(838, 'derived as FP8 (castromedia reaches 838 dense INT8 the same way)'),
    fp4: fact(1676, 'derived: TH-5090D "3,352 AI TOPS" (FP4 sparse) / 2'),
  },
  ...GB202_BOARD,
});

/** GeForce RTX 5090D (V1, China): AI TOPS capped so that TPP is 4,750, under 4,800. */
export const RTX_5090D: GpuSpec = gpu({
  id: 'rtx-5090d',
  name: 'GeForce RTX 5090D 32GB',
  aliases: ['5090d', 'rtx5090d'],
  architecture: GB202_ARCH,
  peakTera: {
    fp64: unverified(1.6, 'recalled: as RTX 5090'),
    'fp64-tensor': unknown('no FP64 tensor cores on GB202'),
    fp32: fact(104.8, 'TH-5090D'),
    tf32: unknown('not found'),
    bf16: unknown('not found: the tensor cap is published only as AI TOPS'),
    fp16: unknown('not found: the tensor cap is published only as AI TOPS'),
    fp8: fact(593.75, 'derived: TH-5090D "2,375 AI TOPS" (FP4 sparse) / 2 / 2'),
    int8: unverified(593.75, 'derived as FP8'),
    fp4: fact(1187.5, 'derived: TH-5090D "2,375 AI TOPS" (FP4 sparse) / 2'),
  },
  ...GB202_BOARD,
});

/** B200 (HGX): two reticle-limited dies whose area is not disclosed, so its PD is unknown. */
export const B200: GpuSpec = gpu({
  id: 'b200',
  name: 'B200 180GB',
  aliases: ['b200-sxm'],
  architecture: fact('blackwell', 'nvnexus: B200 Blackwell data-center part'),
  peakTera: {
    fp64: unknown('sources conflict (~37-40, unverified)'),
    'fp64-tensor': unknown('sources conflict (~37-40, unverified)'),
    fp32: fact(80, 'MLE (DGX B200 datasheet)'),
    tf32: fact(1125, 'MLE'),
    bf16: fact(2250, 'MLE'),
    fp16: fact(2250, 'MLE'),
    fp8: fact(4500, 'MLE'),
    int8: fact(4500, 'MLE'),
    fp4: fact(9000, 'MLE'),
  },
  memoryCapacityBytes: giga(fact(180, 'MLE: 180 GB usable (192 GB physical) HBM3e')),
  memoryBandwidthBytesPerSec: teraBytes(fact(8, 'MLE')),
  scaleUpBandwidthBytesPerSec: giga(fact(1800, 'MLE: NVLink 5, 1,800 GB/s')),
  scaleUpFabric: unverified('nvswitch', 'recalled: HGX/DGX B200 boards of 8 GPUs, NVLink 5 through NVSwitch'),
  scaleOutBandwidthBytesPerSec: unverified(50e9, 'recalled: HGX B200, one 400 Gb/s NIC per GPU'),
  pcieBandwidthBytesPerSec: unverified(128e9, 'PCIe Gen5 (W)'),
  tdpWatts: fact(1000, 'nvnexus: 1,000 W (HGX)'),
  dieAreaMm2: unknown('not disclosed: "two reticle-limited dies" (nvnexus)'),
  smCount: unknown('not found; 148 often quoted'),
  l2CacheBytes: unverified(126e6, 'MLE caches reference (~126 MB)'),
  datacenter: fact(true, 'MLE'),
  launchDate: fact('2024-03', 'MLE: announced 18 Mar 2024'),
});

/** All Blackwell records. */
export const BLACKWELL: readonly GpuSpec[] = [RTX_5090, RTX_5090D, B200];
