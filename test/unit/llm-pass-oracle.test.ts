/**
 * The pass evaluator (prefill, decode, serving, training) against the oracle in test/oracle: the computation
 * it replaced, which builds op lists with `forwardOps`, writes the communication rules out again and runs
 * `passRows` / `passTimeSec` / `collectiveOp` once per scenario through `assembleEstimate`. Labels, bounds and
 * fits must be identical; numbers equal to 1e-12 (the evaluator may sum in another order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GpuSpec } from '../../src/hardware/types.ts';
import {
  type Estimate,
  estimateLlmServing,
  estimateTraining,
  type LlmServingParams,
  resolveLayout,
  resolveModelSpec,
  type TrainingParams,
} from '../../src/index.ts';
import { capacityCheck } from '../../src/model/capacity.ts';
import { collectiveOp } from '../../src/model/collective-op.ts';
import { shapeEfficiency } from '../../src/model/compute-efficiency.ts';
import { collectiveLinkFor } from '../../src/model/interconnect.ts';
import { gpuResources } from '../../src/model/resources.ts';
import { type OpTimeRangeOut, opTime, opTimeRangeInto, opTimeSec } from '../../src/model/roofline.ts';
import type { OpTime, Scenario } from '../../src/model/types.ts';
import { waveQuantization } from '../../src/model/wave.ts';
import { passSetup } from '../../src/workloads/llm/pass-setup.ts';
import { estimateLlmDecode, estimateLlmPrefill } from '../../src/workloads/llm/prefill-decode.ts';
import { servingTimes } from '../../src/workloads/llm/serving-model.ts';
import { trainingParamCounts } from '../../src/workloads/llm/training-model.ts';
import { gpu, servingParams } from '../helpers/llm.ts';
import { assembleEstimate } from '../oracle/assemble.ts';
import {
  type ForwardInput,
  forwardOps,
  passInput,
  passRows,
  passTimeSec,
  servingPasses,
  trainingStepRows,
} from '../oracle/forward-ops.ts';

const base: LlmServingParams = servingParams();
const trainingBase: TrainingParams = {
  model: 'llama-3-70b',
  modelConfig: '',
  tp: 1,
  gpusPerNode: 8,
  ep: 1,
  pp: 1,
  dp: 1,
  numGpus: 0,
  nodes: 0,
  trainTokens: 1e12,
  globalBatch: 1024,
  seqLen: 4096,
  microBatch: 1,
  precision: 'bf16',
  weightDtype: 'bf16',
  // The oracle is the model before overlap and partial recomputation: both off, selective or full.
  recompute: 'selective',
  tpCommOverlap: 'off',
  pipelineSchedule: '1f1b',
  attentionKernel: 'auto',
  mtp: 'off',
};
const sum = (rows: readonly OpTime[]) => rows.reduce((t, r) => t + r.timeSec, 0);

/** The previous llm-serving pipeline, scenario by scenario, at the batch the estimate chose. */
function referenceServing(g: GpuSpec, p: LlmServingParams, fast: Estimate): Estimate {
  const spec = resolveModelSpec({ model: p.model });
  const setup = passSetup(g, spec, resolveLayout(spec, p), p.weightDtype, p.kvDtype);
  const shape = { inputLen: p.inputLen, outputLen: p.outputLen };
  const unit = Number(fast.params.batch);
  const passes = servingPasses(setup, shape, unit);
  const steps = shape.outputLen - 1;
  return assembleEstimate({
    gpu: g.id,
    workload: 'llm-serving',
    params: fast.params,
    throughputMetric: 'outputTokensPerSecPerGpu',
    capacity: capacityCheck(g, fast.memory.neededBytes),
    confidence: setup.linear.curve.confidence,
    assumptions: [],
    evaluate: (scenario: Scenario) => {
      const prefill = passRows(setup, passes.prefill, scenario, 'prefill ');
      const decode = steps > 0 ? passRows(setup, passes.decode, scenario, 'decode ', steps) : [];
      const decodeSec = sum(decode);
      const tpotSec = steps > 0 ? decodeSec / steps : passTimeSec(setup, passes.decode, scenario);
      const cycleSec = sum(prefill) + decodeSec;
      return {
        ops: [...prefill, ...decode],
        metrics: {
          ttftMs: passTimeSec(setup, passes.firstToken, scenario) * 1e3,
          tpotMs: tpotSec * 1e3,
          outputTokensPerSecPerGpu: (unit * shape.outputLen) / cycleSec,
          inputTokensPerSecPerGpu: (unit * shape.inputLen) / cycleSec,
          maxBatchPerGpu: (fast.metrics.maxBatchPerGpu ?? Number.NaN) as number,
        },
      };
    },
  });
}

