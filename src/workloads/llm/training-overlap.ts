/**
 * Training's overlap and pipeline-schedule terms, pure: how much TP and EP/PP communication hides behind
 * compute, and a stage's step time under 1F1B or DualPipe.
 *
 * - **TP communication overlap** (Megatron-LM `--tp-comm-overlap`, Transformer Engine userbuffers; needs
 *   sequence parallelism, which the activation memory already assumes): each layer's TP all-gathers and
 *   reduce-scatters run in chunks beside the GEMM they feed or follow. TE's defaults (`initialize_ub` in
 *   transformer_engine/pytorch/module/base.py) move the all-gathers by ring exchange on copy engines
 *   (`num_sm` 1) and the reduce-scatters by the pipelined or bulk method on `num_sm` 16 SMs: half the bytes
 *   each way, so compute keeps `1 - (1 + 16) / (2 x SMs)` of the GPU while TP traffic is in flight.
 * - **DualPipe** (DeepSeek-V3 report, arXiv 2412.19437, section 3.2.1 and Table 2; deepseek-ai/DualPipe): a
 *   forward chunk and a backward chunk of two micro-batches run together, so the EP all-to-all and the PP
 *   sends of one hide behind the other's compute, with 20 of 132 SMs kept for communication; bubble
 *   `(PP/2 - 1)(F&B + B - 3W)` against 1F1B's `(PP - 1)(F + B)`; two copies of the parameters and `PP + 1`
 *   micro-batches of activations on the first stage.
 *
 * TP overlap hides `min(GEMMs, s x comm)` where `s` is the SM share compute keeps: `(1 - s) x comm` is
 * always paid, as the compute slowed by the SMs communication takes, but only while TP traffic runs. TE's
 * ring-exchange all-gathers hold one SM and its reduce-scatters run chunk by chunk beside the GEMM; no
 * profile of it was checked, so the whole-slot rule below is not applied to it.
 *
 * DualPipe splits the SMs for the whole overlapped slot, not only while bytes move (sm-split.ts gives the
 * evidence: DeepSeek's training profile launches its fp8 GEMMs on 112 blocks, and its DeepEP kernels hold
 * their 20 SMs for 88% of the slot), so a slot takes `max(compute / s, EP + PP)`, or the two in turn where
 * that is shorter: overlap never makes a slot slower, and hidden time never exceeds the compute it hides
 * behind. Every kernel of the micro-batch is charged alike: DeepGEMM runs on 112 SMs throughout, and the
 * other kernels run beside resident DeepEP kernels (memory-bound ones might lose less than 1/s of their speed
 * on fewer SMs, but they also share HBM with DeepEP's copies; no data separates the two). Where the split is
 * made, the exposed part of EP + PP is at least the compute slowed by it, `(1/s - 1) x compute`.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { deepEpNormalShare, splitSlotHidden } from './sm-split.ts';

/** Pipeline schedules training models. */
export const PIPELINE_SCHEDULES = ['1f1b', 'dualpipe'] as const;
/** A pipeline schedule. */
export type PipelineSchedule = (typeof PIPELINE_SCHEDULES)[number];

/**
 * SMs Transformer Engine's userbuffers take for TP overlap by default (`initialize_ub`): 1 for the
 * ring-exchange all-gathers (copy engines move the data), 16 for the pipelined and bulk reduce-scatters.
 */
export const TE_TP_OVERLAP_SMS = { allGather: 1, reduceScatter: 16 } as const;

/** The SM share compute keeps while TP traffic runs under TE's overlap (half the bytes each way); 1 without an SM count. */
export function tpOverlapShare(gpu: GpuSpec): number {
  const sms = gpu.smCount.value;
  const taken = (TE_TP_OVERLAP_SMS.allGather + TE_TP_OVERLAP_SMS.reduceScatter) / 2;
  return sms !== null && sms > taken ? (sms - taken) / sms : 1;
}

/** The SM share compute keeps while DualPipe's EP all-to-all and PP sends run (20 SMs communicate). */
export function dualPipeShare(gpu: GpuSpec): number {
  return deepEpNormalShare(gpu.smCount.value);
}

/**
 * One micro-batch's forward + backward over the whole model in one scenario, seconds, already weighted
 * (compute x3 plus recomputation, collectives x2 plus recomputation): all compute, the weight GEMMs alone
 * (what TE overlaps TP traffic with), and the TP, EP and PP communication.
 */
export interface MicroBatchParts {
  readonly computeSec: number;
  readonly linearSec: number;
  readonly tpSec: number;
  readonly epSec: number;
  readonly ppSec: number;
}

/** SM shares of the overlaps that run; null: that overlap is off (nothing hidden). */
export interface OverlapShares {
  readonly tp: number | null;
  readonly dualPipe: number | null;
}

/** Communication hidden per micro-batch, seconds: TP traffic behind the GEMMs, then EP + PP behind what compute is left. */
export interface HiddenComm {
  readonly tpSec: number;
  readonly epPpSec: number;
}

/** What overlap hides of one micro-batch's communication; never more than its compute, nor than the communication. */
export function hiddenComm(parts: MicroBatchParts, shares: OverlapShares): HiddenComm {
  const tpSec = shares.tp === null ? 0 : Math.min(parts.linearSec, shares.tp * parts.tpSec);
  const left = Math.max(0, parts.computeSec - tpSec);
  const epPpSec =
    shares.dualPipe === null ? 0 : splitSlotHidden(left, parts.epSec + parts.ppSec, shares.dualPipe);
  return { tpSec, epPpSec };
}

/**
 * A stage's time for one step, seconds, from `pairSec` (one micro-batch's forward + backward over the whole
 * model with its exposed communication; a stage runs 1/pp of it), `backwardSec` (B: the backward alone, with
 * any recomputation) and `weightGradSec` (W: its weight-gradient half), over `microBatches` per replica:
 * - 1F1B: `(M + pp - 1)` slots of F + B;
 * - DualPipe: `M` overlapped slots plus the bubble `(pp/2 - 1)(F&B + B - 3W)`.
 */
export function pipelineStageSec(
  schedule: PipelineSchedule,
  pairSec: number,
  backwardSec: number,
  weightGradSec: number,
  microBatches: number,
  pp: number,
): { steadySec: number; bubbleSec: number } {
  if (schedule === '1f1b') {
    return { steadySec: (pairSec * microBatches) / pp, bubbleSec: (pairSec * (pp - 1)) / pp };
  }
  return {
    steadySec: (pairSec * microBatches) / pp,
    bubbleSec: ((pp / 2 - 1) * (pairSec + backwardSec - 3 * weightGradSec)) / pp,
  };
}
