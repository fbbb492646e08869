/**
 * Expert-parallel all-to-all as DeepEP runs it, fitted to DeepEP's published H800 figures
 * (`data/deepep-points.ts`) instead of NCCL's.
 *
 * - **Normal kernels** (prefill, training): a token goes once to each rank (within a node, over NVLink) or
 *   each node (across nodes, over RDMA, then NVLink inside the node) that holds one of its experts. Time =
 *   `2 x hop latency + bytes / (eta x link)`, where `eta` is the published bottleneck bandwidth over the H800
 *   link's one-way rate (NVLink 200 GB/s, NIC 50 GB/s), one per path and direction.
 * - **Low-latency kernels** (decode): a token goes to each of its experts (no deduplication), and the rate
 *   depends on the EP size. Time = `2 x hop latency + bytes / rate(ep)`; `rate(ep)` is the published figure
 *   at 128 tokens per rank with the fixed latency taken out, relative to the H800 link: the EP8 figure over
 *   NVLink when the group fits in a node, the EP16..256 figures over the NIC (interpolated in log2(EP), flat
 *   outside) when it spans nodes.
 *
 * Another GPU gets the same efficiencies on its own links. Scenarios move the rate by the collective fit band
 * and an unverified link figure's spread, as NCCL collectives do.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import { linkScale } from './collective-op.ts';
import { HOP_LATENCY_SEC } from './data/collective-points.ts';
import {
  DEEPEP_GPU_ID,
  DEEPEP_LOW_LATENCY_POINTS,
  DEEPEP_NORMAL_POINTS,
  DEEPEP_TEST,
  type DeepEpDirection,
} from './data/deepep-points.ts';
import type { ResolvedLink } from './interconnect.ts';
import type { Scenario } from './types.ts';

/** Which kernels: normal (throughput, prefill) or low-latency (decode). */
export type DeepEpMode = 'normal' | 'low-latency';

/** Link rates of the GPU DeepEP was measured on, one way (H800: NVLink 400 GB/s bidirectional; CX7 400 Gb/s). */
const H800_NVLINK_ONE_WAY = 200e9;
const H800_NIC = 50e9;

/** The path a transfer's bottleneck is on. */
type Path = 'nvlink' | 'rdma';

/** Fixed time of one call: a send and a receive hop on the path. */
function fixedSec(path: Path): number {
  return 2 * (path === 'nvlink' ? HOP_LATENCY_SEC.nvlink : HOP_LATENCY_SEC.nic);
}

function h800Rate(path: Path): number {
  return path === 'nvlink' ? H800_NVLINK_ONE_WAY : H800_NIC;
}

/** Bytes one rank sends in the low-latency test: 128 tokens x top-8 x hidden, FP8 (+ scales) or BF16. */
function lowLatencyTestBytes(direction: DeepEpDirection): number {
  const { lowLatencyTokens, topK, hidden, fp8ScaleBlock, fp8ScaleBytes } = DEEPEP_TEST;
  const perCopy = direction === 'dispatch' ? hidden + (hidden / fp8ScaleBlock) * fp8ScaleBytes : hidden * 2;
  return lowLatencyTokens * topK * perCopy;
}

/** A low-latency efficiency at one EP size: the rate without the fixed latency, over the H800 link. */
interface LowLatencyEta {
  readonly ep: number;
  readonly log2Ep: number;
  readonly eta: number;
}

