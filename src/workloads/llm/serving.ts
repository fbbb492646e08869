/**
 * `llm-serving`: TTFT, TPOT and per-GPU input/output throughput of a model served on a parallel layout, at a
 * batch per GPU (`batch` N), the largest batch that fits (`batch` `'max'`) or the largest that meets a TPOT
 * target (`targetTpotMs`). A model that does not fit is a result with the memory needed.
 * @module
 */
import { msg, param, UserError } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { formatBytes, integerParam, resourceAssumptions } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';
import { contextWarnings, LLM_MODEL_PARAMS, llmModel, refusedParam } from './model-params.ts';
import { addMtpDraft, MTP_PARAMS, mtpAssumption, resolveMtp } from './mtp.ts';
import { describeLayout, PARALLEL_PARAMS, resolveLayout } from './parallel-layout.ts';
import {
  evaluatePass,
  ONCE,
  overlapAssumption,
  passSecAt,
  type RowStyle,
  TWO_BATCH_OVERLAP_PARAM,
  times,
  zeroTotals,
} from './pass.ts';
import { attentionAssumption, epAssumption, type PassSetup, passSetup } from './pass-setup.ts';
import {
  batchForTargetTpot,
  maxBatchPerGpu,
  midDecodeContext,
  type ServingShape,
  servingMemory,
  servingNeededBytes,
  servingPassShapes,
  tpotSec as tpotAt,
} from './serving-model.ts';

const LLM_SERVING_PARAMS = [
  ...LLM_MODEL_PARAMS,
  ...PARALLEL_PARAMS,
  {
    key: 'batch',
    flag: '--batch',
    description: 'sequences per GPU, or "max" for the largest that fits (sweeps take ranges: 1..1024)',
    kind: 'integer-or-max',
    default: 1,
  },
  integerParam('inputLen', 'prompt tokens per request', 2048),
  integerParam('outputLen', 'generated tokens per request', 256),
  TWO_BATCH_OVERLAP_PARAM,
  ...MTP_PARAMS,
  refusedParam(
    'tokens',
    '--tokens',
    msg`${param('tokens')} is prefill tokens per GPU of one pass (llm-prefill); serving sets its load with ${param('batch')} (sequences per GPU) and ${param('inputLen')}`,
  ),
  {
    key: 'targetTpotMs',
    flag: '--target-tpot-ms',
    description: 'solve for the largest batch whose TPOT meets this target (ms; 0: off)',
    kind: 'number',
    default: 0,
    min: 0,
  },
] as const satisfies readonly ParamSpec[];

/**
 * Parsed `llm-serving` parameters: the model's and the layout's, `batch` (sequences per GPU, or `'max'`: the
 * largest that fits), `inputLen`, `outputLen` and `targetTpotMs` (a TPOT target in ms; 0: off).
 */
export type LlmServingParams = ParamsOf<typeof LLM_SERVING_PARAMS>;

/** Largest batch tried when the catalog lacks the memory capacity. */
const UNKNOWN_CAPACITY_BATCH_CAP = 4096;

