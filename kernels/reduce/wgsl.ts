/**
 * WGSL of `reduce-sum`, two passes. Pass 1: G workgroups of 256 threads; each thread sums vec4 loads in a
 * grid-stride loop over ceil(n / 4) vectors (the executor zero-pads buffers to whole vec4s, so the tail
 * adds zeros), then a tree in workgroup memory writes partials[wg]. Pass 2: one workgroup sums the G
 * partials the same way into out[0]. Every call rewrites all G partials, so no state survives between calls.
 */
import { vec4Words } from '../shared.ts';
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

const WORKGROUP = 256;
/** At most this many partials: enough workgroups to fill a large GPU, few enough for one final group. */
const MAX_GROUPS = 1024;
/** Each pass-1 thread sums at least this many vec4s before the grid grows (amortizes the tree). */
const VECTORS_PER_THREAD = 4;

/** The tree that sums `sums[0..256)` into `sums[0]`; call in uniform control flow. */
const TREE = `
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) {
      sums[lid] += sums[lid + s];
    }
    workgroupBarrier();
  }`;

/** Workgroups of pass 1 for `vectors` vec4s. */
export function reduceGroups(vectors: number, device: WgslDeviceInfo): number {
  const wanted = Math.ceil(vectors / (WORKGROUP * VECTORS_PER_THREAD));
  return Math.max(1, Math.min(wanted, MAX_GROUPS, device.maxComputeWorkgroupsPerDimension));
}

/** sum(a[0..n)) into out[0], via G partial sums (G from {@link reduceGroups}). */
export function sumWgsl(n: number, device: WgslDeviceInfo): WgslProgram {
  const vectors = vec4Words(n) / 4;
  const groups = reduceGroups(vectors, device);
  const partialCode = `@group(0) @binding(0) var<storage, read> a : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> partials : array<f32>;
const VECTORS : u32 = ${vectors}u;
const STRIDE : u32 = ${groups * WORKGROUP}u;
var<workgroup> sums : array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(local_invocation_index) lid : u32,
        @builtin(workgroup_id) wid : vec3<u32>) {
  var acc = vec4<f32>(0.0);
  for (var i = gid.x; i < VECTORS; i += STRIDE) {
    acc += a[i];
  }
  sums[lid] = (acc.x + acc.y) + (acc.z + acc.w);
  workgroupBarrier();${TREE}
  if (lid == 0u) {
    partials[wid.x] = sums[0];
  }
}`;
  const finalCode = `@group(0) @binding(0) var<storage, read> partials : array<f32>;
@group(0) @binding(1) var<storage, read_write> out : array<f32>;
const GROUPS : u32 = ${groups}u;
var<workgroup> sums : array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid : u32) {
  var acc = 0.0;
  for (var i = lid; i < GROUPS; i += ${WORKGROUP}u) {
    acc += partials[i];
  }
  sums[lid] = acc;
  workgroupBarrier();${TREE}
  if (lid == 0u) {
    out[0] = sums[0];
  }
}`;
  return {
    kind: 'compute',
    buffers: [
      { name: 'a', words: n, init: { input: 0 } },
      { name: 'partials', words: groups, init: 'scratch' },
      { name: 'out', words: 1, init: 'scratch' },
    ],
    passes: [
      {
        label: `reduce-sum partials n=${n} groups=${groups}`,
        code: partialCode,
        bindings: ['a', 'partials'],
        workgroups: [groups, 1, 1],
      },
      {
        label: `reduce-sum final groups=${groups}`,
        code: finalCode,
        bindings: ['partials', 'out'],
        workgroups: [1, 1, 1],
      },
    ],
    output: 'out',
    outputWords: 1,
  };
}
