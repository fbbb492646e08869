/**
 * The wasm-simd backend through the real bin: kernels verified against their Float64 reference on two
 * threads, the CPU peak in the fingerprint and the CPU roofline check printed, `auto` choosing it, and a
 * missing build said, never silent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../../src/results/bench-results.ts';
import { localProfileDocumentSchema } from '../../src/results/local-profile.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as BenchResults;

describe('tppbench run --backend wasm-simd', () => {
  it('runs gemm and triad on 2 threads, verified; fingerprint has the CPU peak; the roofline check prints', () => {
    const out = join(tempDir(), 'r.json');
    const r = runCli(
      [
        'run',
        'quick',
        '--backend',
        'wasm-simd',
        '--threads',
        '2',
        '--filter',
        'gemm/m128-,stream-triad',
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const results = read(out);
    expect(results.measurements.map((m) => [m.id, m.state])).toEqual([
      ['gemm/m128-n128-k128', 'completed'],
      ['stream-triad/n1048576', 'completed'],
    ]);
    for (const m of results.measurements) {
      if (m.state !== 'completed') throw new Error(m.state);
      expect(m.ranOn).toBe('wasm-simd');
      expect(m.verification.passed).toBe(true);
    }
    const peak = results.environment.cpuPeak!;
    expect(peak.flopsPerSec).toBeGreaterThan(0);
    expect(peak.wasmFlopsPerSec).toBeLessThanOrEqual(peak.flopsPerSec);
    expect(r.stdout).toMatch(/^CPU roofline check: peak [\d.,]+ GFLOP\/s at 128-bit SIMD/m);
    expect(r.stdout).toMatch(/^gemm\/m128-n128-k128 +wasm-simd .* compute$/m);
    // The saved run gives the same check, in text and in the versioned JSON.
    const profile = runCli(['profile', out]);
    expect(profile.stdout).toMatch(/^CPU roofline check: peak /m);
    const doc = localProfileDocumentSchema.parse(JSON.parse(runCli(['profile', out, '--json']).stdout));
    const check = doc.cpuRooflineCheck;
    if (check === undefined || 'notChecked' in check) throw new Error('no CPU roofline check');
    expect(check.bandwidthSource).toBe('stream-triad/n1048576 on wasm-simd');
    expect(check.rows.map((row) => [row.id, row.bound])).toEqual([
      ['gemm/m128-n128-k128', 'compute'],
      ['stream-triad/n1048576', 'memory'],
    ]);
    // The triad defines the bandwidth, so it sits on the roofline; the gemm below its compute peak.
    expect(check.rows[1]!.attainment).toBeCloseTo(1, 9);
    expect(check.rows[0]!.attainment).toBeGreaterThan(0);
    expect(check.rows[0]!.rooflineSec).toBeCloseTo((2 * 128 ** 3) / check.peakFlopsPerSec, 12);
    // The report of the run carries the same check, in markdown and in its JSON.
    const md = runCli(['report', out, '--format', 'md']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^### CPU roofline check: each CPU kernel against the CPU peak/m);
    expect(md.stdout).toMatch(/^\| stream-triad\/n1048576 \(wasm-simd\) \| .* \| 100% \|$/m);
    const json = JSON.parse(runCli(['report', out, '--format', 'json']).stdout) as {
      report: { local: { cpuRoofline: { rows: { case: string }[] } } };
    };
    expect(json.report.local.cpuRoofline.rows.map((row) => row.case)).toEqual([
      'gemm/m128-n128-k128 (wasm-simd)',
      'stream-triad/n1048576 (wasm-simd)',
    ]);
  });

  it('auto prefers it: gpu.js webasm and cpu are left out as over 10x slower', () => {
    const out = join(tempDir(), 'r.json');
    const r = runCli(['run', 'quick', '--threads', '1', '--filter', 'gemm/m128-', '--out', out], {
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const results = read(out);
    expect(results.selection.used).toEqual(['wasm-simd']);
    expect(results.selection.notes.join('\n')).toMatch(/webasm: over 10x slower here/);
  });

  it('without the assembled kernels: --backend wasm-simd fails naming the build; auto says why and goes on', () => {
    const empty = tempDir();
    const env = { TPPBENCH_WASM_DIR: empty };
    const r = runCli(['run', 'quick', '--backend', 'wasm-simd', '--filter', 'gemm/m128-'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(empty, 'gemm.wasm')} is missing: run npm run build`);
    const out = join(tempDir(), 'r.json');
    const auto = runCli(['run', 'quick', '--threads', '1', '--filter', 'gemm/m128-', '--out', out], {
      env,
      timeoutMs: 120_000,
    });
    expect(auto.code, auto.stderr).toBe(0);
    const results = read(out);
    expect(results.selection.used).not.toContain('wasm-simd');
    expect(results.selection.notes.join('\n')).toContain('wasm-simd: ');
    expect(results.selection.notes.join('\n')).toContain('is missing: run npm run build');
  });
});
