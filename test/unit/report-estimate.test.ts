import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../src/model/estimate.ts';
import { renderComparison } from '../../src/report/compare.ts';
import { formatSignificant, renderEstimate } from '../../src/report/estimate.ts';
import type { ComparisonSection } from '../../src/results/estimates.ts';
import type { ParamSpec } from '../../src/workloads/params.ts';

/** Fixed data, not model output: these snapshots check layout only, so a refit never moves them. */
const gemm: Estimate = {
  gpu: 'h100-sxm',
  workload: 'gemm',
  params: { m: 8192, n: 8192, k: 8192, dtype: 'bf16', batch: 1 },
  metrics: { timeMs: 1.37416, tflops: 800.12 },
  throughputMetric: 'tflops',
  bound: 'compute',
  fits: true,
  memory: { neededBytes: 402_653_184, capacityBytes: 80e9 },
  range: { low: 1.21, high: 1.5634 },
  confidence: 'calibrated',
  breakdown: [
    { op: 'gemm 8192x8192x8192', flops: 1.0995e12, bytes: 402_653_184, timeMs: 1.37416, bound: 'compute' },
  ],
  warnings: [],
  assumptions: ['compute efficiency: hopper/tensor-16bit curve', 'tiles: 4096 output tiles in 32 wave(s)'],
};

const tooBig: Estimate = {
  ...gemm,
  gpu: 'h20',
  params: { m: 300000, n: 300000, k: 8192, dtype: 'bf16', batch: 1 },
  metrics: { timeMs: null, tflops: null },
  bound: 'capacity',
  fits: false,
  memory: { neededBytes: 189.8e9, capacityBytes: 96e9 },
  range: { low: null, high: null },
  breakdown: [],
  assumptions: ['kernel launch latency 4.2 us per op (fitted)'],
};

const section: ComparisonSection = {
  workload: 'llm-decode',
  throughputMetric: 'tokensPerSecPerGpu',
  throughputUnit: 'tokens/s/GPU',
  rule: 'oct-2023',
  rows: [
    {
      gpu: 'h100-sxm',
      name: 'H100 SXM5 80GB',
      tpp: 15832,
      pd: 19.45,
      verdict: { status: 'controlled', clause: '3A090.a.1', summary: 'controlled' },
      throughput: 1000,
      timeMs: 12.5,
      bound: 'memory',
      ratioToFirst: 1,
      inverts: [],
    },
    {
      gpu: 'h20',
      name: 'H20 96GB',
      tpp: 2368,
      pd: 2.91,
      verdict: { status: 'not-controlled', clause: null, summary: 'not controlled' },
      throughput: 1180.5,
      timeMs: 10.59,
      bound: 'memory',
      ratioToFirst: 1.1805,
      inverts: ['h100-sxm'],
    },
    {
      gpu: 'rtx-4090',
      name: 'RTX 4090',
      tpp: 5285,
      pd: 8.69,
      verdict: { status: 'excluded-note-2', clause: null, summary: 'not data center' },
      throughput: null,
      timeMs: null,
      bound: 'capacity',
      ratioToFirst: null,
      inverts: [],
    },
  ],
  inversions: [{ gpu: 'h20', over: 'h100-sxm', tpp: 2368, overTpp: 15832, throughputRatio: 1.1805 }],
};

