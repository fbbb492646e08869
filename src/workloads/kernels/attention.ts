/**
 * `attention`: one flash-style fused attention kernel (prefill when q length > 1, decode when it is 1).
 *
 * Modelled as one GEMM-shaped op with the work of the fused kernel. Each thread block owns a tile of
 * `qLen x (heads / kvHeads)` query rows of one KV head (GQA heads packed, as decode kernels do) and the whole
 * head dimension of its output, and loops over the visible keys doing two MMAs per key block (S = Q K^T,
 * then O += P V). As a GEMM, that is one output-tile column per KV head (n = the tile width) whose K loop is
 * `2 x visible x headDim / tileN` long: the tile's flops divided by a GEMM tile's `2 x tileM x tileN` per K
 * step. So the prologue/epilogue (loading Q, writing O) is amortized over both MMAs, as it is in the kernel,
 * and the shape's flops equal the op's.
 *
 * Its time is that of a named kernel (`attentionKernel`: FA2, FA3, FlashInfer, FlashMLA) at the shape: the
 * kernel's own compute efficiency by key length and occupancy, and its decode bandwidth by thread blocks
 * (`../../model/attention-efficiency.ts`, fitted to published kernel figures). The GEMM shape is kept for the
 * GEMM-curve costing of a cost built without a GPU.
 * @module
 */

import { msg, param, UserError } from '../../errors.ts';
import { BYTES_PER_ELEMENT, type GpuSpec, type Precision } from '../../hardware/types.ts';
import {
  type AttentionShape,
  attentionEfficiency,
  autoAttentionKernel,
  kernelRunsOn,
} from '../../model/attention-efficiency.ts';
import { capacityCheck } from '../../model/capacity.ts';
import {
  ATTENTION_KERNEL_NAMES,
  ATTENTION_KERNELS,
  type AttentionKernel,
} from '../../model/data/attention-points.ts';
import { assembleOneOp, type Estimate } from '../../model/estimate.ts';
import { type MemoryLine, memoryEfficiency } from '../../model/memory-efficiency.ts';
import { gpuResources } from '../../model/resources.ts';
import type { GemmShape, KernelEfficiency, OpCost } from '../../model/types.ts';
import { tileShape } from '../../model/wave.ts';
import { dtypeParam, resourceAssumptions, withAssumption } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

/** `attentionKernel`: which fused-attention implementation is costed (auto: what serving stacks use). */
export const ATTENTION_KERNEL_PARAM = {
  key: 'attentionKernel',
  flag: '--attention-kernel',
  description: `attention kernel: auto|${ATTENTION_KERNELS.join('|')} (auto: FA3 prefill and FlashInfer decode on Hopper, FlashMLA for MLA decode; FA2 prefill and FlashInfer decode elsewhere; fa3 and flashmla need Hopper; flashmla is MLA decode only, its prefill is auto's)`,
  kind: 'choice',
  choices: ['auto', ...ATTENTION_KERNELS],
  default: 'auto',
} as const satisfies ParamSpec;

const ATTENTION_PARAMS = [
  { key: 'batch', flag: '--batch', description: 'sequences', kind: 'integer', default: 1 },
  { key: 'heads', flag: '--heads', description: 'query heads', kind: 'integer' },
  {
    key: 'kvHeads',
    flag: '--kv-heads',
    description: 'key/value heads (GQA); must divide the query heads',
    kind: 'integer',
  },
  { key: 'headDim', flag: '--head-dim', description: 'head dimension', kind: 'integer', default: 128 },
  { key: 'qLen', flag: '--q-len', description: 'query length (1 = decode)', kind: 'integer' },
  { key: 'kvLen', flag: '--kv-len', description: 'key/value length', kind: 'integer' },
  dtypeParam('bf16'),
  { key: 'causal', flag: '--causal', description: 'apply a causal mask', kind: 'flag', default: false },
  ATTENTION_KERNEL_PARAM,
] as const satisfies readonly ParamSpec[];

