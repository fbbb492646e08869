import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localProfileFromResults, parseEstimatesDocument, readBenchResults } from '../../src/index.ts';
import { ROOT, runCli, tempFile } from '../helpers/cli.ts';

// A results file written by a real `tppbench run quick` on the 2-core dev machine.
const SAMPLE = join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json');

describe('compare --with-local', () => {
  it('adds this machine: the first GPU ops re-timed on the measured roofline', () => {
    const r = runCli([
      'compare',
      'gemm',
      '--gpus',
      'h100,h20',
      '--m',
      '1024',
      '--n',
      '1024',
      '--k',
      '1024',
      '--dtype',
      'fp32',
      '--with-local',
      SAMPLE,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseEstimatesDocument(JSON.parse(r.stdout), 'stdout');
    const local = doc.comparison!.local!;
    const backend = localProfileFromResults(readBenchResults(SAMPLE)).backends.find(
      (b) => b.backend === local.backend,
    )!;
    // One GEMM of 2 x 1024^3 flops and 3 x 1024^2 x 4 bytes: compute-bound on any CPU profile.
    const flops = 2 * 1024 ** 3;
    const bytes = 3 * 1024 ** 2 * 4;
    const expectedMs =
      Math.max(flops / backend.peakFlopsPerSec!, bytes / backend.bandwidthBytesPerSec!) * 1000;
    expect(local.bound).toBe('compute');
    expect(local.timeMs).toBeCloseTo(expectedMs, 3);
    const first = doc.comparison!.rows[0]!;
    expect(local.ratioToFirst!).toBeCloseTo(local.throughput! / first.throughput!, 12);
    expect(local.measuredTpp).toBeCloseTo((backend.peakFlopsPerSec! / 1e12) * 32, 12);
  });

  it('prints the row in the table view', () => {
    const r = runCli(['compare', 'stream', '--gpus', 'h100,h20', '--bytes', '1GB', '--with-local', SAMPLE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/this machine \(.*webasm|this machine \(.*cpu/);
    expect(r.stdout).toContain('memory-bound');
  });

  it('a missing or corrupt results file exits 2 naming it', () => {
    const bad = tempFile('results.json', '{"schemaVersion": 1, "kind": "tppbench-results"');
    for (const file of [bad, join(ROOT, 'no-such-results.json')]) {
      const r = runCli([
        'compare',
        'gemm',
        '--gpus',
        'h100',
        '--m',
        '64',
        '--n',
        '64',
        '--k',
        '64',
        '--with-local',
        file,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(file);
    }
  });
});

describe('input warnings', () => {
  it('a context beyond max_position_embeddings is estimated, with a warning on stderr naming the flag', () => {
    const r = runCli([
      'estimate',
      'llm-decode',
      '--gpu',
      'h100',
      '--model',
      'llama-3-8b',
      '--context',
      '200000',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: --context 200000 \+ 1 new token = 200001 positions exceeds llama-3-8b's max_position_embeddings \(8192\)/,
    );
    expect(r.stdout).toContain('outputTokensPerSecPerGpu');
  });
});
