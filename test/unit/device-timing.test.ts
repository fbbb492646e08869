/**
 * Device-resident timing. The batching arithmetic on a synthetic batch runner, then on a real WebGPU device
 * (Chromium on SwiftShader): the time per call falls as more calls share one submit and one completion
 * wait, instead of carrying a fixed cost per call (an upload in the loop would keep it flat).
 */
import { describe, expect, it } from 'vitest';
import { timeBatches } from '../../src/gpu/device-timing.ts';
import { createBrowserHost } from '../../src/pool/browser-host.ts';
import { kernelRequest } from '../helpers/webgpu.ts';

describe('timeBatches', () => {
  it('grows the batch until it lasts minTimeMs and divides each sample by the calls in it', async () => {
    const calls: number[] = [];
    // 0.5 ms fixed per batch plus 0.01 ms per call: a batch of N takes 0.5 + 0.01 N ms.
    const runBatch = async (n: number) => {
      calls.push(n);
      return 0.5 + 0.01 * n;
    };
    const timed = await timeBatches(runBatch, { warmupRuns: 1, minSamples: 4, minTimeMs: 20, maxTimeMs: 0 });
    expect(calls[0]).toBe(1); // the warm-up
    expect(0.5 + 0.01 * timed.callsPerSample).toBeGreaterThanOrEqual(20);
    expect(timed.samplesSec).toHaveLength(4);
    for (const s of timed.samplesSec) {
      expect(s).toBeCloseTo((0.5 + 0.01 * timed.callsPerSample) / timed.callsPerSample / 1000, 12);
    }
    // The fixed cost is spread: per call within 10% of the 0.01 ms marginal cost.
    expect(timed.samplesSec[0]! * 1000).toBeLessThan(0.011);
  });

  it('stops growing at maxCalls and keeps sampling until maxTimeMs', async () => {
    const timed = await timeBatches(
      async (n) => n * 1e-4,
      { warmupRuns: 0, minSamples: 2, minTimeMs: 50, maxTimeMs: 1 },
      64,
    );
    expect(timed.callsPerSample).toBe(64);
    expect(timed.samplesSec.length).toBeGreaterThanOrEqual(2);
  });
});

describe('device-resident timing on real WebGPU devices', () => {
  it('Chromium: the time per call falls as more calls share one submit and one wait', async () => {
    const host = createBrowserHost({ swiftshader: true });
    try {
      const request = kernelRequest('stream-copy', { n: 4096 }, 'wgsl');
      const one = await host.run(
        { ...request, timing: { warmupRuns: 1, minSamples: 7, minTimeMs: 0, maxTimeMs: 0 } },
        60_000,
      );
      const many = await host.run(
        { ...request, timing: { warmupRuns: 1, minSamples: 7, minTimeMs: 40, maxTimeMs: 0 } },
        60_000,
      );
      if (one.state !== 'completed' || many.state !== 'completed')
        throw new Error('stream-copy did not complete');
      expect(one.timing).toEqual({ method: 'device-resident', callsPerSample: 1 });
      expect(many.timing).toMatchObject({ method: 'device-resident' });
      const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      expect(median(many.samplesSec)).toBeLessThan(median(one.samplesSec) / 2);
    } finally {
      await host.close();
    }
  }, 90_000);
});
