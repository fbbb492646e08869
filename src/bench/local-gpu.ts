/**
 * Which GPU this machine has: from `--local-gpu`, else `nvidia-smi`'s name, else a WebGPU adapter's
 * `device` string; and which catalog record it is, when it is one. Identification is pure; only
 * {@link queryNvidiaSmiName} touches the system.
 * @module
 */
import { execFileSync } from 'node:child_process';
import type { Catalog } from '../hardware/catalog.ts';
import type { GpuSpec } from '../hardware/types.ts';
import type { AdapterInfo } from '../pool/protocol.ts';
import type { LocalGpu } from '../results/bench-results.ts';

/** What is known about the local GPU before identification. */
export interface LocalGpuInput {
  /** The `--local-gpu` value: a catalog id or alias. */
  readonly flag?: string | undefined;
  /** First line of `nvidia-smi --query-gpu=name`, e.g. `NVIDIA H100 80GB HBM3`. */
  readonly nvidiaSmiName?: string | undefined;
  /** WebGPU adapters of the run; their `device` is the product name on dawn.node, often empty in Chromium. */
  readonly adapters: readonly Pick<AdapterInfo, 'device'>[];
}

/** A product name taken apart: the model tokens, the form factor and the memory size it states. */
export interface ParsedGpuName {
  /** Model tokens in order, vendor and brand words dropped, e.g. `['rtx', '4090', 'd']`. */
  readonly model: readonly string[];
  /** `sxm` (any SXM generation), `pcie` or `nvl` when the name says it. */
  readonly formFactor: 'sxm' | 'pcie' | 'nvl' | null;
  /** Memory size the name states (`80GB` -> 80), or null. */
  readonly memoryGb: number | null;
}

/** Words that name the vendor, brand or memory type, never the model. */
const NOISE = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'hbm2',
  'hbm2e',
  'hbm3',
  'hbm3e',
  'gddr6',
  'gddr6x',
  'gddr7',
]);

/**
 * Take a GPU product name apart (case-insensitive): `NVIDIA A100-SXM4-80GB` -> model `['a100']`, form factor
 * `sxm`, 80 GB. Parenthesized text is dropped (`H20 141GB (HBM3e)`).
 */
export function parseGpuName(name: string): ParsedGpuName {
  const tokens = name
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s\-_/,]+/)
    .filter((t) => t.length > 0);
  const model: string[] = [];
  let formFactor: ParsedGpuName['formFactor'] = null;
  let memoryGb: number | null = null;
  for (const token of tokens) {
    const memory = /^(\d+)gb?$/.exec(token);
    if (memory) memoryGb = Number(memory[1]);
    else if (/^sxm\d*$/.test(token)) formFactor = 'sxm';
    else if (token === 'pcie' || token === 'nvl') formFactor = token;
    else if (!NOISE.has(token)) model.push(token);
  }
  return { model, formFactor, memoryGb };
}

/** Relative slack between a stated memory size and the catalog's (80GB cards report 79-81 GB). */
const MEMORY_TOLERANCE = 0.1;

function memoryMatches(gpu: GpuSpec, memoryGb: number | null): boolean {
  const capacity = gpu.memoryCapacityBytes.value;
  if (memoryGb === null || capacity === null) return true;
  return Math.abs(capacity / 1e9 - memoryGb) <= MEMORY_TOLERANCE * memoryGb;
}

/**
 * The catalog record a product name denotes, or undefined. Candidate keys, first hit wins: the model with
 * its form factor (`h100-pcie`), with its memory (`h20-141g`), then the bare model (`h200`, `rtx4090`). A
 * bare model resolves through the catalog's aliases, which point at the SXM part: names without a form
 * factor (`NVIDIA H100 80GB HBM3`, `NVIDIA H200`) are the SXM boards. A PCIe or NVL board resolves only to
 * a record of that form factor; a stated memory size that differs from the record's means another part.
 */
export function matchCatalogGpu(name: string, catalog: Catalog): GpuSpec | undefined {
  const { model, formFactor, memoryGb } = parseGpuName(name);
  if (model.length === 0) return undefined;
  const stems = [...new Set([model.join('-'), model.join('')])];
  const keys: string[] = [];
  for (const stem of stems) {
    if (formFactor !== null) keys.push(`${stem}-${formFactor}`, `${stem}${formFactor}`);
  }
  // Only SXM may fall back to memory or bare-model keys (aliases of SXM parts): PCIe and NVL boards have
  // their own clocks and bandwidth.
  if (formFactor === null || formFactor === 'sxm') {
    if (memoryGb !== null)
      for (const stem of stems) keys.push(`${stem}-${memoryGb}g`, `${stem}-${memoryGb}gb`);
    keys.push(...stems);
  }
  for (const key of keys) {
    const gpu = catalog.find(key);
    if (gpu && memoryMatches(gpu, memoryGb)) return gpu;
  }
  return undefined;
}

/**
 * Identify the local GPU. `flag` wins and must name a catalog GPU (an unknown one is the catalog's
 * UserError naming `--local-gpu`); else the first adapter with a non-empty `device` (the GPU the kernels
 * ran on, also on a machine with several); else the nvidia-smi name (browsers hide the adapter's name).
 * A GPU found but not in the catalog has `catalogId: null`. Undefined when nothing names a GPU.
 */
export function identifyLocalGpu(input: LocalGpuInput, catalog: Catalog): LocalGpu | undefined {
  if (input.flag !== undefined) {
    const gpu = catalog.get(input.flag, 'localGpu');
    return { name: gpu.name, catalogId: gpu.id, source: 'flag' };
  }
  const device = input.adapters.map((a) => a.device.trim()).find((d) => d.length > 0);
  if (device) {
    return { name: device, catalogId: matchCatalogGpu(device, catalog)?.id ?? null, source: 'adapter' };
  }
  const smiName = input.nvidiaSmiName?.trim();
  if (smiName) {
    return { name: smiName, catalogId: matchCatalogGpu(smiName, catalog)?.id ?? null, source: 'nvidia-smi' };
  }
  return undefined;
}

/**
 * The first GPU's name from `nvidia-smi --query-gpu=name --format=csv,noheader`; undefined when the tool is
 * absent, fails or takes over 3 s.
 */
export function queryNvidiaSmiName(): string | undefined {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 3000,
    });
    const first = out.split('\n')[0]?.trim();
    return first ? first : undefined;
  } catch {
    return undefined;
  }
}
