/**
 * Published attention-kernel figures and the constants of the attention-efficiency model
 * (`../attention-efficiency.ts`) fitted to them. Ids are those of ../shared/reference/microbenchmarks.json where
 * it has them. Kernel level only: no constant here is fitted to an end-to-end case.
 *
 * Sources:
 * - `issue13_fa2_*`: a user's measurement on an H100 SXM through PyTorch's FA2 kernels (bf16, 32 heads, head
 *   dim 128, causal), reported in tppbench issue 13; decode at batch 1 x 8 KV heads reached 250-970 GB/s
 *   over context lengths (970 taken as the long-context end).
 * - `fa3_paper_*`: FlashAttention-3 (Shah et al., arXiv 2407.08608), Figure "Attention forward speed, head dim
 *   128 (H100 80GB SXM5)", BF16, batch x seq = 16k, 16 heads; read through a transcription of the figure, which
 *   does not name the mask: taken as non-causal (its FA2 bars, 309-370, sit above the causal user figures).
 * - `h20_fa3_fwd`: Dao-AILab/flash-attention issue 1310 (H20, batch 2, hd 128, seq 2048, non-causal, FP16;
 *   FA2 83.7 in the same report).
 * - `flashmla_*`, `h20_flashmla`: deepseek-ai/FlashMLA README (414a2f3, 2025-04-22 update) and its issue 30;
 *   shape taken as its benchmark's (128 sequences, 128 query heads, one query token).
 * - FA2/FA3 prefill figures whose batch is not stated (the paper's 16k tokens per call; the and
 *   InferSim's taken the same) and the H20 report's heads (taken as 16) set `problems`.
 * - `ATTENTION_BACKWARD_FIGURES`: FlashAttention-3 (arXiv 2407.08608), Figure "Attention backward speed, head dim
 *   128 (H100 80GB SXM5)", BF16, batch x seq = 16k, 16 heads, FA2 and FA3 bars, read through a transcription of
 *   the figure; rates by FlashAttention's benchmark convention (backward flops = 2.5 x the forward's: five
 *   matmuls against two). Divided by the same paper's forward bars (the `fa3_paper_*` points) they give the
 *   backward's rate against the forward's at each sequence length.
 * - `infersim_*`: InferSim's kernel benchmark tables (github.com/alibaba/InferSim at 54de7f7, bench_data/): its
 *   measurements of FA3 prefill and FlashInfer decode, converted from its MFU convention (peak x 1.024, causal
 *   flops / 1.8) to plain achieved rates.
 * @module
 */

/** The attention kernels the model knows. */
export type AttentionKernel = 'fa2' | 'fa3' | 'flashinfer' | 'flashmla';

/** Every {@link AttentionKernel}. */
export const ATTENTION_KERNELS: readonly AttentionKernel[] = ['fa2', 'fa3', 'flashinfer', 'flashmla'];

/** Display names. */
export const ATTENTION_KERNEL_NAMES: Readonly<Record<AttentionKernel, string>> = {
  fa2: 'FlashAttention-2',
  fa3: 'FlashAttention-3',
  flashinfer: 'FlashInfer',
  flashmla: 'FlashMLA',
};

/** A measured attention rate: compute (TFLOPS-type) or memory (bytes/s). */
export interface AttentionPoint {
  readonly id: string;
  readonly kernel: AttentionKernel;
  readonly gpuId: string;
  /** Matmul flops per (query, key) pair and head: 4 x head dim (MLA absorbed decode: 2 x (576 + 512)). */
  readonly flopsPerPairHead: number;
  readonly causal: boolean;
  /** Key length (prefill: the sequence; decode: the context); causal calls see about half on average. */
  readonly keys: number;
  readonly achievedOpsPerSec?: number;
  readonly achievedBytesPerSec?: number;
  /**
   * The shape the figure was measured at: independent (sequence, head) problems (decode: batch x KV heads,
   * the thread blocks before any split) and query rows per problem (decode: the GQA group or MLA heads).
   * Sources that do not state the batch are taken at 16k tokens per call, as FlashAttention's benchmarks run.
   */
  readonly problems: number;
  readonly rows: number;
  readonly decode: boolean;
}

const fa2 = (s: number, tflops: number, causal = true): AttentionPoint => ({
  id: `${causal ? 'issue13_fa2_h100_causal' : 'fa3_paper_fa2_h100'}_${s}`,
  kernel: 'fa2',
  gpuId: 'h100-sxm',
  flopsPerPairHead: 512,
  causal,
  keys: s,
  problems: (causal ? 32 : 16) * (16384 / s),
  rows: s,
  decode: false,
  achievedOpsPerSec: tflops * 1e12,
});
const fa3 = (s: number, tflops: number): AttentionPoint => ({
  id: `fa3_paper_fa3_h100_${s}`,
  kernel: 'fa3',
  gpuId: 'h100-sxm',
  flopsPerPairHead: 512,
  causal: false,
  keys: s,
  problems: 16 * (16384 / s),
  rows: s,
  decode: false,
  achievedOpsPerSec: tflops * 1e12,
});
/** InferSim H20 FA3 prefill, 32-8-128, causal: its MFU x 148e12 x 1.024 x 1.8 / 2. */
const h20Fa3 = (s: number, mfu: number): AttentionPoint => ({
  id: `infersim_h20_fa3_32-8-128_${s}`,
  kernel: 'fa3',
  gpuId: 'h20',
  flopsPerPairHead: 512,
  causal: true,
  keys: s,
  problems: 32 * Math.max(1, 16384 / s),
  rows: s,
  decode: false,
  achievedOpsPerSec: mfu * 148e12 * 1.024 * 0.9,
});

