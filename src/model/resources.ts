/**
 * Resolve a GPU's catalog figures into the numbers an op needs, for one scenario. Missing figures are
 * UserErrors naming the parameter that asked for them; unverified figures are listed so they can widen the range.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';
import type { GpuSpec, Precision, Sourced } from '../hardware/types.ts';
import { memoByObject } from '../util/memo.ts';
import { type CurveChoice, curveFor } from './calibration.ts';
import { COMPUTE_FIT, FIT_BANDS, MEMORY_FIT } from './data/fitted.ts';
import type { OpResources } from './roofline.ts';
import { type Scenario, UNVERIFIED_SPEC_SPREAD } from './types.ts';

/** Multiplier that moves a rate or efficiency toward the scenario's end of its band. */
export function scenarioScale(scenario: Scenario, band: number): number {
  if (scenario === 'optimistic') return 1 + band;
  if (scenario === 'pessimistic') return 1 - band;
  return 1;
}

/** A catalog figure's value in the scenario: unverified figures move by {@link UNVERIFIED_SPEC_SPREAD}. */
export function specValue(field: Sourced<number>, scenario: Scenario): number | null {
  if (field.value === null) return null;
  return field.verified ? field.value : field.value * scenarioScale(scenario, UNVERIFIED_SPEC_SPREAD);
}

/**
 * The peak to use for a precision. FP64 math runs on FP64 tensor cores where the part has them. A
 * precision the part lacks is a UserError naming the parameter `key` (a ParamSpec key, e.g. `dtype`).
 */
export function peakField(
  gpu: GpuSpec,
  precision: Precision,
  key: string,
): { field: Sourced<number>; used: Precision } {
  if (precision === 'fp64') {
    const tensor = gpu.peakDenseOpsPerSec['fp64-tensor'];
    if (tensor.value !== null && tensor.value > 0) return { field: tensor, used: 'fp64-tensor' };
  }
  const field = gpu.peakDenseOpsPerSec[precision];
  if (field.value === null || field.value <= 0) {
    throw new UserError(
      msg`${param(key)} ${precision}: ${gpu.id} has no ${precision} peak in the catalog (${field.source})`,
    );
  }
  return { field, used: precision };
}

/** Everything an op on one GPU needs, per scenario, plus what the estimate should say about it. */
export interface GpuResources {
  readonly curve: CurveChoice;
  readonly peakPrecision: Precision;
  readonly byScenario: Readonly<Record<Scenario, OpResources>>;
  /** Catalog fields used whose value is unverified, e.g. `smCount`. */
  readonly unverifiedFields: readonly string[];
}

/**
 * The resources of the three scenarios. A class rather than an object literal: V8 tracks a field's type per
 * map transition, and literals whose first key is `nominal` (collective and op ranges) share this one's. When
 * one of those stored another type there, every optimized loop that had specialized its loads from
 * `byScenario[scenario]` was thrown away; on Node 20 the serving solver's was then left unoptimized, 4x
 * slower (bench/serving).
 */
class ByScenario implements Readonly<Record<Scenario, OpResources>> {
  // Declared, not initialized: a class field is first defined as undefined, which would leave the field's
  // type unknown to the optimizing compiler; assigned once here, loads from it stay specialized.
  declare readonly nominal: OpResources;
  declare readonly optimistic: OpResources;
  declare readonly pessimistic: OpResources;
  constructor(nominal: OpResources, optimistic: OpResources, pessimistic: OpResources) {
    const self = this as { -readonly [K in Scenario]: OpResources };
    self.nominal = nominal;
    self.optimistic = optimistic;
    self.pessimistic = pessimistic;
  }
}

/** Resources by GPU content (sweep workers' cloned GPUs hit too), then by precision (`-` for none). */
type ByPrecision = Partial<Record<Precision | '-', GpuResources>>;
const cache = memoByObject<ByPrecision>(1024);
// A plain record, not a Map: the lookup on every estimate is a property load.
const newByPrecision = (): ByPrecision => ({});

/**
 * Resources for compute+memory ops at `precision` on `gpu` (cached per GPU content and precision).
 * `precision` null: memory-only ops (the peak is then irrelevant and not required). A precision the GPU
 * lacks is a UserError naming the parameter `paramKey` that chose it (a ParamSpec key: `dtype`, `weightDtype`).
 */
export function gpuResources(gpu: GpuSpec, precision: Precision | null, paramKey = 'dtype'): GpuResources {
  const byPrecision = cache.get(gpu, newByPrecision);
  const precisionKey = precision ?? '-';
  const hit = byPrecision[precisionKey];
  if (hit) return hit;
  const bandwidth = gpu.memoryBandwidthBytesPerSec;
  if (bandwidth.value === null || bandwidth.value <= 0) {
    throw new UserError(
      msg`${param('gpu')} ${gpu.id}: no memory bandwidth in the catalog (${bandwidth.source})`,
    );
  }
  const peak = precision === null ? null : peakField(gpu, precision, paramKey);
  const curve = curveFor(gpu, precision ?? 'bf16');
  const unverifiedFields: string[] = [];
  if (!bandwidth.verified) unverifiedFields.push('memoryBandwidthBytesPerSec');
  if (peak && !peak.field.verified) unverifiedFields.push(`peakDenseOpsPerSec.${peak.used}`);
  if (precision !== null && !gpu.smCount.verified) unverifiedFields.push('smCount');
  // A user calibration (GpuSpec.calibration) replaces the memory line, launch latency and bands it fitted.
  const user = gpu.calibration;
  const computeBand =
    curve.confidence === 'calibrated (user)' && user
      ? user.bands.compute
      : curve.confidence === 'borrowed'
        ? 2 * FIT_BANDS.compute
        : FIT_BANDS.compute;
  const memoryLine = user ? user.memoryLine : MEMORY_FIT;
  const launchLatencySec = user ? user.launchLatencySec : COMPUTE_FIT.launchLatencySec;
  const memoryBand = user ? user.bands.memory : FIT_BANDS.memory;
  const build = (scenario: Scenario): OpResources => ({
    peakOpsPerSec: peak ? (specValue(peak.field, scenario) ?? Number.NaN) : Number.NaN,
    memoryBytesPerSec: specValue(bandwidth, scenario) ?? Number.NaN,
    smCount: gpu.smCount.value,
    curve: curve.curve,
    memoryLine,
    launchLatencySec,
    computeScale: scenarioScale(scenario, computeBand),
    memoryScale: scenarioScale(scenario, memoryBand),
  });
  const resources: GpuResources = {
    curve,
    peakPrecision: peak?.used ?? 'bf16',
    byScenario: new ByScenario(build('nominal'), build('optimistic'), build('pessimistic')),
    unverifiedFields,
  };
  byPrecision[precisionKey] = resources;
  return resources;
}
