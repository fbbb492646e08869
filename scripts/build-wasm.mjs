#!/usr/bin/env node
/**
 * Assemble the WebAssembly text kernels (`kernels/** /*.wat`) into `dist/wasm/<name>.wasm` with wabt, at
 * build time: the wasm-simd backend loads the binaries, and no binary is committed. Each file's base name
 * must be unique. Plain JavaScript, so `npm run build` needs no TypeScript loader for it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'wasm');

/** Every `.wat` file under `dir`. */
function watFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...watFiles(path));
    else if (entry.name.endsWith('.wat')) out.push(path);
  }
  return out.sort();
}

/** Post-MVP features the kernels use: 128-bit SIMD, and shared memory with atomics for threads. */
const FEATURES = { simd: true, threads: true };

const wabt = await wabtInit();
mkdirSync(outDir, { recursive: true });
const seen = new Map();
let failed = false;
for (const file of watFiles(join(root, 'kernels'))) {
  const name = basename(file, '.wat');
  const rel = relative(root, file);
  if (seen.has(name)) {
    process.stderr.write(`build-wasm: ${rel} and ${seen.get(name)} share the name ${name}\n`);
    failed = true;
    continue;
  }
  seen.set(name, rel);
  let module;
  try {
    module = wabt.parseWat(rel, readFileSync(file, 'utf8'), FEATURES);
    module.validate(FEATURES);
    const { buffer } = module.toBinary({ write_debug_names: true });
    // Written beside and renamed: a reader never sees half a file.
    const target = join(outDir, `${name}.wasm`);
    writeFileSync(`${target}.${process.pid}.tmp`, buffer);
    renameSync(`${target}.${process.pid}.tmp`, target);
  } catch (error) {
    process.stderr.write(`build-wasm: ${rel}: ${error instanceof Error ? error.message : String(error)}\n`);
    failed = true;
  } finally {
    module?.destroy();
  }
}
if (failed) process.exit(1);
