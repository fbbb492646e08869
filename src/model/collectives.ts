/**
 * Collectives as alpha-beta models with a bus-bandwidth curve by message size:
 *
 * `time = hops x alpha + busBytes / (linkBandwidth x epsilon[class] x h(S))`, `h(S) = S^p / (S^p + sHalf^p)`
 *
 * - `busBytes` follows nccl-tests: all-reduce moves `2(n-1)/n x S` per GPU, all-gather, reduce-scatter and
 *   all-to-all `(n-1)/n x S`, where `S` is the NCCL message size (the full buffer).
 * - `linkBandwidth` is one direction: half the NVLink bidirectional aggregate inside a node, the NIC rate
 *   when the group spans nodes, half the PCIe figure on parts without NVLink.
 * - `epsilon` is the fitted peak busBW / link rate of the link class (NVLS all-reduce can exceed 1 because
 *   the switch reduces); `h(S)` the fitted protocol ramp with message size.
 * - Hops: ring `2(n-1)` for all-reduce and `n-1` for all-gather and reduce-scatter; tree/NVLS all-reduce
 *   `2 ceil(log2 n)`, with a tree moving `2 S` per GPU. All-reduce takes the faster of ring and tree, as
 *   NCCL's tuner does. All-to-all posts every peer transfer at once (NCCL grouped send/recv, DeepEP's RDMA
 *   writes), so it pays {@link ALL_TO_ALL_HOPS} latencies, not `n-1`: a serial `n-1` would put a 256-GPU
 *   dispatch near 1 ms where DeepEP measures 194 us (microbenchmarks.json `deepep_h800_ll_ep256_dispatch`).
 * @module
 */
import type { LinkClass } from './data/collective-points.ts';

/** Latencies an all-to-all pays: the data write, then the completion signal the receiver waits on. */
export const ALL_TO_ALL_HOPS = 2;

/** The collectives the model knows. */
export type CollectiveKind = 'all-reduce' | 'all-gather' | 'reduce-scatter' | 'all-to-all';

/** The algorithm the model picked. */
export type CollectiveAlgorithm = 'ring' | 'tree' | 'nvls' | 'pairwise';

/** Fitted collective parameters. */
export interface CollectiveFit {
  readonly epsilon: Readonly<Record<LinkClass, number>>;
  readonly rampExponent: number;
  readonly rampHalfBytes: number;
}

/** The link a collective runs on, resolved from the GPU and group size. */
export interface CollectiveLink {
  readonly linkClass: LinkClass;
  /** One-direction bandwidth per GPU. */
  readonly bandwidthBytesPerSec: number;
  readonly hopLatencySec: number;
  /** Whether the switch can reduce (NVLS): only all-reduce on NVSwitch within one node. */
  readonly inSwitchReduction: boolean;
}

/** A collective's time and bandwidths. */
export interface CollectiveTime {
  readonly timeSec: number;
  readonly algorithm: CollectiveAlgorithm;
  readonly busBytes: number;
  readonly busBandwidthBytesPerSec: number;
  readonly algBandwidthBytesPerSec: number;
}

/** nccl-tests bus factor: busBW = algBW x factor. */
export function busFactor(kind: CollectiveKind, gpuCount: number): number {
  const n = gpuCount;
  return kind === 'all-reduce' ? (2 * (n - 1)) / n : (n - 1) / n;
}

/** The message-size ramp h(S) in (0, 1). */
export function rampEfficiency(messageBytes: number, fit: CollectiveFit): number {
  const x = (messageBytes / fit.rampHalfBytes) ** fit.rampExponent;
  return x / (1 + x);
}

