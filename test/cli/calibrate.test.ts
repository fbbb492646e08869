import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, tempFile } from '../helpers/cli.ts';
import { probeFixture } from '../helpers/probe-fixture.ts';

const gemm = ['estimate', 'gemm', '--gpu', 'h200', '--m', '8192', '--n', '8192', '--k', '8192', '--json'];

describe('tppbench probe / calibrate / --calibration (real bin)', () => {
  it('probe --script prints a probe that compiles with python3', () => {
    const r = runCli(['probe', '--script']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tppbench-probe');
    const python = spawnSync('python3', ['--version']);
    if (python.error) return; // no python3 on this machine: the compile check cannot run here
    const dir = tempDir();
    writeFileSync(join(dir, 'probe.py'), r.stdout);
    const c = spawnSync('python3', ['-m', 'py_compile', join(dir, 'probe.py')], { encoding: 'utf8' });
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const bare = runCli(['probe']);
    expect(bare.code).toBe(2);
    // The usage keeps its lines: one command per line, then the error.
    expect(bare.stderr).toMatch(/^ {2}tppbench probe --script > probe.py$/m);
    expect(bare.stderr).toMatch(/^ {2}tppbench calibrate out.json --gpu <id> --out cal.json$/m);
    expect(bare.stderr).toMatch(/give --script to print the probe \(usage above\)\n$/);
  });

  it('calibrate writes a calibration that --calibration applies, marked calibrated (user)', () => {
    const probe = tempFile('out.json', probeFixture());
    const cal = join(tempDir(), 'cal.json');
    const r = runCli(['calibrate', probe, '--gpu', 'h200', '--out', cal]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tensor-16bit etaMax 0\.(79|80)/);
    const base = JSON.parse(runCli(gemm).stdout).results[0];
    const withCal = runCli([...gemm, '--calibration', cal]);
    expect(withCal.code, withCal.stderr).toBe(0);
    const calibrated = JSON.parse(withCal.stdout).results[0];
    expect(base.confidence).not.toBe('calibrated (user)');
    expect(calibrated.confidence).toBe('calibrated (user)');
    expect(calibrated.metrics.timeMs).not.toBe(base.metrics.timeMs);
    const other = runCli([
      'estimate',
      'gemm',
      '--gpu',
      'h100',
      '--m',
      '64',
      '--n',
      '64',
      '--k',
      '64',
      '--calibration',
      cal,
    ]);
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/calibrates h200-sxm, which this command does not estimate/);
  });

  it.each([
    ['empty', '', /not valid JSON/],
    ['truncated', '{"schemaVersion": 1, "kind": "tppbench-pro', /not valid JSON/],
    ['wrong version', { ...probeFixture(), schemaVersion: 2 }, /schemaVersion must be 1/],
    ['missing field', { ...probeFixture(), device: undefined }, /device is required/],
  ])('a bad probe file (%s) exits 2 naming the file and field', (_, content, message) => {
    const probe = tempFile('bad.json', content);
    const r = runCli(['calibrate', probe, '--gpu', 'h200', '--out', join(tempDir(), 'cal.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toMatch(message);
  });

  it('report --calibration: the built-in scenarios use the calibrated GPU, and the report says so', () => {
    const cal = join(tempDir(), 'cal.json');
    expect(
      runCli(['calibrate', tempFile('out.json', probeFixture()), '--gpu', 'h100', '--out', cal]).code,
    ).toBe(0);
    const plain = runCli(['report', '--no-local', '--format', 'json']);
    const calibrated = runCli(['report', '--no-local', '--format', 'json', '--calibration', cal]);
    expect(calibrated.code, calibrated.stderr).toBe(0);
    type Report = { report: { summary: { text: string }[]; model: { assumptions: string[] } } };
    const [a, b] = [plain, calibrated].map((r) => JSON.parse(r.stdout) as Report);
    expect(b!.report.model.assumptions).toContain(
      `h100-sxm: calibrated (user) by ${cal}, probed on ${(probeFixture().device as { name: string }).name}`,
    );
    expect(a!.report.model.assumptions.some((x) => x.includes('calibrated (user)'))).toBe(false);
    expect(b!.report.summary.map((x) => x.text)).not.toEqual(a!.report.summary.map((x) => x.text));
    // Input documents hold their estimates already: the flag is refused, naming itself.
    const doc = tempFile('inv.json', runCli(['inversions', '--json']).stdout);
    const refused = runCli(['report', doc, '--calibration', cal]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^tppbench: --calibration: applies to the built-in scenarios/);
  });
});
