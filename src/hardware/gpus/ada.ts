/**
 * Ada Lovelace parts (AD102 die): L20 and L40S for data centers, RTX 4090 and 4090D for consumers.
 * Figures from ../shared/reference/gpu-specs.md, tables A.1 and A.2.
 * @module
 */
import { fact, giga, gpu, mega, unknown, unverified } from '../define.ts';
import type { GpuSpec } from '../types.ts';

const PCIE4 = fact(64e9, 'PCIe Gen4 x16, 64 GB/s bidirectional');
const NO_NVLINK = fact(0, 'no NVLink: PCIe only');
const NO_FP4 = unknown('not supported on Ada');
const PCIE_ONLY = fact('pcie', 'reference table A.2: no NVLink, PCIe only');
const AD102_ARCH = fact('ada', 'gfxspeak: AD102 die (Ada Lovelace); reference table A.2');

/** L20 48GB: a data-center part that sits just under 3A090.b (PD 3.14 < 3.2). */
export const L20: GpuSpec = gpu({
  id: 'l20',
  name: 'L20 48GB',
  aliases: [],
  architecture: AD102_ARCH,
  peakTera: {
    fp64: unverified(0.93, 'TPU-L20 (W)'),
    'fp64-tensor': unknown('no FP64 tensor cores on Ada'),
    // DefTruth quotes 59.8, rounded from half the FP16 tensor rate (119.5 / 2 = 59.75); the rounded figure
    // would overstate TPP by 0.08% (1,913.6 instead of 1,912).
    fp32: fact(59.75, 'DefTruth: "L20 FP32/TF32 59.8 TFLOPS" (= 119.5 / 2, unrounded)'),
    tf32: fact(59.75, 'DefTruth: 59.8 (= 119.5 / 2, unrounded)'),
    bf16: fact(119.5, 'DefTruth: "Tensor Cores FP16 119.5 TFLOPS"'),
    fp16: fact(119.5, 'DefTruth'),
    fp8: unverified(239, 'derived: 2x FP16 on Ada (DefTruth)'),
    int8: unverified(239, 'derived: 2x FP16 on Ada (DefTruth)'),
    fp4: NO_FP4,
  },
  memoryCapacityBytes: unverified(48e9, 'TPU-L20: 48 GB GDDR6 (W)'),
  memoryBandwidthBytesPerSec: unverified(864e9, 'TPU-L20: 864 GB/s (W)'),
  scaleUpBandwidthBytesPerSec: NO_NVLINK,
  scaleUpFabric: PCIE_ONLY,
  scaleOutBandwidthBytesPerSec: unknown('no reference design'),
  pcieBandwidthBytesPerSec: PCIE4,
  tdpWatts: unverified(275, 'TPU-L20 (W)'),
  dieAreaMm2: unverified(609, 'TPU-L20: AD102 609 mm² (W)'),
  smCount: unverified(92, 'TPU-L20 (W)'),
  l2CacheBytes: unverified(96e6, 'TPU-L20 (W)'),
  datacenter: fact(true, 'data-center PCIe card'),
  launchDate: unverified('2023-11', 'TPU-L20 date (W)'),
});

/** L40S 48GB. */
export const L40S: GpuSpec = gpu({
  id: 'l40s',
  name: 'L40S 48GB',
  aliases: [],
  architecture: AD102_ARCH,
  peakTera: {
    fp64: unverified(1.4, 'recalled (~1.4)'),
    'fp64-tensor': unknown('no FP64 tensor cores on Ada'),
    fp32: fact(91.6, 'MLE (NVIDIA L40S spec)'),
    tf32: fact(183, 'MLE'),
    bf16: fact(362, 'MLE'),
    fp16: fact(362, 'MLE'),
    fp8: fact(733, 'MLE'),
    int8: fact(733, 'MLE'),
    fp4: NO_FP4,
  },
  memoryCapacityBytes: giga(fact(48, 'MLE: 48 GB GDDR6')),
  memoryBandwidthBytesPerSec: giga(fact(864, 'MLE: 0.86 TBps')),
  scaleUpBandwidthBytesPerSec: NO_NVLINK,
  scaleUpFabric: PCIE_ONLY,
  scaleOutBandwidthBytesPerSec: unknown('no reference design'),
  pcieBandwidthBytesPerSec: PCIE4,
  tdpWatts: unverified(350, 'recalled'),
  dieAreaMm2: fact(609, 'AD102 609 mm² (reference table A.2)'),
  smCount: unverified(142, 'recalled'),
  l2CacheBytes: unverified(96e6, 'recalled'),
  datacenter: fact(true, 'MLE: data-center card'),
  launchDate: fact('2023-08', 'reference table A.2'),
});

