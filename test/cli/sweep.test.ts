import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';

const decode = ['sweep', 'llm-decode', '--gpus', 'h100-sxm,h20', '--model', 'llama-3-70b', '--tp', '8'];

describe('tppbench sweep (real bin)', () => {
  it('finds where H20 stops beating H100 SXM on 70B decode, in the pool', () => {
    const r = runCli([...decode, '--batch', '1..512', '--context', '4k,32k', '--threads', '2']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/20 points x 2 GPUs = 40 estimates .* \(2 workers\)/);
    expect(r.stdout).toMatch(
      /H20 96GB beats H100 SXM5 80GB on llama-3-70b llm-decode for batch <= \d+ at context 4k; binding resource: [a-z ]+/,
    );
    // Plain progress lines on a pipe.
    expect(r.stderr).toMatch(/sweep: 40\/40 estimates \(100%\)/);
  });

  it('--out writes CSV and JSON that parse; --json prints the document', () => {
    const dir = tempDir();
    const csv = join(dir, 'out.csv');
    const r1 = runCli([...decode, '--batch', '1,8,64', '--threads', '0', '--out', csv]);
    expect(r1.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('batch,gpu,outputTokensPerSecPerGpu,timeMs,bound,fits');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(/^1,h20,[\d.]+,[\d.]+,\w+,true$/);
    const json = join(dir, 'out.json');
    const r2 = runCli([...decode, '--batch', '1,8,64', '--threads', '0', '--out', json, '--json']);
    expect(r2.code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.results).toHaveLength(6);
    expect(JSON.parse(r2.stdout).results).toEqual(doc.results);
  });

  it.each([
    [['--batch', '512..1'], /--batch: bad sweep range "512\.\.1": the end \(1\) is below the start \(512\)/],
    [['--batch', '0..8+4'], /--batch must be a positive integer/],
    [['--context', '0..4k'], /--context: .*log-spaced range needs a start > 0/],
    [['--batch', '1..8', '--out', 'x.txt'], /--out x\.txt: the file must end in \.json or \.csv/],
    [['--batch', '8'], /give at least one range or list/],
  ])('bad input %j exits 2 naming the flag', (args, message) => {
    const r = runCli([...decode, ...args, '--threads', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('llm-serving over --tp 1..8 on a 64-head model: bisection keeps to valid --tp, the CSV is written', () => {
    const dir = tempDir();
    const csv = join(dir, 'sw.csv');
    const r = runCli([
      'sweep',
      'llm-serving',
      '--gpus',
      'h100-sxm,h800-sxm,h20',
      '--model',
      'llama-3-70b',
      '--tp',
      '1..8',
      '--batch',
      '1..1024+1',
      '--input-len',
      '1k..32k',
      '--output-len',
      '1k',
      '--out',
      csv,
    ]);
    expect(r.stderr).not.toMatch(/must divide|error/);
    expect(r.code).toBe(0);
    expect(readFileSync(csv, 'utf8').trimEnd().split('\n')).toHaveLength(73_728 + 1);
    const tp = [...r.stdout.matchAll(/for tp <= (\d+) .*? From tp (\d+) /g)];
    expect(tp.length).toBeGreaterThan(0);
    // 4 -> 8 is a crossover between adjacent valid values: 5, 6 and 7 do not divide 64 heads.
    expect(tp.some(([, below, above]) => below === '4' && above === '8')).toBe(true);
    for (const [, below, above] of tp) {
      expect(['1', '2', '4', '8']).toContain(below);
      expect(['1', '2', '4', '8']).toContain(above);
    }
  });

  it('a decimal range sweeps a non-integer flag; an integer flag refuses one, naming it', () => {
    const serving = [
      'sweep',
      'llm-serving',
      '--gpus',
      'h100-sxm,h20',
      '--model',
      'llama-3-8b',
      '--threads',
      '0',
    ];
    const ok = runCli([...serving, '--target-tpot-ms', '0.5..50']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/--target-tpot-ms: 8 values \(log\) 0\.5000, 1, 2, 4, 8, 16, 32, 50/);
    const linear = runCli([...serving, '--target-tpot-ms', '5..6+0.25']);
    expect(linear.stdout).toMatch(/--target-tpot-ms: 5 values \(linear\) 5, 5\.250, 5\.500, 5\.750, 6/);
    const bad = runCli([...serving, '--batch', '1.5..8']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^tppbench: --batch: bad sweep range "1\.5\.\.8": --batch takes integers; the start 1\.5 is not one\n$/,
    );
  });

  it('--threads past the cores is capped at the core count, said in one stderr line', () => {
    const cores = availableParallelism();
    const r = runCli([...decode, '--batch', '1..64', '--threads', '1000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`(${cores} workers)`);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('tppbench:'))).toEqual([
      `tppbench: 1000 sweep workers asked for: using ${cores}, the available cores`,
    ]);
  });
});
