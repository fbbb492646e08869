/**
 * Which efficiency curve and which scale-up topology each catalogued GPU uses. The model keys its fitted
 * constants by curve; a GPU whose curve was fitted without its own measurements "borrows" it.
 * @module
 */
import type { GpuSpec, Precision } from '../hardware/types.ts';

/** Architecture families that own a compute-efficiency curve. */
export type Architecture = 'hopper' | 'ampere' | 'ada' | 'blackwell';

/** Precision classes with separate peak efficiency: tensor-core 8-bit, tensor-core 16/19-bit, and non-tensor. */
export type PrecisionClass = 'tensor-8bit' | 'tensor-16bit';

/** How GPUs in one node talk: NVSwitch (HGX/DGX boards), a 2-GPU NVLink bridge, or PCIe only. */
export type ScaleUpTopology = 'nvswitch' | 'bridge' | 'pcie';

/** Static facts about a catalogued GPU that the catalog record does not carry. */
export interface GpuFamily {
  readonly architecture: Architecture;
  readonly topology: ScaleUpTopology;
}

/**
 * Known catalog ids. A user-file GPU with another id falls back to {@link DEFAULT_FAMILY}. Look ids up with
 * {@link knownFamily}: a user id such as `constructor` must not find `Object.prototype`.
 */
export const GPU_FAMILIES: Readonly<Record<string, GpuFamily>> = {
  'h100-sxm': { architecture: 'hopper', topology: 'nvswitch' },
  'h100-pcie': { architecture: 'hopper', topology: 'bridge' },
  'h800-sxm': { architecture: 'hopper', topology: 'nvswitch' },
  'h800-pcie': { architecture: 'hopper', topology: 'bridge' },
  h20: { architecture: 'hopper', topology: 'nvswitch' },
  'h20-141g': { architecture: 'hopper', topology: 'nvswitch' },
  'h200-sxm': { architecture: 'hopper', topology: 'nvswitch' },
  'a100-sxm': { architecture: 'ampere', topology: 'nvswitch' },
  'a800-sxm': { architecture: 'ampere', topology: 'nvswitch' },
  l20: { architecture: 'ada', topology: 'pcie' },
  l40s: { architecture: 'ada', topology: 'pcie' },
  'rtx-4090': { architecture: 'ada', topology: 'pcie' },
  'rtx-4090d': { architecture: 'ada', topology: 'pcie' },
  'rtx-5090': { architecture: 'blackwell', topology: 'pcie' },
  'rtx-5090d': { architecture: 'blackwell', topology: 'pcie' },
  b200: { architecture: 'blackwell', topology: 'nvswitch' },
};

/** Used for GPUs the model does not know (user files): Hopper-class on NVSwitch. */
export const DEFAULT_FAMILY: GpuFamily = { architecture: 'hopper', topology: 'nvswitch' };

/** The family of a catalog id, or undefined when the id is not a known one. */
export function knownFamily(gpuId: string): GpuFamily | undefined {
  return Object.hasOwn(GPU_FAMILIES, gpuId) ? GPU_FAMILIES[gpuId] : undefined;
}

/** The family of a GPU and whether it was known or defaulted. */
export function familyOf(gpu: GpuSpec): { family: GpuFamily; known: boolean } {
  const family = knownFamily(gpu.id);
  if (family) {
    // A GPU without scale-up links cannot use NVSwitch whatever its family says.
    const noLink = (gpu.scaleUpBandwidthBytesPerSec.value ?? 0) <= 0;
    return { family: noLink ? { ...family, topology: 'pcie' } : family, known: true };
  }
  const noLink = (gpu.scaleUpBandwidthBytesPerSec.value ?? 0) <= 0;
  return { family: noLink ? { ...DEFAULT_FAMILY, topology: 'pcie' } : DEFAULT_FAMILY, known: false };
}

/** The precision class whose curve a precision uses (8-bit types share one, everything else the other). */
export function precisionClassOf(precision: Precision): PrecisionClass {
  return precision === 'fp8' || precision === 'int8' || precision === 'fp4' ? 'tensor-8bit' : 'tensor-16bit';
}

/** Curve id, e.g. `hopper/tensor-8bit`. */
export type CurveId = `${Architecture}/${PrecisionClass}`;
