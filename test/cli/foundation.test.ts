import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../helpers/cli.ts';

describe('tppbench (real bin)', () => {
  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('gpus prints the table with TPP and verdicts', () => {
    const r = runCli(['gpus']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/h100-sxm\s+H100 SXM5 80GB\s+15,832\s+19\.45\s+3A090\.a\.1/);
    expect(r.stdout).toMatch(/h20\s+H20 96GB\s+2,368\s+2\.91\s+not controlled/);
  });

  it('gpus --json --sort tpp is parseable, sorted, and carries sources', () => {
    const r = runCli(['gpus', '--json', '--sort', 'tpp']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe(1);
    const tpps = data.gpus.map((g: { regulation: { tpp: number } }) => g.regulation.tpp);
    expect(tpps).toEqual([...tpps].sort((a, b) => b - a));
    expect(data.gpus[0].id).toBe('b200');
    expect(data.gpus[0].spec.memoryBandwidthBytesPerSec.source).toContain('MLE');
  });

  it('classify --gpu h20 explains the verdict with margins', () => {
    const r = runCli(['classify', '--gpu', 'h20', '--rule', 'oct-2023']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "TPP 2,368 is 32 below 3A090.b.1's 2,400; PD 2.91 is 0.29 below b.2's 3.2: not controlled",
    );
  });

  it('classify a described consumer part applies Note 2', () => {
    const r = runCli(['classify', '--tpp', '4707', '--die-area', '608.5', '--consumer', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.profiles[0].verdicts['oct-2023'].status).toBe('excluded-note-2');
  });

  it('a what-if rule over the catalog lists what it catches', () => {
    const r = runCli(['classify', '--min-tpp', '2000', '--min-pd', '2.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/h20\s+2,368\s+2\.91\s+CAUGHT/);
    expect(r.stdout).toMatch(/catches \d+ of 16 GPUs/);
  });

  it('an unknown GPU id exits 2 and suggests close ids', () => {
    const r = runCli(['classify', '--gpu', 'h10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gpu: unknown GPU "h10"; did you mean .*h100/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed --gpu-file exits 2 naming the file and field', () => {
    const file = tempFile('my-gpus.json', {
      gpus: [{ id: 'h100' }, { id: 'h20' }, { id: 'h800', memoryBandwidthBytesPerSec: 0 }],
    });
    const r = runCli(['gpus', '--gpu-file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `tppbench: ${file}: gpus[2].memoryBandwidthBytesPerSec must be a positive number`,
    );
    expect(r.stdout).toBe('');
  });

  it.each([
    [['classify', '--tpp', 'NaN'], "'--tpp <n>' argument 'NaN' is invalid"],
    [['classify', '--tpp=-5'], "'--tpp <n>' argument '-5' is invalid"],
    [['classify', '--tpp', '100', '--die-area', '-1'], "'--die-area <mm2>'"],
    [['classify', '--min-tpp', 'abc'], "'--min-tpp <n>' argument 'abc' is invalid"],
    [['gpus', '--sort', 'speed'], '--sort: unknown field "speed"'],
    [['gpus', '--bogus'], "unknown option '--bogus'"],
    [['nonsense'], "unknown command 'nonsense'"],
    [['classify'], 'classify needs --gpu'],
  ])('%j exits 2 naming the problem', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help works on every command', () => {
    for (const command of ['gpus', 'classify', 'start']) {
      const r = runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toContain(`Usage: tppbench ${command}`);
    }
  });
});

describe('tppbench start (the main job)', () => {
  it('without the local run: catalog, then the inversions with H20 over H100 on decode and H100 on prefill', () => {
    const r = runCli(['start', '--no-local']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('== 1. GPU catalog');
    expect(r.stdout).not.toContain('== 2. This machine');
    expect(r.stdout).toMatch(/INVERSION: h20 beats h100-sxm by \d+%; binding: memory bandwidth/);
    expect(r.stdout).toMatch(/h100-sxm wins over h20 by \d\.\d\dx; binding: compute/);
  });
});
