/**
 * Parameter specs and assumption text shared by the workloads.
 * @module
 */

import { flagOfKey } from '../errors.ts';
import type { GpuSpec, Precision } from '../hardware/types.ts';
import type { GpuResources } from '../model/resources.ts';
import { UNVERIFIED_SPEC_SPREAD } from '../model/types.ts';
import { memo, memoByObject } from '../util/memo.ts';
import type { ParamSpec } from './params.ts';

/** Precisions a user may ask for (`fp64` uses FP64 tensor cores where the part has them). */
export const DTYPES: readonly Precision[] = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4'];

/** The `dtype` parameter with a default; its parsed value is a {@link Precision}. */
export const dtypeParam = (defaultValue: Precision) =>
  ({
    key: 'dtype',
    flag: '--dtype',
    description: `math precision: ${DTYPES.join('|')}`,
    kind: 'choice',
    choices: DTYPES,
    default: defaultValue,
  }) as const satisfies ParamSpec;

/**
 * An integer parameter whose flag is its key in kebab case (`blockSize` -> `--block-size`), with a default
 * when given (none: required) and a smallest value when not 1.
 */
export const integerParam = <const K extends string>(
  key: K,
  description: string,
  defaultValue?: number,
  min?: number,
) =>
  ({
    key,
    flag: flagOfKey(key),
    description,
    kind: 'integer',
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(min === undefined ? {} : { min }),
  }) as const satisfies ParamSpec;

const pct = (x: number) => `${Math.round(x * 100)}%`;

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Formatted byte counts: estimates quote the same weights and caches again and again. */
const formattedBytes = memo<string, number>(4096);

/** Format a byte count with a decimal unit. */
export function formatBytes(bytes: number): string {
  return formattedBytes.get(bytes, () => formatBytesNow(bytes));
}

function formatBytesNow(bytes: number): string {
  const units = BYTE_UNITS;
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value >= 100 || i === 0 ? Math.round(value) : value.toPrecision(3)} ${units[i]}`;
}

/** Assumption lines by resources content (it holds every figure the lines quote), for compute or memory ops. */
const assumptionCache = memoByObject<{ compute?: readonly string[]; memory?: readonly string[] }>(1024);
const newLines = () => ({});

/**
 * The assumptions every compute/memory estimate on a GPU shares: which curve, its constants, the launch
 * latency, memory efficiency and the unverified catalog figures that widen the range. `res` must be
 * `gpu`'s resources. Cached per resources, so the returned array is frozen: copy it to add lines.
 */
export function resourceAssumptions(gpu: GpuSpec, res: GpuResources, computes: boolean): readonly string[] {
  const lines = assumptionCache.get(res, newLines);
  const hit = computes ? lines.compute : lines.memory;
  if (hit) return hit;
  const made = assumptionLines(gpu, res, computes);
  if (computes) lines.compute = made;
  else lines.memory = made;
  return made;
}

function assumptionLines(gpu: GpuSpec, res: GpuResources, computes: boolean): readonly string[] {
  const out: string[] = [];
  // Every constant quoted is the one the resources use: the built-in fit, or a user calibration's.
  const nominal = res.byScenario.nominal;
  const optimistic = res.byScenario.optimistic;
  if (computes) {
    const c = res.curve;
    out.push(
      `compute efficiency: ${c.curveId} curve, etaMax ${c.curve.etaMax.toFixed(3)} x kt/(kt + ${c.curve.kHalf}) x wave quantization on ${gpu.smCount.value ?? 'unknown (no quantization)'} SMs; band +/-${pct(optimistic.computeScale - 1)}`,
    );
    if (c.borrowNote) out.push(c.borrowNote);
    if (res.peakPrecision === 'fp64-tensor') out.push('fp64 math runs on FP64 tensor cores (DMMA)');
  }
  const line = nominal.memoryLine;
  out.push(
    `memory efficiency ${line.intercept} + ${line.slope} x read fraction of ${formatBytes(gpu.memoryBandwidthBytesPerSec.value ?? 0)}/s; band +/-${pct(optimistic.memoryScale - 1)}`,
  );
  out.push(`kernel launch latency ${(nominal.launchLatencySec * 1e6).toFixed(1)} us per op (fitted)`);
  if (res.unverifiedFields.length > 0) {
    out.push(
      `unverified catalog figures widen the range by +/-${pct(UNVERIFIED_SPEC_SPREAD)} each: ${res.unverifiedFields.join(', ')}`,
    );
  }
  return Object.freeze(out);
}

/** `base` with `extra` appended, as a new array (the cached `base` is never mutated). */
export function withAssumption(base: readonly string[], extra: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) out.push(base[i] as string);
  out.push(extra);
  return out;
}
