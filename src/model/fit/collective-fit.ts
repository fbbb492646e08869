/**
 * Fit of the collective model to the NCCL points.
 *
 * - Each link class's `epsilon` pins the asymptote: for points without a message size it is the geometric
 *   mean of `busBW / linkBandwidth`; the sized NVLS points also enter the NVLS objective.
 * - The ramp `h(S)` (exponent, half-size) is searched on a grid against the sized NVLS points with the
 *   alpha term taken from the NVLink hop latency, minimising `ln(predicted / measured)^2`.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { type CollectiveFit, type CollectiveLink, collectiveTime } from '../collectives.ts';
import { type CollectivePoint, HOP_LATENCY_SEC, type LinkClass } from '../data/collective-points.ts';
import { goldenSection, grid, relativeError } from './search.ts';

/** One point's prediction. */
export interface CollectiveResidual {
  readonly id: string;
  readonly gpuId: string;
  readonly linkClass: LinkClass;
  readonly messageBytes: number | null;
  readonly measuredBusBandwidthBytesPerSec: number;
  readonly predictedBusBandwidthBytesPerSec: number;
  readonly relativeError: number;
}

/** The one-direction link bandwidth a calibration point ran on. */
export function pointLink(point: CollectivePoint, gpu: GpuSpec): CollectiveLink {
  const nic = point.linkClass === 'nic';
  const bandwidth = nic
    ? (gpu.scaleOutBandwidthBytesPerSec.value ?? Number.NaN)
    : (gpu.scaleUpBandwidthBytesPerSec.value ?? Number.NaN) / 2;
  return {
    linkClass: point.linkClass,
    bandwidthBytesPerSec: bandwidth,
    hopLatencySec: nic ? HOP_LATENCY_SEC.nic : HOP_LATENCY_SEC.nvlink,
    inSwitchReduction: point.linkClass === 'nvls',
  };
}

/** Predicted busBW of a point; points without a size are compared with the asymptote. */
export function predictBusBandwidth(point: CollectivePoint, gpu: GpuSpec, fit: CollectiveFit): number {
  const link = pointLink(point, gpu);
  if (point.messageBytes === null) return link.bandwidthBytesPerSec * fit.epsilon[point.linkClass];
  const kind = point.linkClass === 'nvls' || point.linkClass === 'bridge' ? 'all-reduce' : 'all-to-all';
  return collectiveTime(kind, point.messageBytes, point.gpuCount, link, fit).busBandwidthBytesPerSec;
}

const CLASSES: readonly LinkClass[] = ['nvls', 'ring', 'bridge', 'nic'];

/** Fit epsilon per class and the shared message-size ramp. */
export function fitCollectives(
  points: readonly CollectivePoint[],
  gpuOf: (id: string) => GpuSpec,
): CollectiveFit {
  const epsilon: Record<LinkClass, number> = { nvls: 1, ring: 1, bridge: 1, nic: 1 };
  for (const cls of CLASSES) {
    const peaks = points.filter((p) => p.linkClass === cls && p.messageBytes === null);
    if (peaks.length === 0) continue;
    const logs = peaks.map((p) =>
      Math.log(p.busBandwidthBytesPerSec / pointLink(p, gpuOf(p.gpuId)).bandwidthBytesPerSec),
    );
    epsilon[cls] = Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length);
  }
  const nvls = points.filter((p) => p.linkClass === 'nvls');
  let best = { loss: Number.POSITIVE_INFINITY, fit: { epsilon, rampExponent: 1, rampHalfBytes: 1e7 } };
  for (const rampExponent of grid(0.3, 2, 86)) {
    for (const logHalf of grid(5, 9, 201)) {
      const lossOf = (eps: number) => {
        const fit = { epsilon: { ...epsilon, nvls: eps }, rampExponent, rampHalfBytes: 10 ** logHalf };
        return nvls.reduce((s, p) => {
          const predicted = predictBusBandwidth(p, gpuOf(p.gpuId), fit);
          return s + Math.log(predicted / p.busBandwidthBytesPerSec) ** 2;
        }, 0);
      };
      const eps = goldenSection(lossOf, 0.5, 1.5, 40);
      const loss = lossOf(eps);
      if (loss < best.loss) {
        best = {
          loss,
          fit: { epsilon: { ...epsilon, nvls: eps }, rampExponent, rampHalfBytes: 10 ** logHalf },
        };
      }
    }
  }
  return best.fit;
}

/** Residuals of a fit on each point. */
export function collectiveResiduals(
  points: readonly CollectivePoint[],
  gpuOf: (id: string) => GpuSpec,
  fit: CollectiveFit,
): CollectiveResidual[] {
  return points.map((p) => {
    const predicted = predictBusBandwidth(p, gpuOf(p.gpuId), fit);
    return {
      id: p.id,
      gpuId: p.gpuId,
      linkClass: p.linkClass,
      messageBytes: p.messageBytes,
      measuredBusBandwidthBytesPerSec: p.busBandwidthBytesPerSec,
      predictedBusBandwidthBytesPerSec: predicted,
      relativeError: relativeError(predicted, p.busBandwidthBytesPerSec),
    };
  });
}
