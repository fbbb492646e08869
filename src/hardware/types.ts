/**
 * Types of the GPU catalog. Every number carries its provenance; units are in the field names.
 * @module
 */

/** A value with where it came from. `value` is `null` when the fact is not known: never a guess. */
export interface Sourced<T> {
  readonly value: T | null;
  /** Source key(s) from `SOURCES`, a URL, or a file name for user-supplied data, plus a short note. */
  readonly source: string;
  /** `false` for weak, recalled or derived-from-assumption figures: they widen estimate ranges. */
  readonly verified: boolean;
}

/** A {@link Sourced} fact that every GPU must have: the value is never `null`. */
export interface Known<T> extends Sourced<T> {
  readonly value: T;
}

/** GPU architecture generations. The model keys its compute-efficiency curves by architecture. */
export const ARCHITECTURES = ['hopper', 'ampere', 'ada', 'blackwell'] as const;
/** One of {@link ARCHITECTURES}. */
export type Architecture = (typeof ARCHITECTURES)[number];

/**
 * How GPUs in one node reach each other: NVLink through NVSwitch (HGX/DGX boards), an NVLink bridge between
 * two cards, or PCIe only.
 */
export const SCALE_UP_FABRICS = ['nvswitch', 'bridge', 'pcie'] as const;
/** One of {@link SCALE_UP_FABRICS}. */
export type ScaleUpFabric = (typeof SCALE_UP_FABRICS)[number];

/** Numeric precisions the catalog knows. `fp64-tensor` is the FP64 tensor-core (DMMA) rate. */
export const PRECISIONS = [
  'fp64',
  'fp64-tensor',
  'fp32',
  'tf32',
  'bf16',
  'fp16',
  'fp8',
  'int8',
  'fp4',
] as const;
/** One of {@link PRECISIONS}. */
export type Precision = (typeof PRECISIONS)[number];

/**
 * Bit length of each precision's operation, as used by the 3A090 TPP formula.
 * TF32 operates on FP32-stored operands and is counted at 32 bits; on every catalogued part its TPP equals
 * the BF16 TPP, so the choice never changes a verdict.
 */
export const BIT_LENGTH: Readonly<Record<Precision, number>> = {
  fp64: 64,
  'fp64-tensor': 64,
  fp32: 32,
  tf32: 32,
  bf16: 16,
  fp16: 16,
  fp8: 8,
  int8: 8,
  fp4: 4,
};

/** Bytes per element when a tensor is stored in this precision. */
export const BYTES_PER_ELEMENT: Readonly<Record<Precision, number>> = {
  fp64: 8,
  'fp64-tensor': 8,
  fp32: 4,
  tf32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  fp4: 0.5,
};

/** One GPU. Throughput is dense (no sparsity), in operations per second (FLOP/s or integer OP/s). */
export interface GpuSpec {
  /** Stable kebab-case id, e.g. `h100-sxm`. */
  readonly id: string;
  /** Display name, e.g. `H100 SXM5 80GB`. */
  readonly name: string;
  /** Other names users type, e.g. `h100`. */
  readonly aliases: readonly string[];
  /** Architecture generation (the die's family); picks the compute-efficiency curve. */
  readonly architecture: Known<Architecture>;
  /** Dense peak per precision. A precision the part lacks has `value: null` and says so in `source`. */
  readonly peakDenseOpsPerSec: Readonly<Record<Precision, Sourced<number>>>;
  readonly memoryCapacityBytes: Sourced<number>;
  readonly memoryBandwidthBytesPerSec: Sourced<number>;
  /** Scale-up link (NVLink) bandwidth, bidirectional aggregate per GPU as NVIDIA quotes it. 0 = none. */
  readonly scaleUpBandwidthBytesPerSec: Sourced<number>;
  /**
   * How the scale-up links connect the GPUs of a node. A GPU without scale-up bandwidth uses PCIe whatever
   * this says.
   */
  readonly scaleUpFabric: Known<ScaleUpFabric>;
  /** Scale-out NIC bandwidth per GPU, one direction. */
  readonly scaleOutBandwidthBytesPerSec: Sourced<number>;
  /** Host PCIe bandwidth, bidirectional. */
  readonly pcieBandwidthBytesPerSec: Sourced<number>;
  readonly tdpWatts: Sourced<number>;
  /** 3A090 'applicable die area': all non-planar logic die area, in mm². */
  readonly dieAreaMm2: Sourced<number>;
  readonly smCount: Sourced<number>;
  readonly l2CacheBytes: Sourced<number>;
  /** Designed or marketed for data centers (3A090 Note 2). */
  readonly datacenter: Sourced<boolean>;
  /** Launch or first-shipping date, `YYYY-MM`. */
  readonly launchDate: Sourced<string>;
  /** Where the record came from: the built-in catalog or a user file. */
  readonly origin: 'built-in' | 'user-file';
  /**
   * The user's calibration of this GPU (`--calibration cal.json`, fitted by `tppbench calibrate` from a probe
   * run on it): the model then uses these curves instead of the built-in fit. Absent: the built-in fit.
   */
  readonly calibration?: GpuCalibration;
}

/**
 * Model constants fitted on one user's GPU by `tppbench calibrate`; each replaces the built-in fitted
 * constant of the same name for that GPU (src/model/data/fitted.ts).
 */
export interface GpuCalibration {
  /** The calibration file, named in the assumptions of every estimate that uses it. */
  readonly file: string;
  /** The probed device as PyTorch named it, e.g. `NVIDIA H200`. */
  readonly deviceName: string;
  /** Compute curve per precision class the probe measured: `eta_c = etaMax x kt/(kt + kHalf) x waves`. */
  readonly compute: Readonly<
    Partial<Record<'tensor-16bit' | 'tensor-8bit', { readonly etaMax: number; readonly kHalf: number }>>
  >;
  readonly launchLatencySec: number;
  /** Memory efficiency `intercept + slope x readFraction`. */
  readonly memoryLine: { readonly intercept: number; readonly slope: number };
  /** Uncertainty bands (fractions) of the optimistic and pessimistic scenarios. */
  readonly bands: { readonly compute: number; readonly memory: number };
}

/** The numeric spec fields other than peaks, in catalog order. */
export const SPEC_FIELDS = [
  'memoryCapacityBytes',
  'memoryBandwidthBytesPerSec',
  'scaleUpBandwidthBytesPerSec',
  'scaleOutBandwidthBytesPerSec',
  'pcieBandwidthBytesPerSec',
  'tdpWatts',
  'dieAreaMm2',
  'smCount',
  'l2CacheBytes',
] as const;
/** One of {@link SPEC_FIELDS}. */
export type SpecField = (typeof SPEC_FIELDS)[number];
