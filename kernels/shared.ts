/**
 * Helpers shared by kernel folders: seeded inputs, output flattening, fp32 tolerances, size access.
 * @module
 */
import type { KernelSize, WgslDeviceInfo } from './types.ts';

/** Machine epsilon of IEEE-754 binary32. */
export const FLOAT32_EPSILON = 2 ** -23;

/**
 * Tolerance for a result accumulated over `reductionLength` fp32 terms: a worst-case linear error bound
 * (2 eps n), floored at 1e-5 so short reductions still allow for transcendental approximations on GPUs.
 */
export function fp32Tolerance(reductionLength: number): number {
  return Math.max(1e-5, 2 * FLOAT32_EPSILON * reductionLength);
}

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` fp32 values uniform in [low, high), reproducible from `seed`. */
export function randomArray(length: number, seed: number, low = -1, high = 1): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = low + (high - low) * next();
  return out;
}

/** Read a required dimension; throws if the size lacks it or it is not a positive integer. */
export function dim(size: KernelSize, key: string): number {
  const value = size[key];
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new Error(`size.${key} must be a positive integer (got ${value})`);
  }
  return value;
}

/** Flatten a gpu.js output (number, 1D, 2D or 3D array) into one row-major Float32Array. */
export function flattenOutput(output: unknown): Float32Array {
  if (typeof output === 'number') return Float32Array.of(output);
  if (output instanceof Float32Array) return output;
  if (!Array.isArray(output))
    throw new Error(`unexpected kernel output: ${Object.prototype.toString.call(output)}`);
  if (output.every((row) => row instanceof Float32Array)) {
    const rows = output as Float32Array[];
    const flat = new Float32Array(rows.reduce((total, row) => total + row.length, 0));
    let offset = 0;
    for (const row of rows) {
      flat.set(row, offset);
      offset += row.length;
    }
    return flat;
  }
  const parts: number[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'number') parts.push(value);
    else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = value as ArrayLike<unknown>;
      for (let i = 0; i < items.length; i++) walk(items[i]);
    } else throw new Error(`unexpected kernel output element: ${typeof value}`);
  };
  walk(output);
  return Float32Array.from(parts);
}

/**
 * `next(value)` now when `value` is plain, or once it resolves when it is a promise (gpu.js webgpu kernels
 * return promises). Lets one multi-kernel `run` serve synchronous and asynchronous backends alike.
 */
export function after<T, R>(value: T | Promise<T>, next: (resolved: T) => R): R | Promise<Awaited<R>> {
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    return (value as Promise<T>).then(next) as Promise<Awaited<R>>;
  }
  return next(value as T);
}

/** Round `words` up to a whole number of vec4s. */
export function vec4Words(words: number): number {
  return Math.ceil(words / 4) * 4;
}

/** A 2D grid of at least `groups` workgroups, each dimension within the device's limit. */
export function grid2d(groups: number, device: WgslDeviceInfo): [number, number, number] {
  const x = Math.min(groups, device.maxComputeWorkgroupsPerDimension);
  return [x, Math.ceil(groups / x), 1];
}