/** Every attention calibration point. */
export const ATTENTION_POINTS: readonly AttentionPoint[] = [
  fa2(1024, 130),
  fa2(4096, 266),
  fa2(16384, 335),
  ...[
    [512, 309],
    [1024, 350],
    [2048, 362],
    [4096, 368],
    [8192, 370],
    [16384, 370],
  ].map(([s, t]) => fa2(s as number, t as number, false)),
  {
    id: 'h20_fa3_fwd/fa2',
    kernel: 'fa2',
    gpuId: 'h20',
    flopsPerPairHead: 512,
    causal: false,
    keys: 2048,
    problems: 2 * 16,
    rows: 2048,
    decode: false,
    achievedOpsPerSec: 83.7e12,
  },
  ...[
    [512, 467],
    [1024, 565],
    [2048, 625],
    [4096, 638],
    [8192, 646],
    [16384, 648],
  ].map(([s, t]) => fa3(s as number, t as number)),
  {
    id: 'h20_fa3_fwd',
    kernel: 'fa3',
    gpuId: 'h20',
    flopsPerPairHead: 512,
    causal: false,
    keys: 2048,
    problems: 2 * 16,
    rows: 2048,
    decode: false,
    achievedOpsPerSec: 126.2e12,
  },
  h20Fa3(1024, 0.52),
  h20Fa3(4096, 0.825),
  h20Fa3(8192, 0.894),
  h20Fa3(16384, 0.928),
  h20Fa3(32768, 0.943),
  {
    id: 'flashmla_h800_compute_v2',
    kernel: 'flashmla',
    gpuId: 'h800-sxm',
    flopsPerPairHead: 2176,
    causal: false,
    keys: 4096,
    problems: 128,
    rows: 128,
    decode: true,
    achievedOpsPerSec: 660e12,
  },
  {
    id: 'h20_flashmla',
    kernel: 'flashmla',
    gpuId: 'h20',
    flopsPerPairHead: 2176,
    causal: false,
    keys: 8192,
    problems: 128,
    rows: 128,
    decode: true,
    achievedOpsPerSec: 129e12,
  },
  {
    id: 'flashmla_h800_membound',
    kernel: 'flashmla',
    gpuId: 'h800-sxm',
    flopsPerPairHead: 2176,
    causal: false,
    keys: 8192,
    problems: 128,
    rows: 128,
    decode: true,
    achievedBytesPerSec: 3.0e12,
  },
  // InferSim H20 FlashInfer decode, 32-8-128, bf16 KV: bytes = batch x kv x 2 x 8 x 128 x 2 over its latency.
  {
    id: 'infersim_h20_flashinfer_decode_32-8-128_b64_kv8192',
    kernel: 'flashinfer',
    gpuId: 'h20',
    flopsPerPairHead: 512,
    causal: false,
    keys: 8192,
    problems: 64 * 8,
    rows: 4,
    decode: true,
    achievedBytesPerSec: (64 * 8192 * 4096) / 742.63e-6,
  },
  {
    id: 'infersim_h20_flashinfer_decode_32-8-128_b1_kv131072',
    kernel: 'flashinfer',
    gpuId: 'h20',
    flopsPerPairHead: 512,
    causal: false,
    keys: 131072,
    problems: 8,
    rows: 4,
    decode: true,
    achievedBytesPerSec: (131072 * 4096) / 178.91e-6,
  },
  {
    id: 'issue13_fa2_h100_decode_b1_kv8',
    kernel: 'fa2',
    gpuId: 'h100-sxm',
    flopsPerPairHead: 512,
    causal: false,
    keys: 65536,
    problems: 8,
    rows: 4,
    decode: true,
    achievedBytesPerSec: 970e9,
  },
];

/**
 * Fitted constants of one kernel (see `../attention-efficiency.ts` for the form):
 * - `mmaEta`: fraction of dense peak its MMAs reach with the softmax hidden;
 * - `softmaxPairsPerSecPerSm`: (query, key, head) pairs per second one SM works through outside the MMAs
 *   (exp, max, rescale not overlapped with them);
 * - `keysHalf`: visible keys per query at which the kernel reaches half its long-sequence rate, causal and
 *   not (a causal square call of length s sees (s + 1) / 2 keys per query on average);
 * - `memoryEta`: its decode bandwidth as a fraction of the STREAM line's;
 * - `splitsKv`: whether its decode splits the keys across thread blocks to fill the SMs.
 */
