/**
 * What the model derives from a GPU's architecture and scale-up fabric, both catalog facts with their
 * sources (`GpuSpec.architecture`, `GpuSpec.scaleUpFabric`): the compute-efficiency curve of a GPU and
 * precision, and the fabric its collectives really use. The model keys its fitted constants by curve; a GPU
 * whose curve was fitted without its own measurements "borrows" it.
 * @module
 */
import type { Architecture, GpuSpec, Precision, ScaleUpFabric } from '../hardware/types.ts';

/** Precision classes with separate peak efficiency: tensor-core 8-bit, and 16/19-bit with everything else. */
export type PrecisionClass = 'tensor-8bit' | 'tensor-16bit';

/** The precision class whose curve a precision uses (8-bit types share one, everything else the other). */
export function precisionClassOf(precision: Precision): PrecisionClass {
  return precision === 'fp8' || precision === 'int8' || precision === 'fp4' ? 'tensor-8bit' : 'tensor-16bit';
}

/** Curve id, e.g. `hopper/tensor-8bit`. */
export type CurveId = `${Architecture}/${PrecisionClass}`;

/** The curve of a GPU's own architecture and the precision's class (the first one the model looks for). */
export function curveIdOf(gpu: Pick<GpuSpec, 'architecture'>, precision: Precision): CurveId {
  return `${gpu.architecture.value}/${precisionClassOf(precision)}`;
}

/** The fabric a GPU's collectives use: its catalog fabric, but PCIe when it has no scale-up bandwidth. */
export function scaleUpFabricOf(
  gpu: Pick<GpuSpec, 'scaleUpFabric' | 'scaleUpBandwidthBytesPerSec'>,
): ScaleUpFabric {
  return (gpu.scaleUpBandwidthBytesPerSec.value ?? 0) > 0 ? gpu.scaleUpFabric.value : 'pcie';
}