/** Estimate serving. Metrics: `ttftMs`, `tpotMs`, `outputTokensPerSecPerGpu`, `inputTokensPerSecPerGpu`, `maxBatchPerGpu` (and `timeMs`, a request's latency). */
export function estimateLlmServing(gpu: GpuSpec, p: LlmServingParams): Estimate {
  const spec = llmModel(p);
  const layout = resolveLayout(spec, p);
  const requested = p.batch;
  if (p.targetTpotMs > 0 && requested !== 1) {
    throw new UserError(msg`${param('batch')} and ${param('targetTpotMs')} both set the batch: give one`);
  }
  const shape: ServingShape = {
    inputLen: p.inputLen,
    outputLen: p.outputLen,
    twoBatchOverlap: p.twoBatchOverlap === 'on',
    mtp: resolveMtp(spec, p),
  };
  const setup = passSetup(gpu, spec, layout, p.weightDtype, p.kvDtype, 'weightDtype', p.attentionKernel);
  const memory = servingMemory(setup, shape);
  const maxBatch = maxBatchPerGpu(gpu, memory);
  if (requested === 'max' && maxBatch === null) {
    throw new UserError(
      msg`${param('batch')} max needs the memory capacity of ${gpu.id}, which the catalog lacks`,
    );
  }
  const upper = maxBatch ?? UNKNOWN_CAPACITY_BATCH_CAP;
  let batch: number;
  let how: string;
  const warnings = [
    ...layout.warnings,
    ...contextWarnings(
      spec,
      shape.inputLen + shape.outputLen,
      () => msg`${param('inputLen')} + ${param('outputLen')}`,
    ),
  ];
  if (p.targetTpotMs > 0) {
    const solved = batchForTargetTpot(setup, shape, p.targetTpotMs / 1e3, Math.max(upper, 1));
    batch = Math.max(solved, 1);
    if (solved === 0) {
      warnings.push(
        msg`${param('targetTpotMs')} ${p.targetTpotMs} is missed even at batch 1; showing batch 1`,
      );
      how = `batch 1 per GPU: targetTpotMs ${p.targetTpotMs} is missed even at batch 1`;
    } else {
      how = `batch ${batch} per GPU: the largest that fits with TPOT <= targetTpotMs ${p.targetTpotMs}`;
    }
  } else if (requested === 'max') {
    batch = upper;
    how = `batch ${batch} per GPU: the largest that fits (batch max)`;
  } else {
    batch = requested;
    how = `batch ${batch} per GPU`;
  }
  const unit = Math.max(batch, 1);
  const capacity = capacityCheck(gpu, servingNeededBytes(memory, unit));
  const fits = capacity.fits;
  const passes = servingPassShapes(setup, shape, unit);
  // Output tokens after the first come from decode steps; with MTP a step yields tokensPerStep of them.
  const decodeTokens = shape.outputLen - 1;
  const decodeSteps = shape.mtp ? Math.ceil(decodeTokens / shape.mtp.tokensPerStep) : decodeTokens;
  // One pass over the ops gives the nominal rows and all three scenarios' totals. The optimistic and
  // pessimistic totals run on over prefill then decode rows, as the breakdown does; the nominal prefill and
  // decode sums start from 0 each (the cycle adds them).
  const rows = newBreakdown();
  const prefill = zeroTotals();
  const overlapped = { prefill: false, decode: false };
  overlapped.prefill = evaluatePass(setup, passes.prefill, ONCE, {
    rows,
    style: PREFILL_ROWS,
    totals: prefill,
    ops: null,
  });
  const decode = zeroTotals();
  decode.optimisticSec = prefill.optimisticSec;
  decode.pessimisticSec = prefill.pessimisticSec;
  if (decodeSteps > 0) {
    const sink = { rows, style: DECODE_ROWS, totals: decode, ops: null };
    overlapped.decode = evaluatePass(setup, passes.decode, times(decodeSteps), sink);
    if (shape.mtp) addMtpDraft(setup, passes.decode, times(decodeSteps), sink);
  }
  const tpotSec = decodeTokens > 0 ? decode.nominalSec / decodeTokens : tpotAt(setup, shape, unit);
  const ttftSec = passSecAt(setup, passes.firstToken, 'nominal');
  const cycleSec = prefill.nominalSec + decode.nominalSec;
  const assumptions = servingAssumptions(setup, shape, how, memory, maxBatch, unit, fits);
  const decodePass = passes.decode;
  assumptions.push(
    attentionAssumption(setup, passes.prefill.sequences, shape.inputLen, 0, false),
    attentionAssumption(setup, decodePass.sequences, decodePass.newTokens, decodePass.priorTokens, true),
  );
  const overlap = overlapAssumption(setup, shape.twoBatchOverlap === true, overlapped);
  if (overlap !== null) assumptions.push(overlap);
  if (shape.mtp) assumptions.push(mtpAssumption(shape.mtp));
  const estimate = assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload: 'llm-serving',
      params: { ...p, model: spec.id, batch },
      throughputMetric: 'outputTokensPerSecPerGpu',
      capacity,
      confidence: setup.linear.curve.confidence,
      warnings,
      assumptions,
    },
    rows,
    {
      ttftMs: ttftSec * 1e3,
      tpotMs: tpotSec * 1e3,
      outputTokensPerSecPerGpu: (unit * shape.outputLen) / cycleSec,
      inputTokensPerSecPerGpu: (unit * shape.inputLen) / cycleSec,
      maxBatchPerGpu: maxBatch ?? Number.NaN,
    },
    decode.optimisticSec,
    decode.pessimisticSec,
  );
  if (maxBatch !== null) return estimate;
  // The metrics object is this estimate's own: no capacity in the catalog means no largest batch.
  (estimate.metrics as Record<string, number | null>).maxBatchPerGpu = null;
  return estimate;
}

const PREFILL_ROWS: RowStyle = { prefix: 'prefill ', countOnes: true };
const DECODE_ROWS: RowStyle = { prefix: 'decode ', countOnes: true };