/** The previous llm-decode / llm-prefill pipeline. */
function referencePass(g: GpuSpec, input: ForwardInput, decode: boolean, fast: Estimate): Estimate {
  const passes = forwardOps(input, decode);
  const setup = passSetup(
    g,
    input.spec,
    resolveLayout(input.spec, { ...base, tp: input.tp }),
    input.weightDtype,
    input.kvDtype,
  );
  const link = input.tp > 1 ? collectiveLinkFor(g, input.tp, 8, true) : null;
  return assembleEstimate({
    gpu: g.id,
    workload: fast.workload,
    params: fast.params,
    throughputMetric: fast.throughputMetric,
    capacity: capacityCheck(g, fast.memory.neededBytes),
    confidence: setup.linear.curve.confidence,
    assumptions: [],
    evaluate: (scenario: Scenario) => {
      const ops: OpTime[] = [];
      for (const { cost, repeat, math } of passes.ops) {
        const t = opTime(cost, (math === 'linear' ? setup.linear : setup.bf16).byScenario[scenario]);
        ops.push({
          ...t,
          op: repeat > 1 ? `${t.op} x${repeat}` : t.op,
          flops: t.flops * repeat,
          bytes: t.bytes * repeat,
          timeSec: t.timeSec * repeat,
        });
      }
      if (passes.allReduce && link) {
        const { messageBytes, count } = passes.allReduce;
        const c = collectiveOp(g, 'all-reduce', messageBytes, input.tp, 8, scenario, link).op;
        ops.push({ ...c, op: `tp ${c.op} x${count}`, bytes: c.bytes * count, timeSec: c.timeSec * count });
      }
      const metric = fast.throughputMetric;
      const tokens = decode
        ? input.sequences / input.tp
        : (input.sequences * input.newTokensPerSequence) / input.tp;
      return { ops, metrics: { [metric]: tokens / sum(ops) } };
    },
  });
}

/** Equal labels, bounds and fits; numbers equal to a relative 1e-12. */
function expectSameEstimate(actual: Estimate, expected: Estimate): void {
  const close = (a: number | null | undefined, b: number | null | undefined, what: string) => {
    if (a === null || b === null || a === undefined || b === undefined) {
      expect(a, what).toBe(b);
      return;
    }
    expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(
      1e-12 * Math.max(Math.abs(a), Math.abs(b)),
    );
  };
  expect([actual.fits, actual.bound]).toEqual([expected.fits, expected.bound]);
  expect(Object.keys(actual.metrics).sort()).toEqual(Object.keys(expected.metrics).sort());
  for (const name of Object.keys(expected.metrics)) close(actual.metrics[name], expected.metrics[name], name);
  close(actual.range.low, expected.range.low, 'range.low');
  close(actual.range.high, expected.range.high, 'range.high');
  expect(actual.breakdown.map((r) => [r.op, r.bound])).toEqual(
    expected.breakdown.map((r) => [r.op, r.bound]),
  );
  actual.breakdown.forEach((r, i) => {
    const e = expected.breakdown[i] as (typeof expected.breakdown)[number];
    close(r.timeMs, e.timeMs, `${r.op} timeMs`);
    close(r.flops, e.flops, `${r.op} flops`);
    close(r.bytes, e.bytes, `${r.op} bytes`);
  });
}