describe('estimate and compare renderers', () => {
  it('formatSignificant keeps about 4 significant digits and never prints NaN', () => {
    expect([1234567, 123.456, 12.3456, 1.23456, 0.0123456, 0.00001234, 0].map(formatSignificant)).toEqual([
      '1,234,567',
      '123.5',
      '12.35',
      '1.235',
      '0.0123',
      '1.23e-5',
      '0',
    ]);
    expect(formatSignificant(null)).toBe('n/a');
    expect(formatSignificant(Number.NaN)).toBe('n/a');
  });

  it('renderEstimate: headline, range, bound, breakdown and assumptions', () => {
    expect(renderEstimate(gemm)).toMatchInlineSnapshot(`
      "gemm on h100-sxm  (m=8192 n=8192 k=8192 dtype=bf16 batch=1)
      time 1.374 ms (range 1.210-1.563 ms)  tflops 800.1
      bound: compute  confidence: calibrated  memory: 403 MB of 80.0 GB

      op                   GFLOP     MB  time ms  bound
      -------------------  -----  -----  -------  -------
      gemm 8192x8192x8192  1,100  402.7    1.374  compute

      assumptions:
        - compute efficiency: hopper/tensor-16bit curve
        - tiles: 4096 output tiles in 32 wave(s)
      "
    `);
  });

  it('renderEstimate: a workload that does not fit says so instead of a time', () => {
    expect(renderEstimate(tooBig)).toMatchInlineSnapshot(`
      "gemm on h20  (m=300000 n=300000 k=8192 dtype=bf16 batch=1)
      does not fit: needs 190 GB of 96.0 GB memory (bound: capacity)

      op  GFLOP  MB  time ms  bound
      --  -----  --  -------  -----

      assumptions:
        - kernel launch latency 4.2 us per op (fitted)
      "
    `);
  });

  it('renderEstimate formats each parameter by its kind: only byte-size params print as bytes', () => {
    const training: Estimate = {
      ...gemm,
      workload: 'training',
      params: { model: 'llama-3-8b', tokens: 1.56e13, globalBatch: 1024, seqLen: 8192 },
      metrics: { timeMs: 5000, gpuHours: 1.5e6 },
      throughputMetric: 'tokensPerSec',
      breakdown: [],
      assumptions: [],
    };
    const specs: ParamSpec[] = [
      { key: 'tokens', flag: '--tokens', description: 'tokens', kind: 'number' },
      { key: 'seqLen', flag: '--seq-len', description: 'sequence length', kind: 'integer' },
    ];
    expect(renderEstimate(training, specs)).toMatchInlineSnapshot(`
      "training on h100-sxm  (model=llama-3-8b tokens=1.56e13 globalBatch=1024 seqLen=8192)
      time 5,000 ms (range 1.210-1.563 ms)  gpuHours 1,500,000
      bound: compute  confidence: calibrated  memory: 403 MB of 80.0 GB

      op  GFLOP  MB  time ms  bound
      --  -----  --  -------  -----

      assumptions:
      "
    `);
    const stream: Estimate = {
      ...training,
      workload: 'stream',
      params: { kernel: 'triad', bytes: 1073741824 },
    };
    const bytes: ParamSpec[] = [{ key: 'bytes', flag: '--bytes', description: 'array size', kind: 'bytes' }];
    expect(renderEstimate(stream, bytes).split('\n')[0]).toMatchInlineSnapshot(
      `"stream on h100-sxm  (kernel=triad bytes=1.07GB)"`,
    );
    expect(renderEstimate(stream).split('\n')[0]).toMatchInlineSnapshot(
      `"stream on h100-sxm  (kernel=triad bytes=1.073741824e9)"`,
    );
  });

  it('renderComparison: verdicts, ratios, n/a for a GPU that does not fit, inversions listed', () => {
    expect(renderComparison(section)).toMatchInlineSnapshot(`
      "llm-decode: tokens/s/GPU (tokensPerSecPerGpu), higher is better

      gpu          TPP     PD  3A090 (oct-2023)  tokens/s/GPU  time ms  bound     x first  inversion
      --------  ------  -----  ----------------  ------------  -------  --------  -------  ----------------
      h100-sxm  15,832  19.45  3A090.a.1                1,000    12.50  memory      1.00x
      h20        2,368   2.91  not controlled           1,181    10.59  memory      1.18x  < beats h100-sxm
      rtx-4090   5,285   8.69  out (Note 2)               n/a      n/a  capacity      n/a

      inversions (lower TPP, more throughput):
        INVERSION h20 (TPP 2,368) beats h100-sxm (TPP 15,832) by 1.18x
      "
    `);
  });

  it('renderComparison: no inversion line when throughput follows TPP', () => {
    const text = renderComparison({ ...section, rows: section.rows.slice(0, 1), inversions: [] });
    expect(text).toMatchInlineSnapshot(`
      "llm-decode: tokens/s/GPU (tokensPerSecPerGpu), higher is better

      gpu          TPP     PD  3A090 (oct-2023)  tokens/s/GPU  time ms  bound   x first  inversion
      --------  ------  -----  ----------------  ------------  -------  ------  -------  ---------
      h100-sxm  15,832  19.45  3A090.a.1                1,000    12.50  memory    1.00x

      no inversions: throughput follows TPP here
      "
    `);
  });
});
