/**
 * Efficiency of a fused attention kernel by implementation and shape.
 *
 * Compute (fraction of dense peak): `eta_c = E x keys / (keys + keysHalf) x rowFill x smFill`, where
 * `1 / E = 1 / mmaEta + (peak / SMs) / (flopsPerPairHead x softmaxPairsPerSecPerSm)`: the MMAs run at
 * `mmaEta` of peak and each (query, key, head) pair also costs softmax work on the SM that the kernel does not
 * hide; a GPU with slow tensor cores per SM (H20) hides more of it, so the same kernel reaches a larger fraction
 * of its peak there. `keysHalf` charges each query tile's prologue and epilogue (and, causal, the masked
 * diagonal) against its key loop, counted in visible keys (so a tile's time is `visible + keysHalf` and
 * grows with the sequence). `rowFill` pads decode's few query rows to an 8/16/32/64-row tile (prefill: its last 128-row tile); `smFill`
 * is the occupancy of its thread blocks: wave quantization for fixed blocks (prefill tiles, FA2 decode), the
 * share of SMs with work for a split-KV decode kernel, whose scheduler balances the keys over the SMs.
 *
 * Memory (multiplier on the STREAM line): `memoryEta x min(1, blocks x perBlockBytesPerSec / (line x bandwidth))`:
 * a decode kernel runs `batch x KV heads` thread blocks (times the KV splits of a split-KV kernel), and each
 * block draws only so much bandwidth; few blocks leave HBM idle.
 *
 * Constants and their sources: `data/attention-points.ts`.
 * @module
 */
import type { Architecture, GpuSpec } from '../hardware/types.ts';
import {
  ATTENTION_BACKWARD_FIGURES,
  ATTENTION_BACKWARD_FLOPS_RATIO,
  ATTENTION_KERNEL_FITS,
  type AttentionKernel,
  type AttentionKernelFit,
  type AttentionPoint,
  DECODE_BLOCK_BYTES_PER_SEC,
  MIN_KEYS_PER_SPLIT,
} from './data/attention-points.ts';
import type { KernelEfficiency } from './types.ts';
import { smallTileRows } from './wave.ts';

/** The shape of one attention call as the kernel sees it. */
export interface AttentionShape {
  /** Independent (sequence, KV head) problems. */
  readonly problems: number;
  /** Query rows per problem (decode: q length x GQA group; MLA absorbed decode: q length x heads). */
  readonly rows: number;
  /** Keys a query sees on average (decode: the context; causal prefill: about half the sequence). */
  readonly keys: number;
  readonly flopsPerPairHead: number;
  readonly causal: boolean;
  readonly decode: boolean;
}

/** Kernels that need Hopper (TMA, wgmma). */
const HOPPER_ONLY: ReadonlySet<AttentionKernel> = new Set(['fa3', 'flashmla']);

/** Whether `kernel` runs on `architecture`. */
export function kernelRunsOn(kernel: AttentionKernel, architecture: Architecture): boolean {
  return !HOPPER_ONLY.has(kernel) || architecture === 'hopper';
}

/**
 * The kernel serving stacks use (SGLang, vLLM): on Hopper FA3 for prefill and FlashInfer for decode (FlashMLA
 * for MLA decode); elsewhere FA2 for prefill and FlashInfer for decode.
 */
export function autoAttentionKernel(
  architecture: Architecture,
  mla: boolean,
  decode: boolean,
): AttentionKernel {
  if (architecture === 'hopper') return decode ? (mla ? 'flashmla' : 'flashinfer') : 'fa3';
  return decode ? 'flashinfer' : 'fa2';
}

/**
 * `kernel` resolved on one GPU for one head size: the part of its efficiency that does not depend on the
 * shape, built once per pass setup so the per-pass work is a few multiplications.
 */
export interface AttentionKernelOnGpu {
  readonly kernel: AttentionKernel;
  readonly fit: AttentionKernelFit;
  /** Long-sequence compute efficiency `E` (see the module comment). */
  readonly peakEta: number;
  /** SMs (0: unknown, no occupancy terms). */
  readonly sms: number;
  /** HBM bandwidth (0: unknown, no block-bandwidth ceiling). */
  readonly bandwidthBytesPerSec: number;
}

