/**
 * `h2d` and `d2h`: host-to-device and device-to-host copies of n fp32 values, measured as kernels of their
 * own so that no other kernel's time includes a transfer. WebGPU only (the `wgsl` tier): `h2d` is
 * `queue.writeBuffer`, `d2h` a copy to a mappable buffer and its map. gpu.js has no way to express them.
 * @module
 */
import { dim, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelCost, KernelDefinition } from '../types.ts';

/** A transfer moves 4n bytes and does no arithmetic. */
export function transferCost(n: number): KernelCost {
  return { flops: 0, bytes: 4 * n };
}

function transferKernel(direction: 'h2d' | 'd2h', summary: string): KernelDefinition {
  return {
    name: direction,
    summary,
    dims: ['n'],
    inputs: (size, seed) => [randomArray(dim(size, 'n'), seed)],
    wgsl: (size) => ({ kind: 'transfer', direction, words: dim(size, 'n') }),
    reference: (inputs) => Float64Array.from(inputs[0]!),
    cost: (size) => transferCost(dim(size, 'n')),
    toleranceRel: () => fp32Tolerance(1),
  };
}

/** Host-to-device copy of n fp32 values (WebGPU `writeBuffer`). */
export const h2dKernel = transferKernel('h2d', 'host-to-device copy of n fp32 values (wgsl only)');

/** Device-to-host copy of n fp32 values (copy to a mappable buffer, then map). */
export const d2hKernel = transferKernel('d2h', 'device-to-host copy of n fp32 values (wgsl only)');
