/**
 * WGSL of the STREAM kernels: vec4 loads and stores, a grid-stride loop over ceil(n / 4) vectors (the
 * executor pads buffers to whole vec4s with zeros, so the tail needs no scalar path).
 */
import { vec4Words } from '../shared.ts';
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

const WORKGROUP = 256;

/** Workgroups for a grid-stride loop over `vectors` vec4s: enough to fill any GPU, within the limit. */
function gridFor(vectors: number, device: WgslDeviceInfo): number {
  return Math.max(1, Math.min(Math.ceil(vectors / WORKGROUP), 4096, device.maxComputeWorkgroupsPerDimension));
}

function streamProgram(
  label: string,
  n: number,
  device: WgslDeviceInfo,
  inputs: readonly string[],
  body: string,
): WgslProgram {
  const vectors = vec4Words(n) / 4;
  const groups = gridFor(vectors, device);
  const declarations = inputs
    .map((name, i) => `@group(0) @binding(${i}) var<storage, read> ${name} : array<vec4<f32>>;`)
    .join('\n');
  const code = `${declarations}
@group(0) @binding(${inputs.length}) var<storage, read_write> out : array<vec4<f32>>;
const VECTORS : u32 = ${vectors}u;
const STRIDE : u32 = ${groups * WORKGROUP}u;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  for (var i = gid.x; i < VECTORS; i += STRIDE) {
    ${body}
  }
}`;
  return {
    kind: 'compute',
    buffers: [
      ...inputs.map((name, i) => ({ name, words: n, init: { input: i } }) as const),
      { name: 'out', words: n, init: 'scratch' },
    ],
    passes: [{ label, code, bindings: [...inputs, 'out'], workgroups: [groups, 1, 1] }],
    output: 'out',
    outputWords: n,
  };
}

/** c = a, as vec4 copies. */
export function copyWgsl(n: number, device: WgslDeviceInfo): WgslProgram {
  return streamProgram(`stream-copy n=${n}`, n, device, ['a'], 'out[i] = a[i];');
}

/** a = b + scalar c, as vec4 FMAs. */
export function triadWgsl(n: number, scalar: number, device: WgslDeviceInfo): WgslProgram {
  return streamProgram(
    `stream-triad n=${n}`,
    n,
    device,
    ['b', 'c'],
    `out[i] = fma(vec4<f32>(${scalar.toFixed(1)}), c[i], b[i]);`,
  );
}
