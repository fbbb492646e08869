/**
 * Two-batch overlap: golden numbers for the phase pairing, and properties over random serving shapes: it never
 * makes a pass slower, never hides more than the compute or the communication, and its breakdown adds up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import { resolveModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { resolveLayout } from '../../src/workloads/llm/parallel-layout.ts';
import { hiddenPerLayer, passSecAt } from '../../src/workloads/llm/pass.ts';
import { passSetup } from '../../src/workloads/llm/pass-setup.ts';
import { estimateLlmServing, type LlmServingParams } from '../../src/workloads/llm/serving.ts';

const gpu = (id: string) => BUILT_IN_GPUS.find((g) => g.id === id)!;

describe('two-batch overlap', () => {
  it("pairs each micro-batch phase with the other one's call: hand-computed", () => {
    // attention 4, experts 5, dispatch 3, combine 6 (ms), s = 1:
    // min(4, 6) + min(4, 3) + min(5, 3) + min(5, 6) = 4 + 3 + 3 + 5 = 15.
    expect(hiddenPerLayer(1, 4, 5, 3, 6)).toBe(15);
    // s = 0.5: a phase's compute takes twice as long on half the SMs, max(2c, call), unless running the two in
    // turn is shorter. (4, 6): 8 < 10, hides 4 + 6 - 8 = 2; (4, 3): 8 > 7, in turn, 0; (5, 3): 10 > 8, 0;
    // (5, 6): 10 < 11, hides 1. In all 3.
    expect(hiddenPerLayer(0.5, 4, 5, 3, 6)).toBe(3);
    // No communication, nothing hidden; no compute, nothing hidden.
    expect(hiddenPerLayer(1, 4, 5, 0, 0)).toBe(0);
    expect(hiddenPerLayer(1, 0, 0, 3, 6)).toBe(0);
  });

  const base: LlmServingParams = {
    model: 'deepseek-v3',
    modelConfig: '',
    weightDtype: 'fp8',
    kvDtype: 'bf16',
    tp: 1,
    gpusPerNode: 8,
    ep: 8,
    pp: 1,
    dp: 8,
    numGpus: 0,
    nodes: 0,
    batch: 1,
    inputLen: 1024,
    outputLen: 64,
    twoBatchOverlap: 'off',
    mtp: 'off',
    mtpAcceptance: 0.85,
    attentionKernel: 'auto',
    targetTpotMs: 0,
  };

  const shapes = fc.record({
    gpuId: fc.constantFrom('h800-sxm', 'h100-sxm', 'h20', 'h200-sxm'),
    ep: fc.constantFrom(16, 32, 64),
    batch: fc.integer({ min: 1, max: 64 }),
    inputLen: fc.integer({ min: 16, max: 4096 }),
    outputLen: fc.integer({ min: 2, max: 512 }),
  });

  it('never makes a pass slower, and hides no more than the compute or the communication', () => {
    fc.assert(
      fc.property(shapes, ({ gpuId, ep, batch, inputLen, outputLen }) => {
        const p = { ...base, ep, dp: ep, batch, inputLen, outputLen };
        const g = gpu(gpuId);
        const off = estimateLlmServing(g, p);
        const on = estimateLlmServing(g, { ...p, twoBatchOverlap: 'on' });
        fc.pre(off.fits);
        expect(on.metrics.tpotMs!).toBeLessThanOrEqual(off.metrics.tpotMs! * (1 + 1e-12));
        expect(on.metrics.timeMs!).toBeLessThanOrEqual(off.metrics.timeMs! * (1 + 1e-12));
        const comm = on.breakdown.filter((r) => r.bound === 'interconnect');
        const compute = on.breakdown.filter((r) => r.bound !== 'interconnect');
        const hidden = comm.reduce((s, r) => s + (r.hiddenMs ?? 0), 0);
        const computeMs = compute.reduce((s, r) => s + r.timeMs, 0);
        expect(hidden).toBeLessThanOrEqual(computeMs);
        for (const r of comm) expect(r.hiddenMs ?? 0).toBeGreaterThanOrEqual(0);
        // The breakdown still adds up to the estimate's time.
        const total = on.breakdown.reduce((s, r) => s + r.timeMs, 0);
        expect(Math.abs(total - on.metrics.timeMs!)).toBeLessThanOrEqual(1e-9 * total);
      }),
      { numRuns: 60 },
    );
  });

  it("passSecAt agrees with the estimate's TPOT when overlap is on", () => {
    const spec = resolveModelSpec({ model: 'deepseek-v3' });
    const p = { ...base, ep: 16, dp: 16, batch: 64, twoBatchOverlap: 'on' as const };
    const g = gpu('h800-sxm');
    const setup = passSetup(g, spec, resolveLayout(spec, p), 'fp8', 'bf16');
    const e = estimateLlmServing(g, p);
    const step = passSecAt(
      setup,
      { sequences: 64, newTokens: 1, priorTokens: 1024 + 31, decode: true, twoBatchOverlap: true },
      'nominal',
    );
    expect(step * 1e3).toBeCloseTo(e.metrics.tpotMs!, 9);
  });

  it('a dense model has nothing to hide: on and off agree exactly', () => {
    const p = { ...base, model: 'llama-3-70b', weightDtype: 'bf16' as const, ep: 1, dp: 1, tp: 4, batch: 16 };
    const g = gpu('h100-sxm');
    expect(estimateLlmServing(g, { ...p, twoBatchOverlap: 'on' }).metrics).toEqual(
      estimateLlmServing(g, p).metrics,
    );
  });
});