function servingAssumptions(
  setup: PassSetup,
  shape: ServingShape,
  how: string,
  memory: ReturnType<typeof servingMemory>,
  maxBatch: number | null,
  batch: number,
  fits: boolean,
): string[] {
  const { layout, gpu } = setup;
  const needed = servingNeededBytes(memory, batch);
  const capacity = gpu.memoryCapacityBytes.value;
  const out: string[] = [];
  if (!fits && capacity !== null) {
    const minGpus = Math.ceil((needed * layout.numGpus) / capacity);
    out.push(
      `does not fit: needs ${formatBytes(needed)} per GPU of ${formatBytes(capacity)} (weights ${formatBytes(memory.weightBytesPerGpu)} + KV cache ${formatBytes(needed - memory.weightBytesPerGpu)}); minimum GPUs: ${minGpus} (sharding the same load evenly, e.g. more tp or pp)`,
    );
  }
  const fixed = fixedAssumptions(setup);
  out.push(
    `${how}; largest batch that fits: ${maxBatch ?? 'unknown (no memory capacity in the catalog)'}`,
    fixed.model,
    fixed.layout,
    `TTFT = prefill of one ${shape.inputLen}-token prompt alone on its TP group (prefill-first scheduling, no queueing); TPOT = one decode step of ${batch} sequence(s) per GPU at the mid-decode context ${midDecodeContext(shape)}`,
    CYCLE_ASSUMPTION,
    `memory per GPU: weights ${formatBytes(memory.weightBytesPerGpu)} + KV cache ${formatBytes(needed - memory.weightBytesPerGpu)} at ${shape.inputLen + shape.outputLen} tokens; activations and runtime workspace not counted`,
  );
  for (const line of fixed.tail) out.push(line);
  return out;
}

const CYCLE_ASSUMPTION =
  "cycle = the batch's prompts prefilled in one pass + (outputLen - 1) x TPOT; prefill and decode share the GPUs and do not overlap; throughput per GPU = batch x tokens / cycle; timeMs is the cycle";

/** Assumption lines that depend only on the setup (model, GPU, layout, dtypes). */
interface FixedAssumptions {
  readonly model: string;
  readonly layout: string;
  /** Dtypes, TP/EP/PP links and the GPU's resource lines, in order. */
  readonly tail: readonly string[];
}

/** By setup: cached setups are shared, so identity finds them. */
const fixedLines = new WeakMap<PassSetup, FixedAssumptions>();

/** The setup's fixed assumption lines, built once per (cached) setup. */
function fixedAssumptions(setup: PassSetup): FixedAssumptions {
  let fixed = fixedLines.get(setup);
  if (!fixed) {
    fixed = buildFixedAssumptions(setup);
    fixedLines.set(setup, fixed);
  }
  return fixed;
}

function buildFixedAssumptions(setup: PassSetup): FixedAssumptions {
  const { spec, layout, gpu, links, weightDtype, kvDtype } = setup;
  const tail = [
    `weights ${weightDtype} (embedding, LM head, norms and routers bf16), KV cache ${kvDtype}, activations bf16`,
  ];
  if (links.tp)
    tail.push(
      `TP ${layout.tp}: 2 all-reduces of the hidden state per layer, not overlapped (SGLang and vLLM run them between the GEMMs; GEMM + all-reduce overlap is not modelled for serving); ${links.tp.description}`,
    );
  if (links.ep) {
    tail.push(epAssumption(setup));
  } else if (spec.params.active < spec.params.total) {
    tail.push('MoE without EP: experts split over TP like dense FFNs; uniform routing');
  }
  if (links.pp)
    tail.push(`PP ${layout.pp}: one activation send per stage boundary per pass; ${links.pp.description}`);
  tail.push(...resourceAssumptions(gpu, setup.linear, true));
  const fixed: FixedAssumptions = {
    model: `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
    layout: describeLayout(layout),
    tail,
  };
  return fixed;
}

/** The `llm-serving` workload. */
export const LLM_SERVING_WORKLOAD: TypedWorkload<typeof LLM_SERVING_PARAMS> = {
  kind: 'llm-serving',
  summary:
    'LLM serving: TTFT, TPOT and tokens/s per GPU at a batch, the largest batch that fits, or a TPOT target',
  params: LLM_SERVING_PARAMS,
  throughputMetric: 'outputTokensPerSecPerGpu',
  throughputUnit: 'output tokens/s/GPU',
  example: '--model llama-3-70b --tp 4 --batch max --input-len 2048 --output-len 256',
  estimate: estimateLlmServing,
};
