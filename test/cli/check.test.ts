/**
 * `tppbench check` through the real bin: a results file against itself and against a copy slowed down by
 * 30%, estimate documents (the inversion catalogue) with one figure moved, every output (table, Markdown to
 * `$GITHUB_STEP_SUMMARY` or `--summary`, JUnit, JSON, `--save-baseline`), and bad or mismatched inputs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const SAMPLE = join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json');
const GEMM = 'run:gemm/m128-n128-k128@webasm';

type Json = Record<string, unknown> & { measurements: { id: string; samplesSec?: number[] }[] };

let dir: string;
let base: string;
let slow: string;
let inversions: string;
let moved: string;

/** Twelve samples around `centerSec`, +-1% (seeded): a quiet machine. */
function quietSamples(centerSec: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: 12 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return centerSec * (1 + 0.01 * (x / 2147483648 - 0.5) * 2);
  });
}

beforeAll(() => {
  dir = tempDir('tppbench-check-');
  // The committed run, with quiet samples: its own are too noisy for any verdict (the check says
  // inconclusive on them, which is right).
  const results = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Json;
  results.measurements.forEach((m, i) => {
    m.samplesSec = quietSamples(0.01 * (i + 1), 7 + i);
  });
  base = join(dir, 'base.json');
  writeFileSync(base, JSON.stringify(results));
  // Every gemm sample 30% slower: a real regression of one kernel, the others untouched.
  for (const m of results.measurements) {
    if (m.id === 'gemm/m128-n128-k128') m.samplesSec = m.samplesSec?.map((s) => s * 1.3) ?? [];
  }
  slow = join(dir, 'slow.json');
  writeFileSync(slow, JSON.stringify(results));
  const inv = runCli(['inversions', '--json']);
  expect(inv.code, inv.stderr).toBe(0);
  inversions = join(dir, 'inversions.json');
  writeFileSync(inversions, inv.stdout);
  const doc = JSON.parse(inv.stdout) as {
    outcomes: { state: string; gpus: { gpu: string; throughput: number | null }[] }[];
  };
  const first = doc.outcomes.find((o) => o.state === 'evaluated')!;
  const h20 = first.gpus.find((g) => g.gpu === 'h20')!;
  h20.throughput = (h20.throughput as number) * 0.9;
  moved = join(dir, 'moved.json');
  writeFileSync(moved, JSON.stringify(doc));
}, 60_000);

describe('tppbench check on run results', () => {
  it('a file against itself passes (exit 0)', () => {
    const r = runCli(['check', '--baseline', base, '--current', base]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0 regressed|3 pass/);
  });

  it('a 30% slower kernel fails (exit 1), named in the table, the JUnit file and the step summary', () => {
    const junit = join(dir, 'junit.xml');
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = runCli(['check', '--baseline', base, '--current', slow, '--junit', junit], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('regressed');
    expect(r.stdout).toContain('+30.0%');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(
      new RegExp(`<testcase classname="gemm" name="${GEMM.replace(/[/]/g, '\\/')}"[^>]*>\\s*<failure`),
    );
    expect(xml).toContain('+30.0%');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toContain('## tppbench check: 1 regressed');
  });

  it('--json gives the verdicts; --save-baseline writes the current document', () => {
    const saved = join(dir, 'next-baseline.json');
    const r = runCli(['check', '--baseline', base, '--current', slow, '--json', '--save-baseline', saved]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { verdicts: { id: string; verdict: string; change: number }[] };
    const gemm = out.verdicts.find((v) => v.id === GEMM)!;
    expect(gemm.verdict).toBe('regressed');
    expect(gemm.change).toBeCloseTo(0.3, 9);
    expect(out.verdicts.filter((v) => v.id !== GEMM).map((v) => v.verdict)).not.toContain('regressed');
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(JSON.parse(readFileSync(slow, 'utf8')));
    // The saved baseline is the new reference: against it the slow file passes.
    expect(runCli(['check', '--baseline', saved, '--current', slow]).code).toBe(0);
  });

  it('noisy samples give inconclusive, not a verdict (exit 0)', () => {
    const r = runCli(['check', '--baseline', SAMPLE, '--current', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('inconclusive');
  });

  it('a policy threshold above the change lets it pass', () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ overrides: { gemm: { threshold: 0.5 } } }));
    const r = runCli(['check', '--baseline', base, '--current', slow, '--policy', policy]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('a different machine is a warning, and an error with --strict', () => {
    const other = JSON.parse(readFileSync(base, 'utf8')) as Json & { environment: { cpuModel: string } };
    other.environment.cpuModel = 'Another CPU';
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify(other));
    const loose = runCli(['check', '--baseline', base, '--current', path]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toContain('Another CPU');
    const strict = runCli(['check', '--baseline', base, '--current', path, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict.*Another CPU/);
  });
});

describe('tppbench check on estimates', () => {
  it('the inversion catalogue against itself passes; a moved figure fails, with the inputs unchanged', () => {
    expect(runCli(['check', '--baseline', inversions, '--current', inversions]).code).toBe(0);
    const r = runCli(['check', '--baseline', inversions, '--current', moved, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { verdicts: { id: string; verdict: string; reason: string }[] };
    const bad = out.verdicts.filter((v) => v.verdict === 'regressed');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.id).toMatch(/^inversions:.*:h20$/);
    expect(bad[0]!.reason).toContain('inputs unchanged');
  });
});

describe('bad input: exit 2 naming the file or flag, nothing written', () => {
  const cases: [string, string[] | (() => string[]), RegExp][] = [
    [
      'a truncated baseline',
      () => ['--baseline', write('t.json', '{"kind": "tppbench-res'), '--current', SAMPLE],
      /t\.json: not valid JSON/,
    ],
    ['an empty baseline', () => ['--baseline', write('e.json', ''), '--current', SAMPLE], /e\.json/],
    [
      'a foreign document',
      () => ['--baseline', write('f.json', '{"a":1}'), '--current', SAMPLE],
      /f\.json: kind must be one of/,
    ],
    [
      'a document without metrics',
      () => {
        const gpus = write('g.json', runCli(['gpus', '--json']).stdout);
        return ['--baseline', gpus, '--current', gpus];
      },
      /g\.json: a tppbench-gpus document has no metrics/,
    ],
    [
      'documents of two kinds',
      () => ['--baseline', SAMPLE, '--current', inversions],
      /cannot be checked against/,
    ],
    [
      'a bad policy',
      () => ['--baseline', SAMPLE, '--current', SAMPLE, '--policy', write('p.json', '{"threshold": -1}')],
      /p\.json: threshold/,
    ],
    ['neither --current nor --run', ['--baseline', SAMPLE], /--current <file> or --run <suite>/],
  ];
  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }
  for (const [what, args, message] of cases) {
    it(what, () => {
      const junit = join(dir, `never-${what.replace(/\W/g, '')}.xml`);
      const r = runCli(['check', ...(typeof args === 'function' ? args() : args), '--junit', junit]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(() => readFileSync(junit)).toThrow();
    });
  }
});
