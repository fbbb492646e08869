/**
 * Memory capacity: does a working set fit on one GPU? "Does not fit" is a result, never an error.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';

/** The capacity verdict. `capacityBytes` null: the catalog does not know, and the check passes. */
export interface CapacityCheck {
  readonly fits: boolean;
  readonly neededBytes: number;
  readonly capacityBytes: number | null;
}

/** Whether `neededBytes` fit in `gpu`'s memory. */
export function capacityCheck(gpu: GpuSpec, neededBytes: number): CapacityCheck {
  const capacityBytes = gpu.memoryCapacityBytes.value;
  return {
    fits: capacityBytes === null || neededBytes <= capacityBytes,
    neededBytes,
    capacityBytes,
  };
}
