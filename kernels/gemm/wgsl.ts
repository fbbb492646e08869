/**
 * WGSL of `gemm` (and `gemm-f16`): a tiled, register-blocked fp32 GEMM. Each workgroup of 256 threads owns
 * a 64x64 tile of C; each thread accumulates a 4x4 block in four vec4 registers. K advances in tiles of 16
 * through a double-buffered workgroup copy of A (transposed, so one vec4 read gives a thread's 4 rows) and B
 * (one vec4 read gives its 4 columns); the next tile is fetched into registers while the current one is
 * multiplied, so each K tile costs one barrier. Sizes are baked in: bounds checks are emitted only for the
 * dimensions that are not whole tiles, and B and C are accessed as vec4 when n is a multiple of 4.
 *
 * The f16 variant (`gemm-f16`, needs `shader-f16`) keeps A, B and C in f16 storage and widens each value to
 * f32 as it is staged, so the multiply and the accumulation are the fp32 kernel's, and C is rounded to f16
 * once, on the store: half the memory traffic, fp32 arithmetic and accuracy up to that last rounding.
 * @module
 */
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

/** Edge of the square C tile one workgroup computes. */
const TILE = 64;
/** Depth of one K tile staged through workgroup memory. */
const TILE_K = 16;
/** vec4 slots of one stage of one operand: TILE_K rows of TILE / 4 quads. */
const STAGE = TILE_K * (TILE / 4);

const lanes = ['x', 'y', 'z', 'w'] as const;

/** `a && b` of the conditions that apply, or undefined when none do (the access is always in bounds). */
function all(...conditions: (string | false)[]): string | undefined {
  const kept = conditions.filter((c): c is string => c !== false);
  return kept.length > 0 ? kept.join(' && ') : undefined;
}

/** `{ lines }` as a WGSL block whose braces sit at `indent`. */
function block(lines: readonly string[], indent: string): string {
  return `{\n${lines.map((line) => `${indent}  ${line}`).join('\n')}\n${indent}}`;
}

/** `statement`, under `condition` when there is one. */
function guarded(condition: string | undefined, statement: string): string {
  return condition ? `if (${condition}) { ${statement} }` : statement;
}

/** Storage precision of A, B and C. */
export type GemmPrecision = 'f32' | 'f16';

/**
 * The GEMM program C = A B for A m x k and B k x n, row-major, stored in `precision` (default fp32; f16
 * throws on a device without `shader-f16`).
 */
