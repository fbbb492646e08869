/**
 * `check` on two estimates documents names the catalog figure that changed (issue 12): `compare --json`
 * with and without a GPU file that raises the H20's memory bandwidth. Runs the real bin.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';

const COMPARE = [
  'compare',
  'llm-decode',
  '--gpus',
  'h100-sxm,h20',
  '--model',
  'llama-3-70b',
  '--batch',
  '8',
  '--tp',
  '2',
  '--json',
];

interface Verdict {
  readonly id: string;
  readonly verdict: string;
  readonly reason: string;
}

describe('check on estimates names the changed inputs', () => {
  const dir = tempDir();
  const gpuFile = join(dir, 'f.json');
  writeFileSync(gpuFile, JSON.stringify({ gpus: [{ id: 'h20', memoryBandwidthBytesPerSec: 4.4e12 }] }));
  const write = (name: string, args: readonly string[]) => {
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(dir, name), r.stdout);
    return JSON.parse(r.stdout) as { results: { gpu: string; inputs?: Record<string, string> }[] };
  };
  const a = write('a.json', COMPARE);
  const b = write('b.json', [...COMPARE, '--gpu-file', gpuFile]);

  it('records the catalog figures and the model fit of each result', () => {
    const h20 = a.results.find((r) => r.gpu === 'h20');
    expect(h20?.inputs?.['catalog.memoryBandwidthBytesPerSec']).toBe('4000000000000');
    expect(h20?.inputs?.['catalog.architecture']).toBe('hopper');
    expect(h20?.inputs?.['model fit']).toMatch(/^[0-9a-f]{12}$/);
    expect(b.results.find((r) => r.gpu === 'h20')?.inputs?.['catalog.memoryBandwidthBytesPerSec']).toBe(
      '4400000000000',
    );
  });

  it('a higher bandwidth improves decode: exit 0, the reason names the catalog field', () => {
    const r = runCli([
      'check',
      '--baseline',
      join(dir, 'a.json'),
      '--current',
      join(dir, 'b.json'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { verdicts } = JSON.parse(r.stdout) as { verdicts: Verdict[] };
    const h20 = verdicts.find((v) => v.id.startsWith('estimate:llm-decode:h20:'));
    const h100 = verdicts.find((v) => v.id.startsWith('estimate:llm-decode:h100-sxm:'));
    expect(h20?.verdict).toBe('improved');
    expect(h20?.reason).toContain('catalog.memoryBandwidthBytesPerSec 4000000000000 -> 4400000000000');
    expect(h100?.verdict).toBe('pass');
  });

  it('the other way it is a regression: exit 1', () => {
    const r = runCli([
      'check',
      '--baseline',
      join(dir, 'b.json'),
      '--current',
      join(dir, 'a.json'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const { verdicts } = JSON.parse(r.stdout) as { verdicts: Verdict[] };
    const h20 = verdicts.find((v) => v.id.startsWith('estimate:llm-decode:h20:'));
    expect(h20?.verdict).toBe('regressed');
    expect(h20?.reason).toContain('catalog.memoryBandwidthBytesPerSec 4400000000000 -> 4000000000000');
  });
});
