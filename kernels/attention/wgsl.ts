/**
 * WGSL of `attention`: one pass, flash-style, never writing the seq x seq scores to device memory.
 *
 * A workgroup of 256 threads owns a block of BQ query rows (q pre-scaled by 1/sqrt(d), kept in workgroup
 * memory) and walks the keys in blocks of BK. Per key block: stage K and V in workgroup memory; each
 * thread computes a TR x TK register tile of scores (vec4 dot products over d); one thread per row finds
 * the block's row max and the new running max m and the rescale exp(m_old - m_new); each thread turns its
 * scores into p = exp(s - m); then each thread updates its slice of the output accumulator,
 * o = o * rescale + p V, and its running row sums l likewise. At the end o / l is written.
 *
 * The accumulator lives in registers: thread (rowGroup, dv) owns vec4 column dv of rows rowGroup,
 * rowGroup + TRO, ... (OR rows). Rows of q and k in workgroup memory are padded to an odd number of vec4s,
 * so threads reading different rows at the same column hit different banks. Keys past seq score -3e38
 * (p = 0) and read zero V; query rows past seq compute harmlessly and are not stored. Tile sizes shrink
 * until the workgroup memory fits the device (WebGPU guarantees 16 KiB; desktop GPUs give 32 KiB).
 */

import { grid2d } from '../shared.ts';
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

const WORKGROUP = 256;
/** Largest headDim supported: the accumulator slice and the staged rows grow with it. */
export const MAX_HEAD_DIM = 256;
/** A score below any real one: its exp is 0, and subtracting a real max from it stays finite. */
const NEG = '-3.0e38';

/** Tile shape: BQ query rows, BK keys, and a TR x TK score tile per thread. */
export interface AttentionTile {
  readonly bq: number;
  readonly bk: number;
  readonly tr: number;
  readonly tk: number;
}

/** Tiles, largest first; each has bq, bk powers of two and (bq / tr) * (bk / tk) <= 256 score threads. */
export const ATTENTION_TILES: readonly AttentionTile[] = [
  { bq: 32, bk: 32, tr: 2, tk: 2 },
  { bq: 16, bk: 32, tr: 1, tk: 2 },
  { bq: 32, bk: 16, tr: 2, tk: 1 },
  { bq: 16, bk: 16, tr: 1, tk: 1 },
  { bq: 8, bk: 16, tr: 1, tk: 1 },
  { bq: 8, bk: 8, tr: 1, tk: 1 },
  { bq: 4, bk: 8, tr: 1, tk: 1 },
  { bq: 4, bk: 4, tr: 1, tk: 1 },
  { bq: 2, bk: 4, tr: 1, tk: 1 },
  { bq: 1, bk: 4, tr: 1, tk: 1 },
  { bq: 1, bk: 1, tr: 1, tk: 1 },
];

/**
 * From this many 32-row query blocks on, 32-row tiles (more reuse of each staged K, V block) come first;
 * below it, 16-row tiles, for twice the workgroups to fill the GPU.
 */
const MANY_BLOCKS = 512;

/** Bytes of workgroup memory the attention shader declares for `tile` at `dv` vec4s per row. */
export function attentionStorageBytes(tile: AttentionTile, dv: number): number {
  const stride = dv | 1;
  return (
    16 * (tile.bq * stride + tile.bk * stride + tile.bk * dv) + 4 * (tile.bq * (tile.bk + 1) + 2 * tile.bq)
  );
}

/** The tile for `seq` and `dv` vec4s per row that fits the device's workgroup memory. */
export function attentionTile(seq: number, dv: number, device: WgslDeviceInfo): AttentionTile {
  const preferred =
    Math.ceil(seq / 32) >= MANY_BLOCKS
      ? ATTENTION_TILES
      : [ATTENTION_TILES[1]!, ATTENTION_TILES[0]!, ...ATTENTION_TILES.slice(2)];
  const tile = preferred.find((t) => attentionStorageBytes(t, dv) <= device.maxComputeWorkgroupStorageSize);
  if (!tile) throw new Error(`attention: rows of ${dv} vec4s do not fit this device's workgroup memory`);
  return tile;
}

/** Largest power of two <= `x` (x >= 1). */
function floorPow2(x: number): number {
  return 2 ** Math.floor(Math.log2(x));
}