/**
 * The fit `kernel` runs on: its own, except FlashInfer's prefill off Hopper, which is an FA2-style kernel
 * (its FA3-template prefill needs Hopper).
 */
export function kernelFit(
  kernel: AttentionKernel,
  architecture: Architecture,
  decode: boolean,
): AttentionKernelFit {
  const k = kernel === 'flashinfer' && !decode && architecture !== 'hopper' ? 'fa2' : kernel;
  return ATTENTION_KERNEL_FITS[k];
}

/**
 * {@link AttentionKernelOnGpu} of `kernel` on `gpu` for `flopsPerPairHead` (4 x head dim; MLA decode
 * 2 x (576 + 512)), in decode or prefill.
 */
export function attentionKernelOnGpu(
  kernel: AttentionKernel,
  gpu: GpuSpec,
  flopsPerPairHead: number,
  decode: boolean,
): AttentionKernelOnGpu {
  const fit = kernelFit(kernel, gpu.architecture.value, decode);
  return {
    kernel,
    fit,
    peakEta: kernelPeakEta(fit, gpu, flopsPerPairHead),
    sms: gpu.smCount.value ?? 0,
    bandwidthBytesPerSec: gpu.memoryBandwidthBytesPerSec.value ?? 0,
  };
}

/** Long-sequence compute efficiency `E` of a kernel's `fit` on `gpu` (see the module comment). */
export function kernelPeakEta(fit: AttentionKernelFit, gpu: GpuSpec, flopsPerPairHead: number): number {
  const peak = gpu.peakDenseOpsPerSec.bf16.value ?? 0;
  const sms = gpu.smCount.value ?? 0;
  if (peak <= 0 || sms <= 0) return fit.mmaEta;
  return 1 / (1 / fit.mmaEta + peak / sms / (flopsPerPairHead * fit.softmaxPairsPerSecPerSm));
}

/**
 * KV splits per problem of a decode kernel (`fit`), on average: a split-KV kernel's scheduler (FlashInfer,
 * FlashMLA) balances the keys over the SMs, so `sms / problems` chunks of at least {@link MIN_KEYS_PER_SPLIT}
 * keys (fractional: chunks differ in length); 1 for prefill, for kernels that do not split, and once the
 * problems alone fill the SMs.
 */
export function kvSplits(fit: AttentionKernelFit, shape: AttentionShape, sms: number): number {
  return splitsOf(fit, shape.problems, shape.keys, shape.decode, sms);
}

function splitsOf(
  fit: AttentionKernelFit,
  problems: number,
  keys: number,
  decode: boolean,
  sms: number,
): number {
  if (!decode || !fit.splitsKv || sms <= 0) return 1;
  return Math.max(1, Math.min(sms / problems, keys / MIN_KEYS_PER_SPLIT));
}

/**
 * The {@link KernelEfficiency} of `kernel` at `shape` on `gpu`; `memoryLineEta` is the memory line's eta_m at
 * the op's read fraction (nominal scenario), which the block-bandwidth ceiling is compared against.
 */
export function attentionEfficiency(
  kernel: AttentionKernel,
  gpu: GpuSpec,
  shape: AttentionShape,
  memoryLineEta: number,
): KernelEfficiency {
  return attentionEfficiencyOn(
    attentionKernelOnGpu(kernel, gpu, shape.flopsPerPairHead, shape.decode),
    shape.problems,
    shape.rows,
    shape.keys,
    shape.causal,
    shape.decode,
    memoryLineEta,
  );
}

/**
 * {@link attentionEfficiency} from a resolved kernel, the shape's fields as arguments (the LLM pass calls it
 * per pass; `flopsPerPairHead` is the one `k` was resolved for).
 */
