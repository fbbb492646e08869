/**
 * The serving model, without estimate plumbing: memory per GPU, the largest batch that fits, TTFT and TPOT
 * at a batch, and the batch that meets a TPOT target. Fast enough to call inside sweeps and solvers.
 *
 * Model: each GPU serves `b` sequences at a time. A request's prompt is prefilled alone as it arrives (TTFT:
 * prefill-first scheduling, no queueing). Per cycle a TP group prefills `b x tp` prompts (costed as one
 * batched pass) and runs `outputLen - 1` decode steps at batch `b x tp`, each at the mid-decode context
 * (`inputLen + (outputLen - 1) / 2` cached tokens: decode time is close to affine in context). Prefill and
 * decode share the GPUs and do not overlap each other (within a pass, two-batch overlap may hide the DeepEP
 * all-to-all: `pass.ts`); throughput per GPU = b x tokens / cycle. With `pp` stages, `pp` such micro-batches are in flight and a
 * token crosses every stage, so TPOT is one pass through all layers plus the pipeline sends.
 * @module
 */

import type { GpuSpec } from '../../hardware/types.ts';
import type { Scenario } from '../../model/types.ts';
import { type MtpPlan, mtpDraftSecAt } from './mtp.ts';
import { type PassShape, passSecAt } from './pass.ts';
import type { PassSetup } from './pass-setup.ts';
import { kvCacheBytesPerGpu } from './plan.ts';

/** Request shape of a serving estimate. */
export interface ServingShape {
  readonly inputLen: number;
  readonly outputLen: number;
  /** Batched prefill and decode passes run as two overlapped micro-batches where faster (absent: off). */
  readonly twoBatchOverlap?: boolean;
  /** Multi-token prediction in decode (absent or null: off). */
  readonly mtp?: MtpPlan | null;
}

/** Memory one GPU holds: fixed weights plus KV cache linear in the batch per GPU. */
export interface ServingMemory {
  readonly weightBytesPerGpu: number;
  /** KV-cache bytes per GPU for each sequence of batch per GPU, at the full context (input + output). */
  readonly kvBytesPerBatchUnit: number;
}

/** Bytes one GPU needs at batch `b` per GPU. */
export function servingNeededBytes(m: ServingMemory, batchPerGpu: number): number {
  return m.weightBytesPerGpu + batchPerGpu * m.kvBytesPerBatchUnit;
}

/** Memory of a setup at a request shape. */
export function servingMemory(setup: PassSetup, shape: ServingShape): ServingMemory {
  const { tp } = setup.layout;
  const weightBytesPerGpu = setup.stageWeightBytes;
  // One sequence per GPU share (tp sequences in the TP group) after its last token.
  const kvBytesPerBatchUnit = kvCacheBytesPerGpu(setup.plan, tp, shape.inputLen + shape.outputLen);
  return { weightBytesPerGpu, kvBytesPerBatchUnit };
}

/** Largest batch per GPU that fits (0 when not even one does); null when the catalog lacks the capacity. */
export function maxBatchPerGpu(gpu: GpuSpec, m: ServingMemory): number | null {
  const capacity = gpu.memoryCapacityBytes.value;
  if (capacity === null) return null;
  let b = Math.max(0, Math.floor((capacity - m.weightBytesPerGpu) / m.kvBytesPerBatchUnit));
  // Guard the division against rounding at the boundary.
  while (b > 0 && servingNeededBytes(m, b) > capacity) b--;
  while (servingNeededBytes(m, b + 1) <= capacity) b++;
  return servingNeededBytes(m, b) <= capacity ? b : 0;
}

/** Context each decode step is costed at. */
export function midDecodeContext(shape: ServingShape): number {
  return shape.inputLen + Math.floor((shape.outputLen - 1) / 2);
}

/** Times of one serving cycle, in seconds. */
export interface ServingTimes {
  readonly ttftSec: number;
  readonly tpotSec: number;
  /** Batched prefill of the cycle's prompts + (outputLen - 1) x TPOT: the cycle the batch repeats. */
  readonly cycleSec: number;
}

/** The three passes of a serving estimate at batch `b` per GPU. */
export interface ServingPassShapes {
  readonly firstToken: PassShape;
  readonly prefill: PassShape;
  readonly decode: PassShape;
}

/** The mid-decode step of `b` sequences per GPU (the TP group's `b x tp`). */
function decodeShape(setup: PassSetup, shape: ServingShape, batchPerGpu: number): PassShape {
  const sequences = batchPerGpu * setup.layout.tp;
  const twoBatchOverlap = shape.twoBatchOverlap === true;
  const newTokens = 1 + (shape.mtp?.draftTokens ?? 0);
  return { sequences, newTokens, priorTokens: midDecodeContext(shape), decode: true, twoBatchOverlap };
}

/** Shapes of the prefill and mid-decode passes at batch `b` per GPU. */
export function servingPassShapes(
  setup: PassSetup,
  shape: ServingShape,
  batchPerGpu: number,
): ServingPassShapes {
  const sequences = batchPerGpu * setup.layout.tp;
  return {
    firstToken: { sequences: 1, newTokens: shape.inputLen, priorTokens: 0, decode: false },
    prefill: {
      sequences,
      newTokens: shape.inputLen,
      priorTokens: 0,
      decode: false,
      twoBatchOverlap: shape.twoBatchOverlap === true,
    },
    decode: decodeShape(setup, shape, batchPerGpu),
  };
}

/** TTFT, TPOT and latency at batch `b` per GPU in `scenario`. */
export function servingTimes(
  setup: PassSetup,
  shape: ServingShape,
  batchPerGpu: number,
  scenario: Scenario = 'nominal',
): ServingTimes {
  const p = servingPassShapes(setup, shape, batchPerGpu);
  const tpotSec = decodeTokenSec(setup, shape, p.decode, scenario);
  return {
    ttftSec: passSecAt(setup, p.firstToken, scenario),
    tpotSec,
    cycleSec: passSecAt(setup, p.prefill, scenario) + (shape.outputLen - 1) * tpotSec,
  };
}

/** TPOT alone (the solver's inner call). */
export function tpotSec(setup: PassSetup, shape: ServingShape, batchPerGpu: number): number {
  return decodeTokenSec(setup, shape, decodeShape(setup, shape, batchPerGpu), 'nominal');
}

/** Time per output token of a decode step: the step (with MTP, its verify pass and draft) over its tokens. */
function decodeTokenSec(
  setup: PassSetup,
  shape: ServingShape,
  decode: PassShape,
  scenario: Scenario,
): number {
  const step = passSecAt(setup, decode, scenario);
  const mtp = shape.mtp;
  if (mtp === null || mtp === undefined) return step;
  return (step + mtpDraftSecAt(setup, decode, scenario)) / mtp.tokensPerStep;
}

/**
 * Largest batch per GPU in `[1, upper]` whose TPOT meets `targetSec` (bisection: TPOT grows with batch);
 * 0 when even batch 1 misses it.
 */
export function batchForTargetTpot(
  setup: PassSetup,
  shape: ServingShape,
  targetSec: number,
  upper: number,
): number {
  if (upper < 1 || tpotSec(setup, shape, 1) > targetSec) return 0;
  let lo = 1;
  let hi = upper;
  if (tpotSec(setup, shape, hi) <= targetSec) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tpotSec(setup, shape, mid) <= targetSec) lo = mid;
    else hi = mid;
  }
  return lo;
}