/** The training estimate as the oracle computes it, scenario by scenario. */
function referenceTraining(g: GpuSpec, p: TrainingParams, fast: Estimate): Estimate {
  const spec = resolveModelSpec({ model: p.model });
  const layout = resolveLayout(spec, p);
  const setup = passSetup(g, spec, layout, p.precision, 'bf16');
  const bf16Setup = passSetup(g, spec, layout, 'bf16', 'bf16');
  const params = trainingParamCounts(bf16Setup);
  const microBatches = p.globalBatch / layout.dp / p.microBatch;
  const fwd = forwardOps(
    { ...passInput(setup, p.microBatch, p.seqLen, 0), logitsPerSequence: p.seqLen },
    false,
  );
  const recompute = fast.assumptions.some((a) => a.startsWith('full activation recomputation'))
    ? 'full'
    : 'selective';
  return assembleEstimate({
    gpu: g.id,
    workload: 'training',
    params: fast.params,
    throughputMetric: 'tokensPerSec',
    capacity: capacityCheck(g, fast.memory.neededBytes),
    confidence: setup.linear.curve.confidence,
    assumptions: [],
    evaluate: (scenario: Scenario) => {
      const ops = trainingStepRows(setup, fwd, params, microBatches, scenario, recompute, p.seqLen);
      const stepSec = sum(ops);
      const tokensPerSec = (p.globalBatch * p.seqLen) / stepSec;
      const ratio = (fast.metrics.mfu ?? 0) / (fast.metrics.tokensPerSec ?? 1);
      return {
        ops,
        metrics: {
          stepTimeS: stepSec,
          tokensPerSec,
          mfu: tokensPerSec * ratio,
          gpuHours: ((p.trainTokens / tokensPerSec) * layout.numGpus) / 3600,
        },
      };
    },
  });
}

