/**
 * Which curve a GPU and precision use, and whether that curve saw measurements of this GPU.
 * @module
 */
import { BUILT_IN_GPUS } from '../hardware/catalog.ts';
import type { GpuCalibration, GpuSpec, Precision } from '../hardware/types.ts';
import type { ComputeCurve } from './compute-efficiency.ts';
import { COMPUTE_FIT } from './data/fitted.ts';
import { GEMM_POINTS } from './data/gemm-points.ts';
import { type CurveId, curveIdOf, precisionClassOf } from './gpu-class.ts';
import type { Confidence } from './types.ts';

/** Precisions measured together: a measurement at one counts for the others of its group. */
function precisionGroup(precision: Precision): string {
  if (precision === 'bf16' || precision === 'fp16') return '16bit';
  if (precision === 'fp8' || precision === 'int8') return '8bit';
  return precision;
}

/** Built-in GPUs by id: the calibration points name catalog GPUs. */
const BUILT_IN_BY_ID = new Map(BUILT_IN_GPUS.map((g) => [g.id, g]));

const MEASURED = new Set(GEMM_POINTS.map((p) => `${p.gpuId}/${precisionGroup(p.precision)}`));

/** Calibration GPUs behind each curve. */
const CURVE_GPUS = new Map<CurveId, string[]>();
for (const p of GEMM_POINTS) {
  const id = curveIdOfPoint(p.gpuId, p.precision);
  if (id === null) continue;
  const list = CURVE_GPUS.get(id) ?? [];
  if (!list.includes(p.gpuId)) list.push(p.gpuId);
  CURVE_GPUS.set(id, list);
}

/** The resolved curve for a GPU x precision, with where it came from. */
export interface CurveChoice {
  readonly curveId: CurveId;
  readonly curve: ComputeCurve;
  readonly confidence: Confidence;
  /**
   * The line the estimate's assumptions add: why the curve is borrowed, or which values came from the user's
   * calibration file; null when calibrated on this GPU by the built-in fit.
   */
  readonly borrowNote: string | null;
}

/**
 * The compute curve for `gpu` at `precision`. Lookup order: the GPU's own architecture and precision class,
 * then the same architecture's other class, then Hopper's class. Calibrated only when GEMMs of this GPU at
 * this precision group were among the fitted points. A GPU that carries a user calibration
 * (`GpuSpec.calibration`) of this precision class uses that curve instead, `calibrated (user)`.
 */
export function curveFor(gpu: GpuSpec, precision: Precision): CurveChoice {
  const user = gpu.calibration;
  if (user === undefined) return builtInCurveFor(gpu, precision);
  const own = user.compute[precisionClassOf(precision)];
  if (own === undefined) {
    const builtIn = builtInCurveFor(gpu, precision);
    const line = `calibrated (user) memory: ${userValues(user)}, except compute: its probe measured no ${precisionClassOf(precision)} GEMMs, so compute uses the built-in curve`;
    return { ...builtIn, borrowNote: builtIn.borrowNote ? `${builtIn.borrowNote}; ${line}` : line };
  }
  return {
    curveId: curveIdOf(gpu, precision),
    curve: { etaMax: own.etaMax, kHalf: own.kHalf },
    confidence: 'calibrated (user)',
    borrowNote: `calibrated (user): ${userValues(user)}`,
  };
}

/** Where a user calibration came from: the compute curve, memory line, launch latency and bands quoted are its. */
function userValues(user: GpuCalibration): string {
  return `the compute curve, memory line, launch latency and bands quoted are fitted by tppbench calibrate to ${user.file} (probe of ${user.deviceName})`;
}

/** {@link curveFor} from the built-in fit alone. */
function builtInCurveFor(gpu: GpuSpec, precision: Precision): CurveChoice {
  const architecture = gpu.architecture.value;
  const cls = precisionClassOf(precision);
  const other = cls === 'tensor-8bit' ? 'tensor-16bit' : 'tensor-8bit';
  const candidates: CurveId[] = [`${architecture}/${cls}`, `${architecture}/${other}`, `hopper/${cls}`];
  let curveId = candidates[0]!;
  let etaMax = Number.NaN;
  for (const id of candidates) {
    const eta = Object.hasOwn(COMPUTE_FIT.etaMax, id) ? COMPUTE_FIT.etaMax[id] : undefined;
    if (eta !== undefined) {
      curveId = id;
      etaMax = eta;
      break;
    }
  }
  const calibrated = MEASURED.has(`${gpu.id}/${precisionGroup(precision)}`);
  const measuredOn = CURVE_GPUS.get(curveId) ?? [];
  const borrowNote = calibrated
    ? null
    : `${gpu.id} has no ${precision} GEMM measurements: borrows the ${curveId} curve fitted on ${measuredOn.join(', ')} (lower confidence)`;
  return {
    curveId,
    curve: { etaMax, kHalf: COMPUTE_FIT.kHalf },
    confidence: calibrated ? 'calibrated' : 'borrowed',
    borrowNote,
  };
}

function curveIdOfPoint(gpuId: string, precision: Precision): CurveId | null {
  const gpu = BUILT_IN_BY_ID.get(gpuId);
  return gpu ? curveIdOf(gpu, precision) : null;
}
