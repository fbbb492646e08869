/**
 * WGSL of `gemv`: y = A x, memory-bound. A workgroup of 256 threads takes 256 / T rows, T threads per row
 * (T a power of two sized so each thread reads about 4 units of its row); the T threads of a row read it in
 * coalesced strides, as vec4 when k is a multiple of 4 (every row then starts 16-byte aligned), keep 4
 * independent accumulators so 4 loads are in flight, and finish with a tree reduction in workgroup memory.
 * @module
 */
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

const WORKGROUP = 256;
/** Loads each thread issues per loop iteration, each into its own accumulator. */
const UNROLL = 4;

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, value)));
}

/** The GEMV program y = A x for A m x k, row-major fp32. */
export function gemvWgsl(m: number, k: number, device: WgslDeviceInfo): WgslProgram {
  const vec = k % 4 === 0;
  const type = vec ? 'vec4<f32>' : 'f32';
  // A row as the shader reads it: vec4s when aligned, else scalars.
  const units = vec ? k / 4 : k;
  const perRow = Math.min(WORKGROUP, nextPowerOfTwo(Math.ceil(units / UNROLL)));
  const rows = WORKGROUP / perRow;
  const groups = Math.ceil(m / rows);
  const limit = device.maxComputeWorkgroupsPerDimension;
  const groupsX = Math.min(groups, limit);
  const groupsY = Math.ceil(groups / groupsX);
  if (groupsY > limit)
    throw new Error(`gemv m=${m} needs ${groups} workgroups; this device allows ${limit}^2`);

  const stride = perRow * UNROLL;
  const iterations = Math.floor(units / stride);
  const accumulate = (offset: number, guard: boolean): string => {
    const index = offset === 0 ? 'j' : `j + ${offset}u`;
    const statement = `s${(offset / perRow) % UNROLL} = fma(a[base + ${index}], x[${index}], s${(offset / perRow) % UNROLL});`;
    return guard ? `if (${index} < UNITS) { ${statement} }` : statement;
  };
  const main =
    iterations > 0
      ? `for (var it = 0u; it < ${iterations}u; it++) {
    let j = it * ${stride}u + lane;
    ${Array.from({ length: UNROLL }, (_, u) => accumulate(u * perRow, false)).join('\n    ')}
  }`
      : '';
  // The rest of the row, fewer than `stride` units: at most UNROLL strided loads, guarded where they may run past.
  const done = iterations * stride;
  const rest = units - done;
  const tail =
    rest > 0
      ? `{
    let j = ${done}u + lane;
    ${Array.from({ length: Math.ceil(rest / perRow) }, (_, u) =>
      accumulate(u * perRow, (u + 1) * perRow > rest),
    ).join('\n    ')}
  }`
      : '';
  const reduce: string[] = [];
  for (let step = perRow / 2; step >= 1; step /= 2) {
    reduce.push(`if (lane < ${step}u) { red[lid] += red[lid + ${step}u]; }`);
    if (step > 1) reduce.push('workgroupBarrier();');
  }
  const total = vec ? '(s.x + s.y) + (s.z + s.w)' : 's';
  const finish =
    perRow === 1
      ? `if (row < M) { y[row] = ${total}; }`
      : `red[lid] = ${total};
  workgroupBarrier();
  ${reduce.join('\n  ')}
  if (lane == 0u && row < M) { y[row] = red[lid]; }`;

  const code = `@group(0) @binding(0) var<storage, read> a : array<${type}>;
@group(0) @binding(1) var<storage, read> x : array<${type}>;
@group(0) @binding(2) var<storage, read_write> y : array<f32>;
const M : u32 = ${m}u;
const UNITS : u32 = ${units}u;
${perRow === 1 ? '' : `var<workgroup> red : array<f32, ${WORKGROUP}>;`}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let lane = lid & ${perRow - 1}u;
  let row = (wid.y * ${groupsX}u + wid.x) * ${rows}u + lid / ${perRow}u;
  // Rows past the end read the last row (keeping control flow uniform) and store nothing.
  let base = min(row, M - 1u) * UNITS;
  var s0 = ${type}(0.0);
  var s1 = ${type}(0.0);
  var s2 = ${type}(0.0);
  var s3 = ${type}(0.0);
  ${main}
  ${tail}
  let s = (s0 + s1) + (s2 + s3);
  ${finish}
}`;
  return {
    kind: 'compute',
    buffers: [
      { name: 'a', words: m * k, init: { input: 0 } },
      { name: 'x', words: k, init: { input: 1 } },
      { name: 'y', words: m, init: 'scratch' },
    ],
    passes: [
      {
        label: `gemv ${m}x${k} ${rows} rows x ${perRow} threads`,
        code,
        bindings: ['a', 'x', 'y'],
        workgroups: [groupsX, groupsY, 1],
      },
    ],
    output: 'y',
    outputWords: m,
  };
}
