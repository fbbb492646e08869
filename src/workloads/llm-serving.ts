/**
 * `llm-serving`: TTFT, TPOT and per-GPU input/output throughput of a model served on a parallel layout, at a
 * batch per GPU (`--batch N`), the largest batch that fits (`--batch max`) or the largest that meets a TPOT
 * target (`--target-tpot-ms`). A model that does not fit is a result with the memory needed.
 * @module
 */
import { UserError } from '../errors.ts';
import type { GpuSpec } from '../hardware/types.ts';
import { capacityCheck } from '../model/capacity.ts';
import { assembleEstimate, type Estimate } from '../model/estimate.ts';
import type { OpTime, Scenario } from '../model/types.ts';
import { formatBytes, resourceAssumptions } from './common.ts';
import { contextWarnings, LLM_MODEL_PARAMS, type LlmModelParams, llmModel } from './llm-common.ts';
import { describeLayout, PARALLEL_PARAMS, type ParallelParams, resolveLayout } from './llm-parallel.ts';
import { type PassSetup, passRows, passSetup, passTimeSec } from './llm-passes.ts';
import {
  batchForTargetTpot,
  maxBatchPerGpu,
  midDecodeContext,
  type ServingShape,
  servingMemory,
  servingNeededBytes,
  servingPasses,
  servingThroughput,
} from './llm-serving-core.ts';
import type { WorkloadDefinition } from './types.ts';

/** Parsed `llm-serving` parameters. */
export interface LlmServingParams extends LlmModelParams, ParallelParams {
  /** Sequences per GPU: a positive integer as text, or `max`. */
  readonly batch: string;
  readonly inputLen: number;
  readonly outputLen: number;
  /** TPOT target in ms; 0: off. */
  readonly targetTpotMs: number;
}

/** Largest batch tried when the catalog lacks the memory capacity. */
const UNKNOWN_CAPACITY_BATCH_CAP = 4096;

/** `--batch` as a number, or `max`; a UserError naming the flag otherwise. */
export function parseServingBatch(raw: string): number | 'max' {
  const text = raw.trim().toLowerCase();
  if (text === 'max') return 'max';
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UserError(`--batch must be a positive integer or "max" (got ${JSON.stringify(raw)})`);
  }
  return n;
}

/** Estimate serving. Metrics: `ttftMs`, `tpotMs`, `outputTokensPerSecPerGpu`, `inputTokensPerSecPerGpu`, `maxBatchPerGpu` (and `timeMs`, a request's latency). */
export function estimateLlmServing(gpu: GpuSpec, p: LlmServingParams): Estimate {
  const spec = llmModel(p);
  const layout = resolveLayout(spec, p);
  const requested = parseServingBatch(p.batch);
  if (p.targetTpotMs > 0 && requested !== 1) {
    throw new UserError('--batch and --target-tpot-ms both set the batch: give one');
  }
  const shape: ServingShape = { inputLen: p.inputLen, outputLen: p.outputLen };
  const setup = passSetup(gpu, spec, layout, p.weightDtype, p.kvDtype);
  const memory = servingMemory(setup, shape);
  const maxBatch = maxBatchPerGpu(gpu, memory);
  if (requested === 'max' && maxBatch === null) {
    throw new UserError(`--batch max needs the memory capacity of ${gpu.id}, which the catalog lacks`);
  }
  const upper = maxBatch ?? UNKNOWN_CAPACITY_BATCH_CAP;
  let batch: number;
  let how: string;
  if (p.targetTpotMs > 0) {
    const solved = batchForTargetTpot(setup, shape, p.targetTpotMs / 1e3, Math.max(upper, 1));
    batch = Math.max(solved, 1);
    how =
      solved === 0
        ? `warning: --target-tpot-ms ${p.targetTpotMs} is missed even at batch 1; showing batch 1`
        : `batch ${batch} per GPU: the largest that fits with TPOT <= --target-tpot-ms ${p.targetTpotMs}`;
  } else if (requested === 'max') {
    batch = upper;
    how = `batch ${batch} per GPU: the largest that fits (--batch max)`;
  } else {
    batch = requested;
    how = `batch ${batch} per GPU`;
  }
  const unit = Math.max(batch, 1);
  const capacity = capacityCheck(gpu, servingNeededBytes(memory, unit));
  const fits = capacity.fits;
  const passes = servingPasses(setup, shape, unit);
  const decodeSteps = shape.outputLen - 1;
  const evaluate = (scenario: Scenario) => {
    const prefill = passRows(setup, passes.prefill, scenario, 'prefill ');
    const decode = decodeSteps > 0 ? passRows(setup, passes.decode, scenario, 'decode ', decodeSteps) : [];
    const decodeSec = sum(decode);
    const tpotSec = decodeSteps > 0 ? decodeSec / decodeSteps : passTimeSec(setup, passes.decode, scenario);
    const ttftSec = passTimeSec(setup, passes.firstToken, scenario);
    const times = { ttftSec, tpotSec, cycleSec: sum(prefill) + decodeSec };
    return {
      ops: [...prefill, ...decode],
      metrics: {
        ttftMs: ttftSec * 1e3,
        tpotMs: tpotSec * 1e3,
        ...servingThroughput(shape, unit, times),
        maxBatchPerGpu: maxBatch ?? Number.NaN,
      },
    };
  };
  const estimate = assembleEstimate({
    gpu: gpu.id,
    workload: 'llm-serving',
    params: { ...p, model: spec.id, batch: String(batch) },
    throughputMetric: 'outputTokensPerSecPerGpu',
    capacity,
    confidence: setup.linear.curve.confidence,
    assumptions: servingAssumptions(setup, p, shape, how, memory, maxBatch, unit, fits),
    evaluate,
  });
  if (maxBatch !== null) return estimate;
  return { ...estimate, metrics: { ...estimate.metrics, maxBatchPerGpu: null } };
}