export interface AttentionKernelFit {
  readonly mmaEta: number;
  readonly softmaxPairsPerSecPerSm: number;
  readonly keysHalf: { readonly causal: number; readonly nonCausal: number };
  readonly memoryEta: number;
  readonly splitsKv: boolean;
}

/**
 * The fits, by hand from the points above (closed form; the test re-derives each point's error):
 * - FA2: non-causal half-point 101 and H100 plateau 0.376 from the FA3 paper's FA2 bars; causal half-point
 *   900 visible keys (1,800 of sequence) from the user's 1k/4k/16k; the H20 figure (0.566 at 2,048) with the H100 plateau gives the MMA
 *   efficiency 0.738 and the softmax rate. Decode does not split (PyTorch's SDPA path).
 * - FA3: non-causal half-point 199 and H100 plateau 0.663 from the paper; the MMA efficiency is capped at 1
 *   (the H20 point alone would ask for 1.09), the softmax rate from the H100 plateau; causal half-point 325
 *   visible keys (650 of sequence) from InferSim's H20 FA3 table.
 * - FlashMLA: H800 660 and H20 129 TFLOPS, at their shapes (128 sequences of 128 heads, one query each, 4,096
 *   and 8,192 keys; key-length factors 0.952 and 0.976, SMs full) give `E` = 0.7010 and 0.8930, so
 *   1 / E = 1 / mmaEta + (peak / SMs) / (2,176 x rate) solves to mmaEta 0.9844 and 8.383e9 pairs/s per SM;
 *   memory 0.895 of the H800's 3.35 TB/s over the line's 0.925.
 * - FlashInfer: prefill as FA3 (its Hopper prefill is FA3's template); decode bandwidth 0.78 of the line
 *   from InferSim's H20 decode table.
 */
export const ATTENTION_KERNEL_FITS: Readonly<Record<AttentionKernel, AttentionKernelFit>> = {
  fa2: {
    mmaEta: 0.7375,
    softmaxPairsPerSecPerSm: 1.125e10,
    keysHalf: { causal: 900, nonCausal: 101 },
    memoryEta: 1,
    splitsKv: false,
  },
  fa3: {
    mmaEta: 1,
    softmaxPairsPerSecPerSm: 2.879e10,
    keysHalf: { causal: 325, nonCausal: 199 },
    memoryEta: 1,
    splitsKv: true,
  },
  flashinfer: {
    mmaEta: 1,
    softmaxPairsPerSecPerSm: 2.879e10,
    keysHalf: { causal: 325, nonCausal: 199 },
    memoryEta: 0.78,
    splitsKv: true,
  },
  flashmla: {
    mmaEta: 0.9844,
    softmaxPairsPerSecPerSm: 8.383e9,
    keysHalf: { causal: 325, nonCausal: 199 },
    memoryEta: 0.97,
    splitsKv: true,
  },
};

/**
 * Bandwidth one decode thread block draws, bytes/s: FA2 at batch 1 x 8 KV heads on an H100 reached 970 GB/s
 * (`issue13_fa2_h100_decode_b1_kv8`), 8 blocks. Borrowed by every kernel (no other per-block figure).
 */
export const DECODE_BLOCK_BYTES_PER_SEC = 970e9 / 8;

/** Smallest key chunk a split-KV decode kernel gives one thread block (assumption, FlashInfer-like). */
export const MIN_KEYS_PER_SPLIT = 256;

/**
 * Attention backward rates, TFLOPS at 2.5x the forward's flops, by sequence length, with the forward rates of
 * the same paper and shape (H100 SXM, head dim 128, 16 heads, batch x seq = 16k, non-causal): see the module
 * note. Training times the backward as `2.5 x forward time x forward rate / backward rate`.
 */
export const ATTENTION_BACKWARD_FIGURES: Readonly<
  Record<
    'fa2' | 'fa3',
    readonly { readonly seq: number; readonly forward: number; readonly backward: number }[]
  >
> = {
  fa2: [
    { seq: 512, forward: 309, backward: 214 },
    { seq: 1024, forward: 350, backward: 260 },
    { seq: 2048, forward: 362, backward: 291 },
    { seq: 4096, forward: 368, backward: 310 },
    { seq: 8192, forward: 370, backward: 318 },
    { seq: 16384, forward: 370, backward: 322 },
  ],
  fa3: [
    { seq: 512, forward: 467, backward: 316 },
    { seq: 1024, forward: 565, backward: 424 },
    { seq: 2048, forward: 625, backward: 501 },
    { seq: 4096, forward: 638, backward: 542 },
    { seq: 8192, forward: 646, backward: 559 },
    { seq: 16384, forward: 648, backward: 561 },
  ],
};

/** The backward's flops per forward flop in FlashAttention (dS, dP, dQ, dK, dV against S and O). */
export const ATTENTION_BACKWARD_FLOPS_RATIO = 2.5;