/** Time of one collective over `gpuCount` GPUs on `link`; `scale` moves epsilon for a scenario. */
export function collectiveTime(
  kind: CollectiveKind,
  messageBytes: number,
  gpuCount: number,
  link: CollectiveLink,
  fit: CollectiveFit,
  scale = 1,
): CollectiveTime {
  const busBytes = busFactor(kind, gpuCount) * messageBytes;
  const rate = link.bandwidthBytesPerSec * fit.epsilon[link.linkClass] * scale;
  const effectiveRate = rate * rampEfficiency(messageBytes, fit);
  const timeSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, effectiveRate);
  return {
    timeSec,
    algorithm: algorithmAt(kind, messageBytes, busBytes, gpuCount, link, effectiveRate),
    busBytes,
    busBandwidthBytesPerSec: busBytes / timeSec,
    algBandwidthBytesPerSec: messageBytes / timeSec,
  };
}

/** A collective at the nominal scale, and only the time (seconds) at two other scales. */
export interface CollectiveTimeRange {
  readonly nominal: CollectiveTime;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

/**
 * {@link collectiveTime} at scale 1 and at `optimisticScale` and `pessimisticScale`, sharing the
 * message-size ramp. Each end equals `collectiveTime(..., scale).timeSec` up to rounding.
 */
export function collectiveTimeRange(
  kind: CollectiveKind,
  messageBytes: number,
  gpuCount: number,
  link: CollectiveLink,
  fit: CollectiveFit,
  optimisticScale: number,
  pessimisticScale: number,
): CollectiveTimeRange {
  const busBytes = busFactor(kind, gpuCount) * messageBytes;
  const rate = link.bandwidthBytesPerSec * fit.epsilon[link.linkClass];
  const ramp = rampEfficiency(messageBytes, fit);
  const optimisticSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, rate * optimisticScale * ramp);
  const pessimisticSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, rate * pessimisticScale * ramp);
  const nominalRate = rate * 1 * ramp;
  const timeSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, nominalRate);
  return {
    nominal: {
      timeSec,
      algorithm: algorithmAt(kind, messageBytes, busBytes, gpuCount, link, nominalRate),
      busBytes,
      busBandwidthBytesPerSec: busBytes / timeSec,
      algBandwidthBytesPerSec: messageBytes / timeSec,
    },
    optimisticSec,
    pessimisticSec,
  };
}

/** Ring and tree all-reduce times at an effective rate (bandwidth x epsilon x scale x ramp). */
function ringAndTree(messageBytes: number, busBytes: number, n: number, link: CollectiveLink, rate: number) {
  return {
    ring: 2 * (n - 1) * link.hopLatencySec + busBytes / rate,
    tree: 2 * Math.ceil(Math.log2(n)) * link.hopLatencySec + (2 * messageBytes) / rate,
  };
}

function ringOrTree(messageBytes: number, busBytes: number, n: number, link: CollectiveLink, rate: number) {
  const { ring, tree } = ringAndTree(messageBytes, busBytes, n, link, rate);
  return Math.min(ring, tree);
}

/** Time at an effective rate per GPU (bandwidth x epsilon x scale x ramp). */
function timeAt(
  kind: CollectiveKind,
  messageBytes: number,
  busBytes: number,
  n: number,
  link: CollectiveLink,
  effectiveRate: number,
): number {
  if (kind === 'all-reduce' && link.inSwitchReduction) {
    return 2 * Math.ceil(Math.log2(n)) * link.hopLatencySec + busBytes / effectiveRate;
  }
  if (kind === 'all-reduce') return ringOrTree(messageBytes, busBytes, n, link, effectiveRate);
  if (kind === 'all-to-all') return ALL_TO_ALL_HOPS * link.hopLatencySec + busBytes / effectiveRate;
  return (n - 1) * link.hopLatencySec + busBytes / effectiveRate;
}

/** The algorithm {@link timeAt} timed: NCCL's tuner takes the faster of ring and tree for all-reduce. */
function algorithmAt(
  kind: CollectiveKind,
  messageBytes: number,
  busBytes: number,
  n: number,
  link: CollectiveLink,
  effectiveRate: number,
): CollectiveAlgorithm {
  if (kind === 'all-to-all') return 'pairwise';
  if (kind !== 'all-reduce') return 'ring';
  if (link.inSwitchReduction) return 'nvls';
  const { ring, tree } = ringAndTree(messageBytes, busBytes, n, link, effectiveRate);
  return tree < ring ? 'tree' : 'ring';
}