/** The kernel `choice` resolves to on `gpu`; a kernel the GPU cannot run is a UserError naming the parameter. */
export function resolveAttentionKernel(
  gpu: GpuSpec,
  choice: AttentionKernelChoice,
  mla: boolean,
  decode: boolean,
): AttentionKernel {
  const arch = gpu.architecture.value;
  if (choice === 'auto') return autoAttentionKernel(arch, mla, decode);
  if (!kernelRunsOn(choice, arch)) {
    throw new UserError(
      msg`${param('attentionKernel')} ${choice} needs a Hopper GPU; ${gpu.id} is ${arch} (use fa2 or flashinfer)`,
    );
  }
  if (choice === 'flashmla' && !(mla && decode)) {
    throw new UserError(
      msg`${param('attentionKernel')} flashmla runs MLA decode only (use fa2, flashinfer${kernelRunsOn('fa3', arch) ? ' or fa3' : ''})`,
    );
  }
  return choice;
}

/** What `attentionKernel` takes: a kernel, or `auto` (what serving stacks run on the GPU). */
export type AttentionKernelChoice = 'auto' | AttentionKernel;

/**
 * The prefill and decode kernels of an LLM pass for `choice` on `gpu` (`mla`: the model's attention is MLA).
 * A named kernel runs both phases, except FlashMLA, which runs MLA decode only: its prefill is `auto`'s.
 * Throws a UserError naming the parameter when the GPU cannot run the kernel or the model has no MLA.
 */
export function resolvePassKernels(
  gpu: GpuSpec,
  choice: AttentionKernelChoice,
  mla: boolean,
  modelId: string,
): { readonly prefill: AttentionKernel; readonly decode: AttentionKernel } {
  if (choice === 'flashmla' && !mla) {
    throw new UserError(
      msg`${param('attentionKernel')} flashmla runs MLA decode only; ${modelId} has grouped-query attention (use flashinfer or fa2${gpu.architecture.value === 'hopper' ? ' or fa3' : ''})`,
    );
  }
  const prefill = choice === 'flashmla' ? 'auto' : choice;
  return {
    prefill: resolveAttentionKernel(gpu, prefill, mla, false),
    decode: resolveAttentionKernel(gpu, choice, mla, true),
  };
}

/** Parsed `attention` parameters. */
export type AttentionParams = ParamsOf<typeof ATTENTION_PARAMS>;

/**
 * The GEMM-equivalent shape of a fused attention kernel: `rows` query rows per KV head, `problems` (batch x
 * KV heads) independent heads, `visibleKeys` keys seen per query (see the module comment).
 */
export function attentionGemmShape(
  rows: number,
  headDim: number,
  visibleKeys: number,
  problems: number,
  precision: Precision,
): GemmShape {
  const { tileN } = tileShape(precision, rows);
  return { m: rows, n: tileN, k: (2 * visibleKeys * headDim) / tileN, batch: problems };
}

/**
 * Flops and bytes of one fused attention call; with `gpu`, the efficiency of the kernel `p.attentionKernel`
 * resolves to at this shape (`OpCost.kernel`; `memoryLine` is the GPU's, nominal), else the GEMM-curve
 * costing (`kernel: null`).
 */
export function attentionCost(
  p: AttentionParams,
  gpu: GpuSpec | null = null,
  memoryLine: MemoryLine | null = null,
): OpCost {
  const group = p.heads / p.kvHeads;
  // Causal: query i sees kvLen - qLen + i + 1 keys; averaged over the qLen queries.
  const visible = p.causal ? Math.max(1, p.kvLen - (p.qLen - 1) / 2) : p.kvLen;
  const flops = 4 * p.batch * p.heads * p.qLen * visible * p.headDim;
  const e = BYTES_PER_ELEMENT[p.dtype];
  const qo = 2 * p.batch * p.heads * p.qLen * p.headDim * e;
  const kv = 2 * p.batch * p.kvHeads * p.kvLen * p.headDim * e;
  const reads = qo / 2 + kv;
  const readFraction = reads / (qo + kv);
  const decode = p.qLen === 1;
  let kernel: KernelEfficiency | null = null;
  if (gpu !== null) {
    const choice = resolveAttentionKernel(gpu, p.attentionKernel, false, decode);
    // Decode packs a KV head's GQA group in one block; prefill tiles each query head's rows.
    const shape: AttentionShape = decode
      ? {
          problems: p.batch * p.kvHeads,
          rows: group,
          keys: p.kvLen,
          flopsPerPairHead: 4 * p.headDim,
          causal: false,
          decode,
        }
      : {
          problems: p.batch * p.heads,
          rows: p.qLen,
          keys: visible,
          flopsPerPairHead: 4 * p.headDim,
          causal: p.causal,
          decode,
        };
    const line = memoryLine ?? gpuResources(gpu, p.dtype).byScenario.nominal.memoryLine;
    kernel = attentionEfficiency(choice, gpu, shape, memoryEfficiency(readFraction, line));
  }
  return {
    op: `${decode ? 'decode' : 'prefill'} attention`,
    flops,
    bytes: qo + kv,
    readFraction,
    precision: p.dtype,
    shape: attentionGemmShape(p.qLen * group, p.headDim, visible, p.batch * p.kvHeads, p.dtype),
    kernel,
  };
}

