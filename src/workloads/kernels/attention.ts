/**
 * `attention`: one flash-style fused attention kernel (prefill when q length > 1, decode when it is 1).
 *
 * Modelled as one GEMM-shaped op with the work of the fused kernel. Each thread block owns a tile of
 * `qLen x (heads / kvHeads)` query rows of one KV head (GQA heads packed, as decode kernels do) and the whole
 * head dimension of its output, and loops over the visible keys doing two MMAs per key block (S = Q K^T,
 * then O += P V). As a GEMM, that is one output-tile column per KV head (n = the tile width) whose K loop is
 * `2 x visible x headDim / tileN` long: the tile's flops divided by a GEMM tile's `2 x tileM x tileN` per K
 * step. So the prologue/epilogue (loading Q, writing O) is amortized over both MMAs, as it is in the kernel,
 * and the shape's flops equal the op's. Softmax and masking are not costed separately (they overlap the
 * tensor-core work in FlashAttention-3-style kernels).
 * @module
 */

import { msg, param, UserError } from '../../errors.ts';
import { BYTES_PER_ELEMENT, type GpuSpec, type Precision } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleOneOp, type Estimate } from '../../model/estimate.ts';
import { gpuResources } from '../../model/resources.ts';
import type { GemmShape, OpCost } from '../../model/types.ts';
import { tileShape } from '../../model/wave.ts';
import { dtypeParam, resourceAssumptions, withAssumption } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

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
] as const satisfies readonly ParamSpec[];

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

/** Flops and bytes of one fused attention call. */
export function attentionCost(p: AttentionParams): OpCost {
  const group = p.heads / p.kvHeads;
  // Causal: query i sees kvLen - qLen + i + 1 keys; averaged over the qLen queries.
  const visible = p.causal ? Math.max(1, p.kvLen - (p.qLen - 1) / 2) : p.kvLen;
  const flops = 4 * p.batch * p.heads * p.qLen * visible * p.headDim;
  const e = BYTES_PER_ELEMENT[p.dtype];
  const qo = 2 * p.batch * p.heads * p.qLen * p.headDim * e;
  const kv = 2 * p.batch * p.kvHeads * p.kvLen * p.headDim * e;
  const reads = qo / 2 + kv;
  return {
    op: `${p.qLen === 1 ? 'decode' : 'prefill'} attention`,
    flops,
    bytes: qo + kv,
    readFraction: reads / (qo + kv),
    precision: p.dtype,
    shape: attentionGemmShape(p.qLen * group, p.headDim, visible, p.batch * p.kvHeads, p.dtype),
  };
}

const ATTENTION_ASSUMPTION =
  'flash-style fused kernel modelled as one GEMM-shaped op with its work: one tile column per KV head (m = q length x GQA group), K loop = 2 x visible keys x head dim / tile width (QK^T and PV per key block); softmax not costed separately';

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
  const cost = attentionCost(params);
  return assembleOneOp(
    {
      gpu: gpu.id,
      workload: 'attention',
      params: { ...params },
      throughputMetric: 'tflops',
      capacity: capacityCheck(gpu, cost.bytes),
      confidence: res.curve.confidence,
      assumptions: withAssumption(resourceAssumptions(gpu, res, true), ATTENTION_ASSUMPTION),
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