/** `x` as a WGSL float literal (integers get a `.0`). */
function floatLiteral(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : `${x}`;
}

/**
 * One head of softmax(q k^T / sqrt(headDim)) v, q/k/v seq x headDim row-major; `tile` defaults to
 * {@link attentionTile} (tests pass others). Throws above {@link MAX_HEAD_DIM}.
 */
export function attentionWgsl(
  seq: number,
  headDim: number,
  device: WgslDeviceInfo,
  tile?: AttentionTile,
): WgslProgram {
  if (headDim > MAX_HEAD_DIM) {
    throw new Error(`attention WGSL supports headDim <= ${MAX_HEAD_DIM} (got ${headDim})`);
  }
  const dv = Math.ceil(headDim / 4);
  const aligned = headDim % 4 === 0;
  const { bq, bk, tr, tk } = tile ?? attentionTile(seq, dv, device);
  const sr = bq / tr;
  const sk = bk / tk;
  // Output phase: TRO row groups of dv threads; a power of two <= bq, so it divides bq.
  const tro = floorPow2(Math.min(Math.floor(WORKGROUP / dv), bq));
  const or = bq / tro;
  const grid = grid2d(Math.ceil(seq / bq), device);
  const storage = aligned ? 'array<vec4<f32>>' : 'array<f32>';
  // Loads vec4 column `d` of row `row` (zero past seq and past headDim); unaligned rows load by scalar.
  const loader = (name: string) =>
    aligned
      ? `fn load_${name}(row : u32, d : u32) -> vec4<f32> {
  if (row >= SEQ) {
    return vec4<f32>(0.0);
  }
  return ${name}[row * DV + d];
}`
      : `fn load_${name}(row : u32, d : u32) -> vec4<f32> {
  var r = vec4<f32>(0.0);
  if (row < SEQ) {
    for (var c = 0u; c < 4u; c++) {
      let col = d * 4u + c;
      if (col < D) {
        r[c] = ${name}[row * D + col];
      }
    }
  }
  return r;
}`;
  const store = aligned
    ? 'out[row * DV + dv] = o;'
    : `for (var c = 0u; c < 4u; c++) {
          let col = dv * 4u + c;
          if (col < D) {
            out[row * D + col] = o[c];
          }
        }`;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const pairs = range(tr).flatMap((a) => range(tk).map((b) => [a, b] as const));
  const scoreDecl = pairs.map(([a, b]) => `var s${a}${b} = 0.0;`).join('\n      ');
  const scoreLoop = [
    ...range(tr).map((a) => `let q${a} = qs[(sr + ${a}u * SR) * ST + d];`),
    ...range(tk).map((b) => `let k${b} = ks[(sk + ${b}u * SK) * ST + d];`),
    ...pairs.map(([a, b]) => `s${a}${b} += dot(q${a}, k${b});`),
  ].join('\n        ');
  const scoreStore = pairs
    .map(
      ([a, b]) => `s${a}${b} = select(NEG, s${a}${b}, k0 + sk + ${b}u * SK < SEQ);
      ps[(sr + ${a}u * SR) * PS + sk + ${b}u * SK] = s${a}${b};`,
    )
    .join('\n      ');
  const scoreExp = pairs
    .map(([a, b]) => {
      const row = `sr + ${a}u * SR`;
      return `ps[(${row}) * PS + sk + ${b}u * SK] = exp(s${a}${b} - rowMax[${row}]);`;
    })
    .join('\n      ');
  const accDecl = range(or)
    .map((i) => `var o${i} = vec4<f32>(0.0);\n  var l${i} = 0.0;`)
    .join('\n  ');
  const rescale = range(or)
    .map((i) => `let f${i} = rowScale[rg + ${i}u * TRO];\n      o${i} *= f${i};\n      l${i} *= f${i};`)
    .join('\n      ');
  const accumulate = range(or)
    .map(
      (i) =>
        `let p${i} = ps[(rg + ${i}u * TRO) * PS + j];\n        o${i} += p${i} * vj;\n        l${i} += p${i};`,
    )
    .join('\n        ');
  const finish = range(or)
    .map(
      (i) => `{
      let row = q0 + rg + ${i}u * TRO;
      if (row < SEQ) {
        let o = o${i} / l${i};
        ${store}
      }
    }`,
    )
    .join('\n    ');
  const code = `@group(0) @binding(0) var<storage, read> q : ${storage};
@group(0) @binding(1) var<storage, read> k : ${storage};
@group(0) @binding(2) var<storage, read> v : ${storage};
@group(0) @binding(3) var<storage, read_write> out : ${storage};
const SEQ : u32 = ${seq}u;
const D : u32 = ${headDim}u;
const DV : u32 = ${dv}u;
// Row stride of qs and ks in vec4s: odd, so rows start in different banks.
const ST : u32 = ${dv | 1}u;
const BQ : u32 = ${bq}u;
const BK : u32 = ${bk}u;
const SR : u32 = ${sr}u;
const SK : u32 = ${sk}u;
const PS : u32 = ${bk + 1}u;
const TRO : u32 = ${tro}u;
const BLOCKS : u32 = ${Math.ceil(seq / bk)}u;
const GRID_X : u32 = ${grid[0]}u;
const SCALE : f32 = ${floatLiteral(1 / Math.sqrt(headDim))};
const NEG : f32 = ${NEG};
var<workgroup> qs : array<vec4<f32>, ${bq * (dv | 1)}>;
var<workgroup> ks : array<vec4<f32>, ${bk * (dv | 1)}>;
var<workgroup> vs : array<vec4<f32>, ${bk * dv}>;
var<workgroup> ps : array<f32, ${bq * (bk + 1)}>;
var<workgroup> rowMax : array<f32, ${bq}>;
var<workgroup> rowScale : array<f32, ${bq}>;
${loader('q')}
${loader('k')}
${loader('v')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // q0 is uniform across the workgroup, so returning keeps the barriers below uniform.
  let q0 = (wid.x + wid.y * GRID_X) * BQ;
  if (q0 >= SEQ) {
    return;
  }
  for (var i = lid; i < BQ * DV; i += ${WORKGROUP}u) {
    qs[(i / DV) * ST + i % DV] = load_q(q0 + i / DV, i % DV) * SCALE;
  }
  if (lid < BQ) {
    rowMax[lid] = NEG;
  }
  // Score phase: thread (sr, sk) scores rows sr + a SR against keys sk + b SK.
  let sr = lid / SK;
  let sk = lid % SK;
  // Output phase: thread (rg, dv) owns vec4 column dv of rows rg + i TRO.
  let rg = lid / DV;
  let dv = lid % DV;
  ${accDecl}
  for (var block = 0u; block < BLOCKS; block++) {
    let k0 = block * BK;
    // The previous block's readers of ks, vs and ps are done (and, first time, qs and rowMax are stored).
    workgroupBarrier();
    for (var i = lid; i < BK * DV; i += ${WORKGROUP}u) {
      ks[(i / DV) * ST + i % DV] = load_k(k0 + i / DV, i % DV);
      vs[i] = load_v(k0 + i / DV, i % DV);
    }
    workgroupBarrier();
    ${scoreDecl}
    if (sr < SR) {
      for (var d = 0u; d < DV; d++) {
        ${scoreLoop}
      }
      ${scoreStore}
    }
    workgroupBarrier();
    if (lid < BQ) {
      let old = rowMax[lid];
      var m = old;
      for (var j = 0u; j < BK; j++) {
        m = max(m, ps[lid * PS + j]);
      }
      rowMax[lid] = m;
      rowScale[lid] = exp(old - m);
    }
    workgroupBarrier();
    if (sr < SR) {
      ${scoreExp}
    }
    workgroupBarrier();
    if (rg < TRO) {
      ${rescale}
      for (var j = 0u; j < BK; j++) {
        let vj = vs[j * DV + dv];
        ${accumulate}
      }
    }
  }
  if (rg < TRO) {
    ${finish}
  }
}`;
  return {
    kind: 'compute',
    buffers: [
      { name: 'q', words: seq * headDim, init: { input: 0 } },
      { name: 'k', words: seq * headDim, init: { input: 1 } },
      { name: 'v', words: seq * headDim, init: { input: 2 } },
      { name: 'out', words: seq * headDim, init: 'scratch' },
    ],
    passes: [
      {
        label: `attention seq=${seq} headDim=${headDim} tile ${bq}x${bk}`,
        code,
        bindings: ['q', 'k', 'v', 'out'],
        workgroups: grid,
      },
    ],
    output: 'out',
    outputWords: seq * headDim,
  };
}
