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
const ALL_TO_ALL_HOPS = 2;

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
function busFactor(kind: CollectiveKind, gpuCount: number): number {
  const n = gpuCount;
  return kind === 'all-reduce' ? (2 * (n - 1)) / n : (n - 1) / n;
}

/** The message-size ramp h(S) in (0, 1). */
function rampEfficiency(messageBytes: number, fit: CollectiveFit): number {
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
  const timeSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, effectiveRate, picked);
  return detailOf(timeSec, picked.algorithm, messageBytes, busBytes);
}

/** A collective at the nominal scale, and only the time (seconds) at two other scales. */
export interface CollectiveTimeRange {
  readonly nominal: CollectiveTime;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

/**
 * {@link collectiveTime} at scale 1 and at `optimisticScale` and `pessimisticScale`, sharing the
 * message-size ramp. Each end equals `collectiveTime(..., scale).timeSec`.
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
  const timeSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, rate * ramp, picked);
  const nominal = detailOf(timeSec, picked.algorithm, messageBytes, busBytes);
  const optimisticRate = rate * optimisticScale * ramp;
  const pessimisticRate = rate * pessimisticScale * ramp;
  const optimisticSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, optimisticRate, null);
  const pessimisticSec = timeAt(kind, messageBytes, busBytes, gpuCount, link, pessimisticRate, null);
  return { nominal, optimisticSec, pessimisticSec };
}

/** The algorithm of each kind that has one choice (all-reduce: with in-switch reduction). */
const ONE_ALGORITHM: Readonly<Record<CollectiveKind, CollectiveAlgorithm>> = {
  'all-reduce': 'nvls',
  'all-gather': 'ring',
  'reduce-scatter': 'ring',
  'all-to-all': 'pairwise',
};

/** Where {@link timeAt} writes the algorithm it timed, for the caller to read before the next call. */
const picked: { algorithm: CollectiveAlgorithm } = { algorithm: 'ring' };

/**
 * The collective formula, the only place it is written: the time (seconds) at an effective rate per GPU
 * (bandwidth x epsilon x scale x ramp), and the algorithm it timed into `algorithmOut` unless that is null
 * (callers pass a literal, so inlined copies keep only their branch).
 */
function timeAt(
  kind: CollectiveKind,
  messageBytes: number,
  busBytes: number,
  n: number,
  link: CollectiveLink,
  effectiveRate: number,
  algorithmOut: { algorithm: CollectiveAlgorithm } | null,
): number {
  if (kind === 'all-reduce' && !link.inSwitchReduction) {
    return ringOrTreeSec(messageBytes, busBytes, n, link.hopLatencySec, effectiveRate, algorithmOut);
  }
  if (algorithmOut !== null) algorithmOut.algorithm = ONE_ALGORITHM[kind];
  const hops =
    kind === 'all-reduce' ? 2 * Math.ceil(Math.log2(n)) : kind === 'all-to-all' ? ALL_TO_ALL_HOPS : n - 1;
  return hops * link.hopLatencySec + busBytes / effectiveRate;
}

/** All-reduce without in-switch reduction: NCCL's tuner takes the faster of ring and tree. */
function ringOrTreeSec(
  messageBytes: number,
  busBytes: number,
  n: number,
  alpha: number,
  effectiveRate: number,
  algorithmOut: { algorithm: CollectiveAlgorithm } | null,
): number {
  const ring = 2 * (n - 1) * alpha + busBytes / effectiveRate;
  const tree = 2 * Math.ceil(Math.log2(n)) * alpha + (2 * messageBytes) / effectiveRate;
  if (algorithmOut !== null) algorithmOut.algorithm = tree < ring ? 'tree' : 'ring';
  return Math.min(ring, tree);
}

/** A {@link CollectiveTime} with its bandwidths. */
function detailOf(
  timeSec: number,
  algorithm: CollectiveAlgorithm,
  messageBytes: number,
  busBytes: number,
): CollectiveTime {
  return {
    timeSec,
    algorithm,
    busBytes,
    busBandwidthBytesPerSec: busBytes / timeSec,
    algBandwidthBytesPerSec: messageBytes / timeSec,
  };
}