const AD102_DIE = fact(608.5, 'gfxspeak; laurentschoice ("608,4 mm²")');
const RTX4090_INT8_TOPS = 660.6;
const RTX4090D_SCALE = 114 / 128;

/** GeForce RTX 4090 (consumer): TPP 5,285 >= 4,800, so Note 2 does not exclude it. */
export const RTX_4090: GpuSpec = gpu({
  id: 'rtx-4090',
  name: 'GeForce RTX 4090 24GB',
  aliases: ['4090', 'rtx4090'],
  architecture: AD102_ARCH,
  peakTera: {
    fp64: unverified(1.29, 'HMC (W)'),
    'fp64-tensor': unknown('no FP64 tensor cores on Ada'),
    fp32: fact(82.6, 'HMC; waredb (Ada whitepaper)'),
    tf32: fact(82.6, 'HMC; waredb'),
    bf16: fact(165.2, 'HMC; waredb (FP32 accumulate)'),
    fp16: fact(330.3, 'HMC; waredb (FP16 accumulate; 165.2 with FP32 accumulate)'),
    fp8: fact(660.6, 'HMC; waredb (FP16 accumulate; 330.3 with FP32 accumulate)'),
    int8: fact(RTX4090_INT8_TOPS, 'HMC; waredb (INT4 1,321.2)'),
    fp4: NO_FP4,
  },
  memoryCapacityBytes: giga(fact(24, 'HMC: 24 GB GDDR6X')),
  memoryBandwidthBytesPerSec: giga(fact(1008, 'HMC')),
  scaleUpBandwidthBytesPerSec: NO_NVLINK,
  scaleUpFabric: PCIE_ONLY,
  scaleOutBandwidthBytesPerSec: unknown('consumer part'),
  pcieBandwidthBytesPerSec: PCIE4,
  tdpWatts: fact(450, 'HMC'),
  dieAreaMm2: AD102_DIE,
  smCount: fact(128, 'HMC'),
  l2CacheBytes: mega(fact(72, 'waredb')),
  datacenter: fact(false, 'GeForce consumer card'),
  launchDate: fact('2022-10', 'gfxspeak: 12 Oct 2022'),
});

const scaled = (tops: number, what: string) =>
  unverified(
    tops * RTX4090D_SCALE,
    `derived: RTX 4090 ${what} x 114/128 SMs at the same 2.52 GHz boost (Guru3D-4090D)`,
  );

/** GeForce RTX 4090D (China): 114 of 128 SMs, TPP 4,707, just under 4,800, so Note 2 excludes it. */
export const RTX_4090D: GpuSpec = gpu({
  id: 'rtx-4090d',
  name: 'GeForce RTX 4090D 24GB',
  aliases: ['4090d', 'rtx4090d'],
  architecture: AD102_ARCH,
  peakTera: {
    fp64: scaled(1.29, 'FP64'),
    'fp64-tensor': unknown('no FP64 tensor cores on Ada'),
    fp32: scaled(82.6, 'FP32'),
    tf32: scaled(82.6, 'TF32'),
    bf16: scaled(165.2, 'BF16'),
    fp16: scaled(330.3, 'FP16'),
    fp8: scaled(660.6, 'FP8'),
    // tomshw-4090D also states the resulting TPP, 4,707, so this derived figure is cross-checked.
    int8: { ...scaled(RTX4090_INT8_TOPS, 'INT8'), verified: true },
    fp4: NO_FP4,
  },
  memoryCapacityBytes: giga(fact(24, 'Guru3D-4090D')),
  memoryBandwidthBytesPerSec: giga(fact(1008, 'Guru3D-4090D')),
  scaleUpBandwidthBytesPerSec: NO_NVLINK,
  scaleUpFabric: PCIE_ONLY,
  scaleOutBandwidthBytesPerSec: unknown('consumer part'),
  pcieBandwidthBytesPerSec: PCIE4,
  tdpWatts: fact(425, 'Guru3D-4090D'),
  dieAreaMm2: AD102_DIE,
  smCount: fact(114, 'Guru3D-4090D'),
  l2CacheBytes: mega(fact(72, 'reference table A.2 (besthub)')),
  datacenter: fact(false, 'GeForce consumer card'),
  launchDate: fact('2023-12', 'Guru3D-4090D'),
});

/** All Ada records. */
export const ADA: readonly GpuSpec[] = [L20, L40S, RTX_4090, RTX_4090D];