export function gemmWgsl(
  m: number,
  n: number,
  k: number,
  device: WgslDeviceInfo,
  precision: GemmPrecision = 'f32',
): WgslProgram {
  const half = precision === 'f16';
  if (half && !device.features.includes('shader-f16')) {
    throw new Error('gemm-f16 needs the shader-f16 feature, which this device lacks');
  }
  // Storage to f32 registers and back: the identity in fp32.
  const widen = (value: string): string => (half ? `f32(${value})` : value);
  const widen4 = (value: string): string => (half ? `vec4<f32>(${value})` : value);
  const narrow = (value: string): string => (half ? `f16(${value})` : value);
  const narrow4 = (value: string): string => (half ? `vec4<f16>(${value})` : value);
  const groups: [number, number, number] = [Math.ceil(n / TILE), Math.ceil(m / TILE), 1];
  const limit = device.maxComputeWorkgroupsPerDimension;
  if (groups[0] > limit || groups[1] > limit) {
    throw new Error(
      `gemm ${m}x${n}x${k} needs ${groups[0]}x${groups[1]} workgroups; this device allows ${limit}`,
    );
  }
  const mEdge = m % TILE !== 0;
  const nEdge = n % TILE !== 0;
  const kEdge = k % TILE_K !== 0;
  // vec4 access to B and C needs every row to start on a 16-byte boundary.
  const nVec = n % 4 === 0;
  const tiles = Math.ceil(k / TILE_K);

  // A: thread loads column ak of the K tile for rows ar..ar+3 (consecutive threads read consecutive k).
  const aGuards = lanes.map((_, i) => all(kEdge && 'ak < K', mEdge && `ar + ${i}u < M`));
  const aAt = (i: number): string => widen(`a[abase${i === 0 ? '' : ` + ${i * k}u`}]`);
  const loadA = aGuards.some((g) => g)
    ? ['pa = vec4<f32>(0.0);', ...lanes.map((lane, i) => guarded(aGuards[i], `pa.${lane} = ${aAt(i)};`))]
    : [`pa = vec4<f32>(${lanes.map((_, i) => aAt(i)).join(', ')});`];
  // B: thread loads row bk of the K tile, columns bc..bc+3 (one vec4 when rows are 16-byte aligned).
  const bGuards = nVec
    ? [all(kEdge && 'bk < K', nEdge && 'bc < N4')]
    : lanes.map((_, i) => all(kEdge && 'bk < K', nEdge && `bc + ${i}u < N`));
  const bLoads = nVec
    ? [guarded(bGuards[0], `pb = ${widen4('b[bk * N4 + bc]')};`)]
    : lanes.map((lane, i) => guarded(bGuards[i], `pb.${lane} = ${widen(`b[bk * N + bc + ${i}u]`)};`));
  const loadB = bGuards.some((g) => g) || !nVec ? ['pb = vec4<f32>(0.0);', ...bLoads] : bLoads;
  const fetch = (k0: string, indent: string): string =>
    block(
      [`let ak = ${k0} + aK;`, 'let abase = ar * K + ak;', `let bk = ${k0} + bK;`, ...loadA, ...loadB],
      indent,
    );
  // Thread (tx, ty)'s A quad for k-row kk sits at slot ty ^ (kk & 7): the swizzle the loaders store with.
  const multiply = Array.from({ length: TILE_K }, (_, kk) =>
    block(
      [
        `let av = As[cur + ${kk * (TILE / 4)}u + ty${kk & 7}];`,
        `let bv = Bs[cur + ${kk * (TILE / 4)}u + tx];`,
        ...lanes.map((lane, i) => `c${i} = fma(vec4<f32>(av.${lane}), bv, c${i});`),
      ],
      '    ',
    ),
  ).join('\n    ');
  const store = lanes
    .map((_, i) => {
      const row = `cr + ${i}u`;
      return nVec
        ? guarded(
            all(mEdge && `${row} < M`, nEdge && 'cc < N4'),
            `c[(${row}) * N4 + cc] = ${narrow4(`c${i}`)};`,
          )
        : lanes
            .map((lane, j) =>
              guarded(
                all(mEdge && `${row} < M`, nEdge && `cc + ${j}u < N`),
                `c[(${row}) * N + cc + ${j}u] = ${narrow(`c${i}.${lane}`)};`,
              ),
            )
            .join('\n  ');
    })
    .join('\n  ');
  const elem = nVec ? `vec4<${precision}>` : precision;

  const enable = half ? 'enable f16;\n' : '';
  const code = `${enable}@group(0) @binding(0) var<storage, read> a : array<${precision}>;
@group(0) @binding(1) var<storage, read> b : array<${elem}>;
@group(0) @binding(2) var<storage, read_write> c : array<${elem}>;
const M : u32 = ${m}u;
const N : u32 = ${n}u;
const N4 : u32 = ${Math.floor(n / 4)}u;
const K : u32 = ${k}u;
const TILES : u32 = ${tiles}u;
const STAGE : u32 = ${STAGE}u;
// Two stages of 16 k-rows x 16 vec4 quads: A transposed (4 rows a quad, swizzled), B as stored.
var<workgroup> As : array<vec4<f32>, ${2 * STAGE}>;
var<workgroup> Bs : array<vec4<f32>, ${2 * STAGE}>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // A 32-thread warp covers 8 column quads x 4 row quads: per k-row it reads 8 B and 4 A quads (broadcasts).
  let warp = lid >> 5u;
  let lane = lid & 31u;
  let tx = ((warp & 1u) << 3u) | (lane & 7u);
  let ty = ((warp >> 1u) << 2u) | (lane >> 3u);
  let ty0 = ty;
  let ty1 = ty ^ 1u;
  let ty2 = ty ^ 2u;
  let ty3 = ty ^ 3u;
  let ty4 = ty ^ 4u;
  let ty5 = ty ^ 5u;
  let ty6 = ty ^ 6u;
  let ty7 = ty ^ 7u;
  // Loader roles; the A quad is stored at a swizzled slot so 8 consecutive threads hit 8 distinct banks.
  let aK = lid & 15u;
  let aQ = lid >> 4u;
  let ar = wid.y * 64u + aQ * 4u;
  let aSlot = aK * 16u + (aQ ^ (aK & 7u));
  let bK = lid >> 4u;
  let bQ = lid & 15u;
  let bc = ${nVec ? 'wid.x * 16u + bQ' : 'wid.x * 64u + bQ * 4u'};
  let bSlot = bK * 16u + bQ;
  var pa : vec4<f32>;
  var pb : vec4<f32>;
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  ${fetch('0u', '  ')}
  As[aSlot] = pa;
  Bs[bSlot] = pb;
  workgroupBarrier();
  for (var t = 0u; t < TILES; t++) {
    let cur = (t & 1u) * STAGE;
    let more = t + 1u < TILES;
    if (more) ${fetch(`(t + 1u) * ${TILE_K}u`, '    ')}
    ${multiply}
    if (more) {
      As[STAGE - cur + aSlot] = pa;
      Bs[STAGE - cur + bSlot] = pb;
    }
    workgroupBarrier();
  }
  let cr = wid.y * 64u + ty * 4u;
  let cc = ${nVec ? 'wid.x * 16u + tx' : 'wid.x * 64u + tx * 4u'};
  ${store}
}`;
  // fp32 buffers leave `format` out, as every other kernel's do.
  const format = half ? { format: 'f16' as const } : {};
  return {
    kind: 'compute',
    buffers: [
      { name: 'a', words: m * k, init: { input: 0 }, ...format },
      { name: 'b', words: k * n, init: { input: 1 }, ...format },
      { name: 'c', words: m * n, init: 'scratch', ...format },
    ],
    passes: [
      {
        label: `gemm${half ? '-f16' : ''} ${m}x${n}x${k} tile 64x64x${TILE_K}`,
        code,
        bindings: ['a', 'b', 'c'],
        workgroups: groups,
      },
    ],
    output: 'c',
    outputWords: m * n,
  };
}