/** The fitted DeepEP model: normal-kernel efficiency by path and direction, low-latency by EP size. */
export interface DeepEpFit {
  readonly normal: Readonly<Record<Path, Readonly<Record<DeepEpDirection, number>>>>;
  readonly lowLatency: Readonly<Record<DeepEpDirection, readonly LowLatencyEta[]>>;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Fit {@link DeepEpFit} from the published points (a mean per cell; no free parameter). */
export function fitDeepEp(): DeepEpFit {
  const normalEta = (path: Path, direction: DeepEpDirection) =>
    mean(
      DEEPEP_NORMAL_POINTS.filter((p) => p.path === path && p.direction === direction).map(
        (p) => p.bandwidthBytesPerSec / h800Rate(path),
      ),
    );
  const lowLatency = (direction: DeepEpDirection): LowLatencyEta[] =>
    DEEPEP_LOW_LATENCY_POINTS.filter((p) => p.direction === direction)
      .map((p) => {
        const path: Path = p.ep <= 8 ? 'nvlink' : 'rdma';
        const rate = lowLatencyTestBytes(direction) / (p.latencySec - fixedSec(path));
        return { ep: p.ep, log2Ep: Math.log2(p.ep), eta: rate / h800Rate(path) };
      })
      .sort((a, b) => a.ep - b.ep);
  return {
    normal: {
      nvlink: { dispatch: normalEta('nvlink', 'dispatch'), combine: normalEta('nvlink', 'combine') },
      rdma: { dispatch: normalEta('rdma', 'dispatch'), combine: normalEta('rdma', 'combine') },
    },
    lowLatency: { dispatch: lowLatency('dispatch'), combine: lowLatency('combine') },
  };
}

/** The fit in use (computed once from the points). */
export const DEEPEP_FIT: DeepEpFit = fitDeepEp();

/**
 * The low-latency efficiency at `ep` on `path`. Within a scale-up domain the EP8 figure (the one measured
 * inside a node) holds at every size; across nodes the RDMA figures (EP16..256) are interpolated linearly
 * in log2(EP) and held flat outside the table.
 */
function lowLatencyEta(direction: DeepEpDirection, ep: number, path: Path): number {
  const table = DEEPEP_FIT.lowLatency[direction];
  const first = table[0] as LowLatencyEta;
  if (path === 'nvlink') return first.eta;
  const rdmaFirst = table[1] as LowLatencyEta;
  if (ep <= rdmaFirst.ep) return rdmaFirst.eta;
  const x = Math.log2(ep);
  for (let i = 2; i < table.length; i++) {
    const hi = table[i] as LowLatencyEta;
    if (ep <= hi.ep) {
      const lo = table[i - 1] as LowLatencyEta;
      return lo.eta + ((hi.eta - lo.eta) * (x - lo.log2Ep)) / (hi.log2Ep - lo.log2Ep);
    }
  }
  return (table[table.length - 1] as LowLatencyEta).eta;
}

/** The path of an EP group on its resolved link: NVLink within a scale-up domain, RDMA across. */
function pathOf(link: ResolvedLink): Path {
  return link.link.linkClass === 'nic' ? 'rdma' : 'nvlink';
}

/** Time of one DeepEP call moving `bytes` from one GPU in `scenario`, seconds (`link`: the EP group's). */
export function deepEpSec(
  mode: DeepEpMode,
  direction: DeepEpDirection,
  bytes: number,
  ep: number,
  link: ResolvedLink,
  scenario: Scenario,
): number {
  const path = pathOf(link);
  const eta = mode === 'normal' ? DEEPEP_FIT.normal[path][direction] : lowLatencyEta(direction, ep, path);
  const rate = eta * link.link.bandwidthBytesPerSec * linkScale(link, scenario);
  return fixedSec(path) + bytes / rate;
}

/** Where {@link deepEpRangeInto} writes: one call's time in the three scenarios, seconds. */
export interface DeepEpRange {
  nominalSec: number;
  optimisticSec: number;
  pessimisticSec: number;
}

/** {@link deepEpSec} in all three scenarios, into `out`. */
export function deepEpRangeInto(
  mode: DeepEpMode,
  direction: DeepEpDirection,
  bytes: number,
  ep: number,
  link: ResolvedLink,
  out: DeepEpRange,
): void {
  out.nominalSec = deepEpSec(mode, direction, bytes, ep, link, 'nominal');
  out.optimisticSec = deepEpSec(mode, direction, bytes, ep, link, 'optimistic');
  out.pessimisticSec = deepEpSec(mode, direction, bytes, ep, link, 'pessimistic');
}

/**
 * Expected distinct groups (ranks or nodes) other than the sender's that a token's `perToken` experts fall in,
 * with `experts` spread evenly over `groups` and routing uniform: `(groups - 1) x (1 - P(none in a group))`,
 * `P = prod_{i < k} (E - E/groups - i) / (E - i)` (experts drawn without replacement).
 */
export function remoteGroupsPerToken(experts: number, perToken: number, groups: number): number {
  if (groups <= 1) return 0;
  const outside = experts - experts / groups;
  let none = 1;
  for (let i = 0; i < perToken; i++) none *= Math.max(0, outside - i) / (experts - i);
  return (groups - 1) * (1 - none);
}

/** The GPU the fit was measured on (for reports). */
export const DEEPEP_MEASURED_ON = DEEPEP_GPU_ID;

/** Bytes per hidden element a DeepEP dispatch moves: FP8 values plus a 4-byte scale per 128, or BF16. */
export function deepEpBytesPerElement(direction: DeepEpDirection, fp8Dispatch: boolean): number {
  if (direction === 'combine' || !fp8Dispatch) return 2;
  return 1 + DEEPEP_TEST.fp8ScaleBytes / DEEPEP_TEST.fp8ScaleBlock;
}

/** Whether `gpu` can run DeepEP: Hopper or Blackwell on an NVSwitch fabric (its kernels need SM90+ and NVLink). */
export function runsDeepEp(gpu: GpuSpec): boolean {
  const arch = gpu.architecture.value;
  return (arch === 'hopper' || arch === 'blackwell') && gpu.scaleUpFabric.value === 'nvswitch';
}