function sum(rows: readonly OpTime[]): number {
  let t = 0;
  for (const r of rows) t += r.timeSec;
  return t;
}

function servingAssumptions(
  setup: PassSetup,
  p: LlmServingParams,
  shape: ServingShape,
  how: string,
  memory: ReturnType<typeof servingMemory>,
  maxBatch: number | null,
  batch: number,
  fits: boolean,
): string[] {
  const { spec, layout, gpu, links } = setup;
  const needed = servingNeededBytes(memory, batch);
  const capacity = gpu.memoryCapacityBytes.value;
  const out = [
    ...layout.warnings,
    ...contextWarnings(spec, '--input-len + --output-len', shape.inputLen + shape.outputLen),
  ];
  if (!fits && capacity !== null) {
    const minGpus = Math.ceil((needed * layout.numGpus) / capacity);
    out.push(
      `does not fit: needs ${formatBytes(needed)} per GPU of ${formatBytes(capacity)} (weights ${formatBytes(memory.weightBytesPerGpu)} + KV cache ${formatBytes(needed - memory.weightBytesPerGpu)}); minimum GPUs: ${minGpus} (sharding the same load evenly, e.g. more --tp or --pp)`,
    );
  }
  out.push(
    `${how}; largest batch that fits: ${maxBatch ?? 'unknown (no memory capacity in the catalog)'}`,
    `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
    describeLayout(layout),
    `TTFT = prefill of one ${shape.inputLen}-token prompt alone on its TP group (prefill-first scheduling, no queueing); TPOT = one decode step of ${batch} sequence(s) per GPU at the mid-decode context ${midDecodeContext(shape)}`,
    `cycle = the batch's prompts prefilled in one pass + (output-len - 1) x TPOT; prefill and decode share the GPUs and do not overlap; throughput per GPU = batch x tokens / cycle; timeMs is the cycle`,
    `memory per GPU: weights ${formatBytes(memory.weightBytesPerGpu)} + KV cache ${formatBytes(needed - memory.weightBytesPerGpu)} at ${shape.inputLen + shape.outputLen} tokens; activations and runtime workspace not counted`,
    `weights ${p.weightDtype} (embedding, LM head, norms and routers bf16), KV cache ${p.kvDtype}, activations bf16`,
  );
  if (links.tp)
    out.push(
      `TP ${layout.tp}: 2 all-reduces of the hidden state per layer, not overlapped; ${links.tp.description}`,
    );
  if (links.ep) {
    out.push(
      `EP ${layout.ep}: whole experts per GPU, uniform routing; all-to-all dispatch (${p.weightDtype === 'fp8' ? 'fp8' : 'bf16'}) and combine (bf16) per MoE layer, not overlapped; ${links.ep.description}`,
    );
  } else if (spec.params.active < spec.params.total) {
    out.push('MoE without EP: experts split over TP like dense FFNs; uniform routing');
  }
  if (links.pp)
    out.push(`PP ${layout.pp}: one activation send per stage boundary per pass; ${links.pp.description}`);
  out.push(...resourceAssumptions(gpu, setup.linear, true));
  return out;
}

/** The `llm-serving` workload. */
export const LLM_SERVING_WORKLOAD: WorkloadDefinition<LlmServingParams> = {
  kind: 'llm-serving',
  summary:
    'LLM serving: TTFT, TPOT and tokens/s per GPU at a batch, the largest batch that fits, or a TPOT target',
  params: [
    ...LLM_MODEL_PARAMS,
    ...PARALLEL_PARAMS,
    {
      key: 'batch',
      flag: '--batch',
      description: 'sequences per GPU, or "max" for the largest that fits',
      kind: 'string',
      default: '1',
    },
    {
      key: 'inputLen',
      flag: '--input-len',
      description: 'prompt tokens per request',
      kind: 'integer',
      default: 2048,
    },
    {
      key: 'outputLen',
      flag: '--output-len',
      description: 'generated tokens per request',
      kind: 'integer',
      default: 256,
    },
    {
      key: 'targetTpotMs',
      flag: '--target-tpot-ms',
      description: 'solve for the largest batch whose TPOT meets this target (ms; 0: off)',
      kind: 'number',
      default: 0,
    },
  ],
  throughputMetric: 'outputTokensPerSecPerGpu',
  throughputUnit: 'output tokens/s/GPU',
  example: '--model llama-3-70b --tp 4 --batch max --input-len 2048 --output-len 256',
  estimate: estimateLlmServing,
};