describe('one-pass estimators equal the per-scenario pipeline they replaced', () => {
  const servingCases: [string, Partial<LlmServingParams>][] = [
    ['h100-sxm', { model: 'llama-3-70b', tp: 4, batch: 32, inputLen: 2048, outputLen: 256 }],
    ['h20', { model: 'llama-3-70b', tp: 2, pp: 2, batch: 8, outputLen: 1 }],
    ['h200-sxm', { model: 'deepseek-v3', weightDtype: 'fp8', tp: 1, dp: 8, ep: 8, batch: 32 }],
    ['h800-sxm', { model: 'deepseek-v3', weightDtype: 'fp8', tp: 1, dp: 16, ep: 16, batch: 16, nodes: 2 }],
    ['h100-sxm', { model: 'mixtral-8x7b', tp: 2, batch: 'max', kvDtype: 'fp8' }],
    ['rtx-4090', { model: 'qwen3-30b-a3b', weightDtype: 'int4', batch: 4 }],
    ['h100-sxm', { model: 'llama-3.1-405b' }],
  ];
  it.each(servingCases)('llm-serving on %s %j', (id, over) => {
    const p = { ...base, ...over };
    const fast = estimateLlmServing(gpu(id), p);
    expectSameEstimate(fast, referenceServing(gpu(id), p, fast));
  });

  const trainingCases: [string, Partial<TrainingParams>][] = [
    ['h100-sxm', { model: 'llama-3-70b', numGpus: 64, tp: 8, pp: 2, dp: 4, globalBatch: 512, seqLen: 8192 }],
    ['h800-sxm', { model: 'llama-3-70b', numGpus: 64, tp: 8, pp: 2, dp: 4, globalBatch: 512, seqLen: 8192 }],
    [
      'h20',
      {
        model: 'deepseek-v3',
        numGpus: 256,
        tp: 8,
        pp: 4,
        dp: 8,
        ep: 64,
        globalBatch: 1024,
        precision: 'fp8',
      },
    ],
    ['h100-sxm', { model: 'llama-3-8b', numGpus: 8, dp: 8, globalBatch: 64 }],
    ['a100-sxm', { model: 'mixtral-8x7b', numGpus: 16, tp: 2, dp: 8, ep: 4, globalBatch: 256, seqLen: 4096 }],
    ['h20', { model: 'llama-3.1-405b', numGpus: 16, tp: 8, dp: 2, globalBatch: 32, microBatch: 2 }],
  ];
  it.each(trainingCases)('training on %s %j', (id, over) => {
    const p = { ...trainingBase, ...over } as TrainingParams;
    const selective = estimateTraining(gpu(id), p);
    const fast = selective.fits ? selective : estimateTraining(gpu(id), { ...p, recompute: 'full' });
    expectSameEstimate(fast, referenceTraining(gpu(id), p, fast));
  });

  it('servingTimes equals passTimeSec over forwardOps', () => {
    const spec = resolveModelSpec({ model: 'deepseek-v3' });
    const p = { ...base, model: 'deepseek-v3', tp: 2, dp: 4, ep: 8, pp: 2 };
    const setup = passSetup(gpu('h20'), spec, resolveLayout(spec, p), 'fp8', 'bf16');
    const shape = { inputLen: 3000, outputLen: 500 };
    const passes = servingPasses(setup, shape, 7);
    for (const scenario of ['nominal', 'optimistic', 'pessimistic'] as const) {
      const t = servingTimes(setup, shape, 7, scenario);
      expect(t.ttftSec).toBeCloseTo(passTimeSec(setup, passes.firstToken, scenario), 12);
      expect(t.tpotSec).toBeCloseTo(passTimeSec(setup, passes.decode, scenario), 12);
    }
  });

  it.each([
    ['h100-sxm', 'llama-3-70b', 4, 'bf16'],
    ['h20', 'deepseek-v3', 8, 'fp8'],
    ['l40s', 'llama-3-8b', 1, 'int4'],
  ] as const)('llm-decode and llm-prefill on %s, %s TP%i', (id, model, tp, weightDtype) => {
    const spec = resolveModelSpec({ model });
    const common = { ...base, model, tp, weightDtype, tokens: 0 } as const;
    const decode = estimateLlmDecode(gpu(id), { ...common, batch: 16, context: 4096 });
    const input = { spec, weightDtype, kvDtype: 'bf16', tp, gpu: gpu(id) } as const;
    const d = { ...input, sequences: 16, newTokensPerSequence: 1, priorTokens: 4096 };
    expectSameEstimate(decode, referencePass(gpu(id), d, true, decode));
    const prefill = estimateLlmPrefill(gpu(id), { ...common, batch: 2, inputLen: 2048, context: 512 });
    const f = { ...input, sequences: 2, newTokensPerSequence: 2048, priorTokens: 512 };
    expectSameEstimate(prefill, referencePass(gpu(id), f, false, prefill));
  });

  it('opTimeRangeInto and opTimeSec equal opTime in every scenario', () => {
    const res = gpuResources(gpu('h20'), 'fp8').byScenario;
    const size = fc.double({ min: 0, max: 1e15, noNaN: true });
    fc.assert(
      fc.property(
        size,
        size,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (flops, bytes, readFraction, m) => {
          const cost = {
            op: 'x',
            flops,
            bytes,
            readFraction,
            precision: 'fp8' as const,
            shape: { m, n: 4096, k: 512, batch: 3 },
          };
          const out: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };
          opTimeRangeInto(cost, res, out);
          const nominal = opTime(cost, res.nominal);
          expect([out.nominalSec, out.bound]).toEqual([nominal.timeSec, nominal.bound]);
          expect(out.optimisticSec).toBe(opTime(cost, res.optimistic).timeSec);
          expect(out.pessimisticSec).toBe(opTime(cost, res.pessimistic).timeSec);
          expect(opTimeSec(cost, res.pessimistic)).toBe(out.pessimisticSec);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the inlined shape efficiency equals waveQuantization', () => {
    const dim = fc.integer({ min: 1, max: 70000 });
    fc.assert(
      fc.property(
        dim,
        dim,
        dim,
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('bf16', 'fp8', 'fp32', 'fp64') as fc.Arbitrary<'bf16'>,
        fc.constantFrom(null, 0, 78, 132),
        (m, n, k, batch, precision, sms) => {
          const shape = { m, n, k, batch };
          const w = waveQuantization(shape, precision, sms);
          const expected = (w.kPerTile / (w.kPerTile + 64)) * w.efficiency;
          expect(shapeEfficiency(shape, precision, sms, 64)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
