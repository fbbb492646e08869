import { describe, expect, it } from 'vitest';
import {
  calibrateCatalog,
  estimateWorkload,
  fitCalibration,
  loadCatalog,
  probeDocumentSchema,
  WORKLOADS,
} from '../../src/index.ts';
import { parseWith } from '../../src/util/schema.ts';
import { probeFixture, TRUTH } from '../helpers/probe-fixture.ts';

describe('calibration fit on a probe made from known constants', () => {
  const probe = parseWith(probeDocumentSchema, probeFixture(), 'fixture');
  const gpu = loadCatalog().get(TRUTH.gpu);
  const { document, warnings } = fitCalibration(probe, gpu, 'fixture.json', '0.0.0');

  it('recovers etaMax per precision class, kHalf, launch latency and the memory line', () => {
    expect(warnings).toEqual([]);
    expect(document.fit.compute['tensor-16bit']!.etaMax).toBeCloseTo(TRUTH.etaMax.bf16, 2);
    expect(document.fit.compute['tensor-8bit']!.etaMax).toBeCloseTo(TRUTH.etaMax.fp8, 2);
    expect(Math.abs(document.fit.compute['tensor-16bit']!.kHalf - TRUTH.kHalf)).toBeLessThanOrEqual(50);
    expect(Math.abs(document.fit.launchLatencySec - TRUTH.launchLatencySec)).toBeLessThanOrEqual(1e-6);
    expect(document.fit.memoryLine.intercept).toBeCloseTo(TRUTH.memoryLine.intercept, 3);
    expect(document.fit.memoryLine.slope).toBeCloseTo(TRUTH.memoryLine.slope, 3);
    for (const g of document.gemm) expect(Math.abs(g.relativeError)).toBeLessThan(0.03);
    expect(document.checks).toHaveLength(1);
  });

  it('a calibrated GPU uses its curve and says so; others are unchanged', () => {
    const catalog = calibrateCatalog(loadCatalog(), document, 'cal.json');
    const params = { m: 8192, n: 8192, k: 8192, dtype: 'bf16' };
    const before = WORKLOADS.estimate('gemm', gpu, params);
    const after = WORKLOADS.estimate('gemm', catalog.get(TRUTH.gpu), params);
    expect(after.confidence).toBe('calibrated (user)');
    expect(after.assumptions.join('\n')).toContain('cal.json');
    // The constants the assumptions quote are the user's, not the built-in fit's.
    const fit = document.fit;
    const text = after.assumptions.join('\n');
    expect(text).toContain(`kt/(kt + ${fit.compute['tensor-16bit']!.kHalf})`);
    expect(text).toContain(
      `memory efficiency ${fit.memoryLine.intercept} + ${fit.memoryLine.slope} x read fraction`,
    );
    expect(text).not.toContain('kt/(kt + 450)');
    // Compute-bound, wave efficiency and kt/(kt+kHalf) aside, time scales as 1/etaMax (launch is ~0.3%).
    const eta = document.fit.compute['tensor-16bit']!;
    const shape = (kHalf: number) => 8192 / (8192 + kHalf);
    const ratio = (0.8825 * shape(450)) / (eta.etaMax * shape(eta.kHalf));
    expect(after.metrics.timeMs! / before.metrics.timeMs!).toBeCloseTo(ratio, 2);
    const other = estimateWorkload({ workload: 'gemm', gpu: 'h100', params });
    expect(WORKLOADS.estimate('gemm', catalog.get('h100'), params)).toEqual(other);
  });
});
