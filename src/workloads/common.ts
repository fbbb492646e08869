/**
 * Parameter specs and assumption text shared by the workloads.
 * @module
 */
import type { GpuSpec, Precision } from '../hardware/types.ts';
import { COMPUTE_FIT, FIT_BANDS, MEMORY_FIT } from '../model/data/fitted.ts';
import type { GpuResources } from '../model/resources.ts';
import { UNVERIFIED_SPEC_SPREAD } from '../model/types.ts';
import type { ParamSpec } from './params.ts';

/** Precisions a user may ask for (`fp64` uses FP64 tensor cores where the part has them). */
export const DTYPES: readonly Precision[] = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4'];

/** `--dtype` with a default. */
export const dtypeParam = (defaultValue: Precision): ParamSpec => ({
  key: 'dtype',
  flag: '--dtype',
  description: `math precision: ${DTYPES.join('|')}`,
  kind: 'choice',
  choices: DTYPES,
  default: defaultValue,
});

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Format a byte count with a decimal unit. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value >= 100 || i === 0 ? Math.round(value) : value.toPrecision(3)} ${units[i]}`;
}

const computeAssumptions = new WeakMap<GpuResources, readonly string[]>();
const memoryAssumptions = new WeakMap<GpuResources, readonly string[]>();

/**
 * The assumptions every compute/memory estimate on a GPU shares: which curve, its constants, the launch
 * latency, memory efficiency and the unverified catalog figures that widen the range. Cached per resources
 * (resources are cached per GPU object), so the returned array is frozen: copy it to add lines.
 */
export function resourceAssumptions(gpu: GpuSpec, res: GpuResources, computes: boolean): readonly string[] {
  const cache = computes ? computeAssumptions : memoryAssumptions;
  const hit = cache.get(res);
  if (hit) return hit;
  const out: string[] = [];
  if (computes) {
    const c = res.curve;
    out.push(
      `compute efficiency: ${c.curveId} curve, etaMax ${c.curve.etaMax.toFixed(3)} x kt/(kt + ${COMPUTE_FIT.kHalf}) x wave quantization on ${gpu.smCount.value ?? 'unknown (no quantization)'} SMs; band +/-${pct(c.confidence === 'borrowed' ? 2 * FIT_BANDS.compute : FIT_BANDS.compute)}`,
    );
    if (c.borrowNote) out.push(c.borrowNote);
    if (res.peakPrecision === 'fp64-tensor') out.push('fp64 math runs on FP64 tensor cores (DMMA)');
  }
  out.push(
    `memory efficiency ${MEMORY_FIT.intercept} + ${MEMORY_FIT.slope} x read fraction of ${formatBytes(gpu.memoryBandwidthBytesPerSec.value ?? 0)}/s; band +/-${pct(FIT_BANDS.memory)}`,
  );
  out.push(`kernel launch latency ${(COMPUTE_FIT.launchLatencySec * 1e6).toFixed(1)} us per op (fitted)`);
  if (res.unverifiedFields.length > 0) {
    out.push(
      `unverified catalog figures widen the range by +/-${pct(UNVERIFIED_SPEC_SPREAD)} each: ${res.unverifiedFields.join(', ')}`,
    );
  }
  Object.freeze(out);
  cache.set(res, out);
  return out;
}

/** `base` with `extra` appended, as a new array (the cached `base` is never mutated). */
export function withAssumption(base: readonly string[], extra: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) out.push(base[i] as string);
  out.push(extra);
  return out;
}
