/**
 * Ampere data-center parts (GA100 die). Figures from ../shared/reference/gpu-specs.md, tables A.1 and A.2.
 * @module
 */
import { fact, giga, gpu, mega, teraBytes, unknown, unverified } from '../define.ts';
import type { GpuSpec, Precision, Sourced } from '../types.ts';

const GA100_PEAKS: Record<Precision, Sourced<number>> = {
  fp64: fact(9.7, 'UPB; MLE'),
  'fp64-tensor': fact(19.5, 'UPB; MLE'),
  fp32: fact(19.5, 'UPB; MLE'),
  tf32: fact(156, 'UPB; MLE'),
  bf16: fact(312, 'UPB; MLE'),
  fp16: fact(312, 'UPB; MLE'),
  fp8: unknown('not supported on Ampere'),
  int8: fact(624, 'UPB; MLE'),
  fp4: unknown('not supported on Ampere'),
};

const GA100_ARCH = fact('ampere', 'TPU-A100: GA100 die (Ampere)');

const A100_COMMON = {
  memoryCapacityBytes: giga(fact(80, 'MLE: 80 GB HBM2e')),
  memoryBandwidthBytesPerSec: teraBytes(fact(2.039, 'MLE; TPU-A100')),
  scaleOutBandwidthBytesPerSec: unverified(25e9, 'recalled: DGX A100, one 200 Gb/s HDR NIC per GPU'),
  pcieBandwidthBytesPerSec: fact(64e9, 'TPU-A100: PCIe Gen4 x16'),
  tdpWatts: fact(400, 'UPB'),
  dieAreaMm2: fact(826, 'TPU-A100: GA100 826 mm²'),
  smCount: fact(108, 'TPU-A100'),
  l2CacheBytes: mega(fact(40, 'TPU-A100')),
  datacenter: fact(true, 'TPU-A100'),
} as const;

/** A100 SXM4 80GB. */
export const A100_SXM: GpuSpec = gpu({
  id: 'a100-sxm',
  name: 'A100 SXM4 80GB',
  aliases: ['a100', 'a100-sxm-80gb', 'a100-80g'],
  architecture: GA100_ARCH,
  peakTera: GA100_PEAKS,
  ...A100_COMMON,
  scaleUpBandwidthBytesPerSec: giga(fact(600, 'MLE: NVLink 3, 600 GB/s')),
  scaleUpFabric: unverified('nvswitch', 'recalled: HGX/DGX A100 boards of 8 GPUs, NVLink through NVSwitch'),
  launchDate: fact('2020-11', 'TPU-A100: 80GB version Nov 2020'),
});

/** A800 SXM 80GB: A100 compute with NVLink cut to 400 GB/s (China variant, 2022). */
export const A800_SXM: GpuSpec = gpu({
  id: 'a800-sxm',
  name: 'A800 SXM4 80GB',
  aliases: ['a800', 'a800-sxm-80gb'],
  architecture: GA100_ARCH,
  peakTera: Object.fromEntries(
    Object.entries(GA100_PEAKS).map(([k, v]) => [
      k,
      { ...v, source: `Reuters-A800: "computational performance ... same as the A100" (${v.source})` },
    ]),
  ) as Record<Precision, Sourced<number>>,
  ...A100_COMMON,
  scaleUpBandwidthBytesPerSec: giga(
    fact(400, 'Reuters-A800: "400 gigabytes per second ... compared to 600 ... on the A100"'),
  ),
  scaleUpFabric: unverified('nvswitch', 'recalled: HGX A800 boards of 8 GPUs, as A100 SXM'),
  launchDate: fact('2022-11', 'Reuters-A800'),
});

/** All Ampere records. */
export const AMPERE: readonly GpuSpec[] = [A100_SXM, A800_SXM];