export function attentionEfficiencyOn(
  k: AttentionKernelOnGpu,
  problems: number,
  rows: number,
  keys: number,
  causal: boolean,
  decode: boolean,
  memoryLineEta: number,
): KernelEfficiency {
  const { fit, sms } = k;
  const splits = splitsOf(fit, problems, keys, decode, sms);
  const half = causal ? fit.keysHalf.causal : fit.keysHalf.nonCausal;
  // Decode thread blocks each hold `rows` query rows, padded to a small tile; prefill cuts them into 128-row
  // tiles, the last one padded.
  const rowTile = decode ? smallTileRows(Math.min(64, rows)) : 128;
  const tiles = decode ? 1 : Math.ceil(rows / rowTile);
  const rowFill = decode ? Math.min(1, rows / rowTile) : rows / (tiles * rowTile);
  const blocks = problems * splits * tiles;
  // A balanced split-KV scheduler leaves SMs idle only when there is too little work; fixed blocks run in
  // waves whose last may leave SMs idle.
  const balanced = decode && fit.splitsKv;
  const smFill =
    sms <= 0 ? 1 : balanced ? Math.min(1, blocks / sms) : blocks / (Math.ceil(blocks / sms) * sms);
  const keysPerBlock = keys / splits;
  const compute = k.peakEta * (keysPerBlock / (keysPerBlock + half)) * rowFill * smFill;
  const bandwidth = k.bandwidthBytesPerSec;
  const ceiling =
    bandwidth > 0 ? (blocks * DECODE_BLOCK_BYTES_PER_SEC) / (memoryLineEta * fit.memoryEta * bandwidth) : 1;
  return { computeEta: compute, memoryFactor: fit.memoryEta * Math.min(1, ceiling) };
}

/**
 * The rate the model gives a published point at its own shape, in the point's unit (ops/s for a compute
 * figure, bytes/s for a memory one); `memoryLineEta` is the GPU's memory line at read fraction 1.
 */
export function attentionPointRate(p: AttentionPoint, gpu: GpuSpec, memoryLineEta: number): number {
  const e = attentionEfficiency(
    p.kernel,
    gpu,
    {
      problems: p.problems,
      rows: p.rows,
      keys: p.causal ? (p.keys + 1) / 2 : p.keys,
      flopsPerPairHead: p.flopsPerPairHead,
      causal: p.causal,
      decode: p.decode,
    },
    memoryLineEta,
  );
  return p.achievedOpsPerSec !== undefined
    ? e.computeEta * (gpu.peakDenseOpsPerSec.bf16.value ?? Number.NaN)
    : e.memoryFactor * memoryLineEta * (gpu.memoryBandwidthBytesPerSec.value ?? Number.NaN);
}

/**
 * The attention backward's time per forward time for `kernel` at sequence length `seq`: the backward's flops
 * (2.5x the forward's) at its published rate against the forward's, interpolated in log2(seq) between the
 * FlashAttention-3 paper's bars and held at its ends (data/attention-points.ts). FA2 uses its own bars;
 * every other kernel FA3's (FlashInfer and FlashMLA are inference kernels; a training step on them is taken
 * to run FA3's backward).
 */
export function attentionBackwardTimeRatio(kernel: AttentionKernel, seq: number): number {
  const figures = ATTENTION_BACKWARD_FIGURES[kernel === 'fa2' ? 'fa2' : 'fa3'];
  const ratio = (f: (typeof figures)[number]) => f.forward / f.backward;
  const first = figures[0] as (typeof figures)[number];
  const last = figures[figures.length - 1] as (typeof figures)[number];
  let r: number;
  if (!(seq > first.seq)) r = ratio(first);
  else if (seq >= last.seq) r = ratio(last);
  else {
    let i = 1;
    while ((figures[i] as (typeof figures)[number]).seq < seq) i++;
    const a = figures[i - 1] as (typeof figures)[number];
    const b = figures[i] as (typeof figures)[number];
    const t = Math.log2(seq / a.seq) / Math.log2(b.seq / a.seq);
    r = ratio(a) + t * (ratio(b) - ratio(a));
  }
  return ATTENTION_BACKWARD_FLOPS_RATIO * r;
}