/** Assumption lines by label, then kernel, choice and rounded percentages: estimates in a sweep repeat them. */
const assumptionLines = new Map<string, Map<number, string>>();
const MAX_ASSUMPTION_LINES = 4096;

/**
 * The assumption line of an attention op costed on `kernel`: its name and its efficiency at the shape
 * (`label` says which op: `prefill attention`); `auto` says whether `attentionKernel` was `auto` (null: not
 * said).
 */
export function attentionKernelAssumption(
  label: string,
  kernel: AttentionKernel,
  eff: KernelEfficiency,
  auto: boolean | null = null,
): string {
  const computePct = Math.round(100 * eff.computeEta);
  const memoryPct = Math.round(100 * eff.memoryFactor);
  const note = auto === null ? 0 : auto ? 1 : 2;
  const key = ((ATTENTION_KERNELS.indexOf(kernel) * 3 + note) * 1000 + computePct) * 1000 + memoryPct;
  let byKey = assumptionLines.get(label);
  if (byKey === undefined || byKey.size > MAX_ASSUMPTION_LINES) {
    byKey = new Map();
    assumptionLines.set(label, byKey);
  }
  let line = byKey.get(key);
  if (line === undefined) {
    const how =
      note === 0 ? '' : note === 1 ? ' (auto: what serving stacks run on this GPU)' : ' (attentionKernel)';
    line = `${label}: ${ATTENTION_KERNEL_NAMES[kernel]} kernel at ${computePct}% of dense peak at this shape (key length, occupancy) and ${memoryPct}% of the memory line's bandwidth (thread blocks x per-block bandwidth); fitted to published kernel figures (model/data/attention-points.ts)${how}`;
    byKey.set(key, line);
  }
  return line;
}

const attentionMetrics = (sec: number, cost: OpCost) => ({
  tflops: cost.flops / sec / 1e12,
  bandwidthGBps: cost.bytes / sec / 1e9,
});

/** Estimate one fused attention call. */
export function estimateAttention(gpu: GpuSpec, params: AttentionParams): Estimate {
  if (params.heads % params.kvHeads !== 0) {
    throw new UserError(
      msg`${param('kvHeads')} ${params.kvHeads} must divide ${param('heads')} ${params.heads}`,
    );
  }
  if (params.causal && params.qLen > params.kvLen) {
    throw new UserError(
      msg`${param('qLen')} ${params.qLen} cannot exceed ${param('kvLen')} ${params.kvLen} with ${param('causal')}`,
    );
  }
  const res = gpuResources(gpu, params.dtype);
  const cost = attentionCost(params, gpu, res.byScenario.nominal.memoryLine);
  return assembleOneOp(
    {
      gpu: gpu.id,
      workload: 'attention',
      params: { ...params },
      throughputMetric: 'tflops',
      capacity: capacityCheck(gpu, cost.bytes),
      confidence: res.curve.confidence,
      assumptions: withAssumption(
        resourceAssumptions(gpu, res, true),
        attentionKernelAssumption(
          cost.op,
          resolveAttentionKernel(gpu, params.attentionKernel, false, params.qLen === 1),
          cost.kernel as KernelEfficiency,
        ),
      ),
    },
    cost,
    res.byScenario,
    attentionMetrics,
  );
}

/** The `attention` workload. */
export const ATTENTION_WORKLOAD: TypedWorkload<typeof ATTENTION_PARAMS> = {
  kind: 'attention',
  summary: 'flash-style fused attention, prefill (q length > 1) or decode (q length 1)',
  params: ATTENTION_PARAMS,
  throughputMetric: 'tflops',
  throughputUnit: 'TFLOPS',
  example: '--batch 8 --heads 32 --kv-heads 8 --q-len 1 --kv-len 8192',
  estimate: estimateAttention,
};
