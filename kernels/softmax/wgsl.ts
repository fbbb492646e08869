/**
 * WGSL of `softmax`: one workgroup of 256 threads per row. Thread t owns columns t, t + 256, ...; it keeps
 * them in registers when a row has at most 256 * CACHED_PER_THREAD columns (one read of the input), and
 * re-reads them from the buffer otherwise. Row max and row sum of exp(x - max) are trees in workgroup
 * memory; each output is exp(x - max) / sum. Rows beyond the 65535-workgroup limit use a 2D grid.
 */

import { grid2d } from '../shared.ts';
import type { WgslDeviceInfo, WgslProgram } from '../types.ts';

const WORKGROUP = 256;
/** Columns per thread kept in registers; above 256 times this, the row is read three times. */
const CACHED_PER_THREAD = 16;

/** A tree in workgroup memory combining `red[0..256)` into `red[0]`; uniform control flow. */
function tree(combine: (a: string, b: string) => string): string {
  return `
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) {
      red[lid] = ${combine('red[lid]', 'red[lid + s]')};
    }
    workgroupBarrier();
  }`;
}

const MAX_TREE = tree((a, b) => `max(${a}, ${b})`);
const SUM_TREE = tree((a, b) => `${a} + ${b}`);

/** Row-wise softmax of the rows x cols row-major input. */
export function softmaxWgsl(rows: number, cols: number, device: WgslDeviceInfo): WgslProgram {
  const per = Math.ceil(cols / WORKGROUP);
  const cached = per <= CACHED_PER_THREAD;
  const grid = grid2d(rows, device);
  // Column c of this thread's i-th slot; guarded since cols need not be a multiple of 256.
  const forEach = (body: string) => `
  for (var i = 0u; i < PER; i++) {
    let c = lid + i * ${WORKGROUP}u;
    if (c < COLS) {
      ${body}
    }
  }`;
  const phases = cached
    ? `var vals : array<f32, PER>;
  var m = -3.0e38;${forEach('vals[i] = x[base + c];\n      m = max(m, vals[i]);')}
  red[lid] = m;${MAX_TREE}
  let rowMax = red[0];
  // Everyone has read red[0] before red is reused.
  workgroupBarrier();
  var sum = 0.0;${forEach('vals[i] = exp(vals[i] - rowMax);\n      sum += vals[i];')}
  red[lid] = sum;${SUM_TREE}
  let rowSum = red[0];${forEach('out[base + c] = vals[i] / rowSum;')}`
    : `var m = -3.0e38;${forEach('m = max(m, x[base + c]);')}
  red[lid] = m;${MAX_TREE}
  let rowMax = red[0];
  // Everyone has read red[0] before red is reused.
  workgroupBarrier();
  var sum = 0.0;${forEach('sum += exp(x[base + c] - rowMax);')}
  red[lid] = sum;${SUM_TREE}
  let rowSum = red[0];${forEach('out[base + c] = exp(x[base + c] - rowMax) / rowSum;')}`;
  const code = `@group(0) @binding(0) var<storage, read> x : array<f32>;
@group(0) @binding(1) var<storage, read_write> out : array<f32>;
const ROWS : u32 = ${rows}u;
const COLS : u32 = ${cols}u;
const PER : u32 = ${per}u;
const GRID_X : u32 = ${grid[0]}u;
var<workgroup> red : array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // The row is uniform across the workgroup, so returning keeps the barriers below uniform.
  let row = wid.x + wid.y * GRID_X;
  if (row >= ROWS) {
    return;
  }
  let base = row * COLS;
  ${phases}
}`;
  return {
    kind: 'compute',
    buffers: [
      { name: 'x', words: rows * cols, init: { input: 0 } },
      { name: 'out', words: rows * cols, init: 'scratch' },
    ],
    passes: [
      {
        label: `softmax rows=${rows} cols=${cols}${cached ? ' cached' : ''}`,
        code,
        bindings: ['x', 'out'],
        workgroups: grid,
      },
    ],
    output: 'out',
    outputWords: rows * cols,
  };
}
