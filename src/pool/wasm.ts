/**
 * The `wasm-simd` backend's side of the kernel contract: the WebAssembly modules assembled at build time
 * (`npm run build` writes `dist/wasm/<name>.wasm` from `kernels/<kernel>/<name>.wat`), compiled once per
 * thread, and the probe that says whether this Node runs 128-bit SIMD. Used by the pool workers only.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WasmFactory } from '../../kernels/types.ts';
import { packageRoot } from '../util/package-info.ts';
import type { ProbeReply } from './protocol.ts';
import { createSoloTeam, createWasmTeam, type WasmTeam } from './wasm-team.ts';

/** Where the assembled modules are: `TPPBENCH_WASM_DIR`, else the package's dist/wasm. */
export function wasmDir(): string {
  return process.env.TPPBENCH_WASM_DIR || join(packageRoot(), 'dist', 'wasm');
}

const modules = new Map<string, WebAssembly.Module>();

/** The compiled module of `<name>.wat` (compiled once per thread). */
function moduleOf(name: string): WebAssembly.Module {
  let module = modules.get(name);
  if (module === undefined) {
    const file = join(wasmDir(), `${name}.wasm`);
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run npm run build (it assembles kernels/**/${name}.wat)`);
    }
    module = new WebAssembly.Module(readFileSync(file));
    modules.set(name, module);
  }
  return module;
}

const teams = new Map<number, WasmTeam>();

/** The factory wasm kernels build on, with `threads` threads per call (a team kept for the thread's life). */
export async function wasmFactoryFor(threads: number): Promise<WasmFactory> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError('threads must be a positive integer');
  if (threads === 1) return wasmFactory;
  let team = teams.get(threads);
  if (team === undefined) {
    team = await createWasmTeam(threads);
    teams.set(threads, team);
  }
  return factoryOn(threads, team);
}

function factoryOn(threads: number, team: WasmTeam): WasmFactory {
  return {
    threads,
    instantiate: (name, imports = {}) => new WebAssembly.Instance(moduleOf(name), imports),
    parallel: (name, memory, exportName, args) => team.run(moduleOf(name), memory, exportName, args),
  };
}

/** The one-thread factory: a team of the calling thread alone. */
export const wasmFactory: WasmFactory = factoryOn(1, createSoloTeam());

/** Stop every team's helper threads. */
export async function closeWasmTeams(): Promise<void> {
  const all = [...teams.values()];
  teams.clear();
  await Promise.all(all.map((t) => t.close()));
}

/**
 * A module that adds two f32x4 vectors: valid only where the engine has 128-bit SIMD (the `wasm-simd`
 * backend's one requirement). `(func (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.add)`.
 */
const SIMD_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0xe4, 0x01, 0x0b,
]);

/**
 * Whether `wasm-simd` runs here, and why not: the engine must validate a SIMD module (`validate`, the
 * engine's own unless a test passes another) and the assembled kernels must be in {@link wasmDir}.
 */
export function probeWasmSimd(
  validate: (bytes: Uint8Array) => boolean = (b) => WebAssembly.validate(b),
): ProbeReply {
  const backend = 'wasm-simd';
  if (!validate(SIMD_PROBE)) {
    return {
      type: 'probe-reply',
      backend,
      available: false,
      reason: 'this JavaScript engine has no WebAssembly SIMD',
    };
  }
  const dir = wasmDir();
  if (!existsSync(join(dir, 'gemm.wasm'))) {
    return {
      type: 'probe-reply',
      backend,
      available: false,
      reason: `${join(dir, 'gemm.wasm')} is missing: run npm run build (it assembles the kernels' .wat files)`,
    };
  }
  return { type: 'probe-reply', backend, available: true, renderer: 'WebAssembly 128-bit SIMD' };
}
