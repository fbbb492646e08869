/** `llm-serving --batch` is an integer-or-max parameter: sweeps take ranges of it, `max` still works. */
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/analysis/sweep.ts';
import { parseSweepAxis } from '../../src/analysis/sweep-grid.ts';
import { BUILT_IN_GPUS } from '../../src/index.ts';
import { WORKLOADS } from '../../src/workloads/index.ts';
import { parseParam } from '../../src/workloads/params.ts';

const batch = WORKLOADS.get('llm-serving').params.find((p) => p.key === 'batch')!;
const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm')!;

describe('llm-serving --batch (integer-or-max)', () => {
  it('parses integers to numbers and max to "max"; anything else names the flag', () => {
    expect(batch.kind).toBe('integer-or-max');
    expect(parseParam(batch, '32')).toBe(32);
    expect(parseParam(batch, ' MAX ')).toBe('max');
    expect(() => parseParam(batch, '0')).toThrow(/^batch must be a positive integer or "max" \(got "0"\)/);
    expect(() => parseParam(batch, 'most')).toThrow(/^batch must be a positive integer or "max"/);
  });

  it('a range is an integer axis; a list may mix numbers and max', () => {
    expect(parseSweepAxis(batch, '1..1024').values).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(parseSweepAxis(batch, '1..100:4').values).toEqual([1, 5, 22, 100]);
    expect(parseSweepAxis(batch, '1k..2k').values).toEqual([1024, 2048]);
    expect(parseSweepAxis(batch, '1,8,max').values).toEqual([1, 8, 'max']);
    expect(() => parseSweepAxis(batch, '0..8+4')).toThrow(/^batch must be a positive integer or "max"/);
    expect(() => parseSweepAxis(batch, '1..max')).toThrow(/^batch: bad sweep range "1..max"/);
  });

  it('the registry estimates the same with --batch 32 and --batch max , the batch a number', () => {
    const raw = { model: 'llama-3-70b', tp: '4' };
    const viaRegistry = WORKLOADS.estimate('llm-serving', h100, { ...raw, batch: '32' });
    const viaMax = WORKLOADS.estimate('llm-serving', h100, { ...raw, batch: 'max' });
    expect(viaRegistry.params.batch).toBe(32);
    expect(viaMax.params.batch).toBe(viaMax.metrics.maxBatchPerGpu);
  });

  it('sweep llm-serving --batch 1..1024 runs inline and bisects crossovers on batch', async () => {
    const result = await runSweep({
      workload: 'llm-serving',
      gpus: ['h100-sxm', 'h20'],
      params: { model: 'llama-3-8b', batch: '1..1024', inputLen: '1024', outputLen: '256' },
      threads: 0,
    });
    expect(result.grid.axes[0]!.values).toHaveLength(11);
    expect(result.throughput).toHaveLength(22);
    for (const c of result.crossovers.crossovers) {
      expect(c.flag).toBe('--batch');
      expect(Number.isInteger(c.lastBelow)).toBe(true);
      expect(c.firstAbove).toBe(c.lastBelow + 1);
    }
    // H20 (4 TB/s) wins small-batch decode-heavy serving; H100 (989 TFLOPS) wins once compute binds.
    expect(result.crossovers.crossovers.length).toBeGreaterThan(0);
  });
});
