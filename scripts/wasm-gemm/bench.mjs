#!/usr/bin/env node
// Tune: node scripts/wasm-gemm/bench.mjs MR NR KC MC NC UNROLL [sizes...]
// Assembles the generated module in memory, checks one odd size against a Float64 reference, then prints
// single-thread GFLOP/s (median of several calls) per square size.
import wabtInit from 'wabt';
import { generate } from './gen.mjs';

const [MR, NR, KC, MC, NC, UNROLL, SPLIT, ...rest] = process.argv.slice(2).map(Number);
const sizes = rest.length > 0 ? rest : [256, 512, 1024, 2048];
const wabt = await wabtInit();
const FEATURES = { simd: true, threads: true };
const parsed = wabt.parseWat('g.wat', generate({ MR, NR, KC, MC, NC, UNROLL, SPLIT }), FEATURES);
parsed.validate(FEATURES);
const module = new WebAssembly.Module(parsed.toBinary({}).buffer);

function setup(m, n, k) {
  const instanceProbe = new WebAssembly.Instance(module, {
    env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }) },
  });
  const scratch = instanceProbe.exports.scratch_bytes_per_part(m, n, k);
  const al = (x) => Math.ceil(x / 64) * 64;
  const a = al(scratch * 4);
  const b = a + al(m * k * 4);
  const c = b + al(k * n * 4);
  const pages = Math.ceil((c + al(m * n * 4)) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const A = new Float32Array(memory.buffer, a, m * k);
  const B = new Float32Array(memory.buffer, b, k * n);
  for (let i = 0; i < A.length; i++) A[i] = Math.random() * 2 - 1;
  for (let i = 0; i < B.length; i++) B[i] = Math.random() * 2 - 1;
  const C = new Float32Array(memory.buffer, c, m * n);
  return { A, B, C, call: (part = 0, parts = 1) => inst.exports.gemm(a, b, c, m, n, k, 0, part, parts) };
}

for (const [m, n, k] of [
  [37, 45, 301],
  [7, 7, 7],
  [1, 1023, 64],
  [300, 1, 5],
]) {
  const { A, B, C, call } = setup(m, n, k);
  call();
  let err = 0;
  let max = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
      err = Math.max(err, Math.abs(s - C[i * n + j]));
      max = Math.max(max, Math.abs(s));
    }
  if (err / max > 1e-5) throw new Error(`wrong at ${m}x${n}x${k}: ${err / max}`);
}

const out = [];
for (const n of sizes) {
  const { call } = setup(n, n, n);
  const reps = Math.max(3, Math.min(30, Math.round(2e9 / (2 * n ** 3))));
  call();
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    call();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const med = times[Math.floor(times.length / 2)];
  out.push(`${n}:${((2 * n ** 3) / med / 1e6).toFixed(1)}`);
}
console.log(`MR=${MR} NR=${NR} KC=${KC} MC=${MC} NC=${NC} U=${UNROLL} S=${SPLIT}  ${out.join('  ')}`);
