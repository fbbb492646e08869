/**
 * `tppbench report` and `--format` / `--out` on `compare`, `inversions`, `sweep` and `start`, through the real
 * bin: inputs made by the project's own commands, every format, and bad inputs that stop the report before
 * anything is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/results/documents.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

// A results file written by a real `tppbench run quick`.
const SAMPLE = join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json');
const DECODE = ['llm-decode', '--model', 'llama-3-70b', '--batch', '8', '--context', '4096', '--tp', '2'];
const ESC = String.fromCharCode(27);

/** A report document's `report` member, validated as `tppbench report` reads files. */
function reportOf(text: string): {
  inputs: { file: string; kind: string }[];
  sweeps: unknown[];
  workloads: { id: string }[];
  local: unknown;
} {
  const doc = parseDocument(JSON.parse(text), 'stdout');
  if (doc.kind !== 'tppbench-report') throw new Error(`kind ${doc.kind}`);
  return doc.report as ReturnType<typeof reportOf>;
}

/** Run the bin and expect exit 0. */
function ok(args: readonly string[]): string {
  const r = runCli(args, { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

let dir: string;
const input = { inversions: '', compare: '', sweep: '' };

beforeAll(() => {
  dir = tempDir('tppbench-report-');
  input.inversions = join(dir, 'inversions.json');
  writeFileSync(input.inversions, ok(['inversions', '--json']));
  input.compare = join(dir, 'decode.json');
  writeFileSync(input.compare, ok(['compare', ...DECODE, '--gpus', 'h100-sxm,h800-sxm,h20', '--json']));
  input.sweep = join(dir, 'sweep.json');
  ok(
    'sweep llm-decode --gpus h100-sxm,h20 --model llama-3-70b --tp 8 --batch 1..64 --context 4k --threads 0 --out'
      .split(' ')
      .concat(input.sweep),
  );
}, 120_000);

const all = () => [input.inversions, input.compare, input.sweep, SAMPLE];

describe('tppbench report from documents', () => {
  it('json: a tppbench-report document with every input and its sections', () => {
    const report = reportOf(ok(['report', ...all(), '--format', 'json']));
    expect(report.inputs).toEqual([
      { file: input.inversions, kind: 'tppbench-inversions' },
      { file: input.compare, kind: 'tppbench-estimates' },
      { file: input.sweep, kind: 'tppbench-sweep' },
      { file: SAMPLE, kind: 'tppbench-results' },
    ]);
    expect(report.workloads.map((w) => w.id)).toContain('decode-small-batch-70b');
    expect(report.sweeps).toHaveLength(1);
    expect(report.local).not.toBeNull();
  });

  it('md: the summary heading and every section', () => {
    const md = ok(['report', ...all(), '--format', 'md']);
    expect(md).toMatch(/^# /);
    for (const heading of [
      '## Summary',
      '## GPUs',
      '## Workloads',
      '## Sweeps',
      '## This machine',
      '## Model',
    ])
      expect(md).toContain(`\n${heading}\n`);
    expect(md).toContain('H20');
  });

  it('terminal by default: plain text, no colour when stdout is not a terminal', () => {
    const text = ok(['report', input.inversions]);
    expect(text).toContain('SUMMARY');
    expect(text).not.toContain(ESC);
  });

  it('--out with an extension picks the format, writes the file whole and says so', () => {
    for (const [name, check] of [
      ['r.md', (t: string) => expect(t).toContain('\n## Summary\n')],
      ['r.json', (t: string) => expect(reportOf(t).inputs).toHaveLength(2)],
      ['r.html', (t: string) => expect(t).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/i)],
    ] as const) {
      const out = join(tempDir(), name);
      const stdout = ok(['report', input.inversions, input.compare, '--out', out]);
      expect(stdout).toBe(`report written to ${out}\n`);
      check(readFileSync(out, 'utf8'));
    }
  });

  it('a saved report renders again, unchanged', () => {
    const saved = join(dir, 'saved-report.json');
    ok(['report', input.inversions, input.sweep, '--out', saved]);
    const again = ok(['report', saved, '--format', 'json']);
    expect(JSON.parse(again)).toEqual(JSON.parse(readFileSync(saved, 'utf8')));
    const mixed = runCli(['report', saved, input.compare]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(`${saved}: a tppbench-report document renders alone`);
  });
});

describe('a bad input stops the report before anything is written', () => {
  const cases: [string, string | undefined][] = [
    ['empty.json', ''],
    ['truncated.json', '{"schemaVersion": 1, "kind": "tppbench-inversions", "outc'],
    ['foreign.json', '{"a":1}'],
    ['unknown-kind.json', '{"schemaVersion": 1, "kind": "tppbench-nope"}'],
    ['missing.json', undefined],
  ];
  it.each(cases)('%s: exit 2 naming the file, no output file', (name, content) => {
    const folder = tempDir();
    const bad = join(folder, name);
    if (content !== undefined) writeFileSync(bad, content);
    const out = join(folder, 'report.html');
    const r = runCli(['report', input.inversions, bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(bad);
    expect(r.stdout).toBe('');
    expect(readdirSync(folder).sort()).toEqual(content === undefined ? [] : [name]);
  });

  it('--out into a missing folder: exit 2 at once, before the suite runs', () => {
    const out = join(tempDir(), 'no-such-folder', 'report.html');
    const started = Date.now();
    const r = runCli(['report', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tppbench: --out .*no-such-folder.* does not exist/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a --format that contradicts the --out extension is a usage error', () => {
    const folder = tempDir();
    const r = runCli(['report', input.inversions, '--format', 'md', '--out', join(folder, 'r.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format md does not match --out .*r\.html/);
    expect(readdirSync(folder)).toEqual([]);
    expect(runCli(['report', input.inversions, '--format', 'pdf']).code).toBe(2);
  });

  it('--no-local and --threads go only without inputs', () => {
    const r = runCli(['report', input.inversions, '--no-local']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-local');
    expect(runCli(['report', input.inversions, '--threads', '2']).code).toBe(2);
  });
});

describe('tppbench report without inputs', () => {
  it('--no-local: the built-in inversion scenarios', () => {
    const report = reportOf(ok(['report', '--no-local', '--format', 'json']));
    expect(report.inputs).toEqual([{ file: '(built-in)', kind: 'tppbench-inversions' }]);
    expect(report.local).toBeNull();
    expect(report.workloads.length).toBeGreaterThan(5);
  });

  it('the scenarios and the quick suite measured here, progress on stderr', () => {
    const r = runCli(['report', '--format', 'json'], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = reportOf(r.stdout);
    expect(report.inputs.map((i) => i.kind)).toEqual(['tppbench-inversions', 'tppbench-results']);
    expect(report.local).toMatchObject({ suite: 'quick' });
    expect(r.stderr).toMatch(/\[\d+\/\d+\] /);
  }, 240_000);
});

describe('colour', () => {
  // `script` gives the bin a terminal for stdout.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  const inTerminal = (env: Record<string, string>) => {
    const cmd = `${process.execPath} ${join(ROOT, 'bin', 'tppbench.js')} report ${input.inversions}`;
    const { NO_COLOR: _, ...rest } = process.env;
    return spawnSync('script', ['-qec', cmd, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...rest, TERM: 'xterm', ...env },
    }).stdout;
  };
  it.skipIf(!hasScript)('on a terminal, unless NO_COLOR is set or TERM is dumb', () => {
    expect(inTerminal({})).toContain(`${ESC}[1m`);
    expect(inTerminal({ NO_COLOR: '1' })).not.toContain(ESC);
    expect(inTerminal({ TERM: 'dumb' })).not.toContain(ESC);
  });
});

describe('--format and --out on compare, inversions, sweep', () => {
  it('compare --format md prints the report instead of the table', () => {
    const md = ok(['compare', ...DECODE, '--gpus', 'h100-sxm,h800-sxm,h20', '--format', 'md']);
    expect(md).toContain('\n## Summary\n');
    expect(md).toContain('\n## Workloads\n');
    expect(md).toMatch(/H20 96GB \(TPP 2,368\) delivers [\d.]+x H100/);
  });

  it('compare --out writes the report beside the usual table; --json still prints the estimates', () => {
    const out = join(tempDir(), 'decode.md');
    const args = ['compare', ...DECODE, '--gpus', 'h100-sxm,h20'];
    const table = ok(args);
    expect(ok([...args, '--out', out])).toBe(`${table}\nreport written to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toContain('\n## Summary\n');
    const json = JSON.parse(ok([...args, '--json', '--out', out]));
    expect(json.kind).toBe('tppbench-estimates');
    const both = runCli([...args, '--json', '--format', 'md']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--format .* --json/);
  });

  it('inversions --format json is the report document; --json stays the inversions document', () => {
    const report = reportOf(ok(['inversions', '--format', 'json']));
    expect(report.inputs).toEqual([{ file: '(inversions)', kind: 'tppbench-inversions' }]);
    expect(JSON.parse(ok(['inversions', '--json'])).kind).toBe('tppbench-inversions');
  });

  it('sweep: --out keeps the estimates, --report writes the report, --format prints it', () => {
    const folder = tempDir();
    const flags =
      'sweep llm-serving --gpus h100-sxm,h20 --model llama-3-70b --tp 4 --batch 1..16 --input-len 1k..4k --threads 0'.split(
        ' ',
      );
    const stdout = ok([...flags, '--out', join(folder, 's.csv'), '--report', join(folder, 'r.json')]);
    expect(stdout).toContain(`estimates written to ${join(folder, 's.csv')}`);
    expect(stdout).toContain(`report written to ${join(folder, 'r.json')}`);
    expect(readFileSync(join(folder, 's.csv'), 'utf8')).toMatch(/^batch,inputLen,gpu,/);
    const report = reportOf(readFileSync(join(folder, 'r.json'), 'utf8'));
    expect(report.sweeps).toEqual([
      expect.objectContaining({ view: expect.objectContaining({ kind: 'winner-map' }) }),
    ]);
    const md = ok([...flags, '--format', 'md']);
    expect(md).toContain('\n## Sweeps\n');
  });

  it('run: --out keeps the results, --report writes the report, --format prints it', () => {
    const folder = tempDir();
    const flags = ['run', 'quick', '--backend', 'cpu', '--filter', 'gemm/m128-', '--threads', '1'];
    const r = runCli([...flags, '--out', join(folder, 'r.json'), '--report', join(folder, 'run.md')], {
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report written to ${join(folder, 'run.md')}`);
    expect(parseDocument(JSON.parse(readFileSync(join(folder, 'r.json'), 'utf8')), 'r.json').kind).toBe(
      'tppbench-results',
    );
    const md = readFileSync(join(folder, 'run.md'), 'utf8');
    expect(md).toContain('\n## This machine\n');
    expect(md).toContain('| gemm/m128-n128-k128 | cpu |');
    const printed = ok([...flags, '--format', 'md']);
    expect(printed).toContain('\n## This machine\n');
    expect(printed).not.toContain('report written');
  });

  it('sweep: a report of too many estimates is refused before the sweep, and the same file twice', () => {
    const folder = tempDir();
    const big =
      'sweep llm-decode --gpus h100-sxm,h800-sxm,h20 --model llama-3-70b --tp 8 --batch 1..1024:1000 --context 1k..128k:1000'.split(
        ' ',
      );
    const started = Date.now();
    const r = runCli([...big, '--out', join(folder, 's.csv'), '--report', join(folder, 'r.html')]);
    expect(r.code).toBe(2);
    // The sweep itself takes tens of seconds.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.stderr).toMatch(
      /--report: a sweep report holds 1,000,000 estimates at most, and this sweep has 1,281,000/,
    );
    expect(readdirSync(folder)).toEqual([]);
    const same = runCli([
      ...big.slice(0, 6),
      '--out',
      join(folder, 'x.json'),
      '--report',
      join(folder, 'x.json'),
    ]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--report and --out name the same file');
  });
});

describe('start', () => {
  it('shows the command that writes the report, and --report writes it', () => {
    const plain = ok(['start', '--no-local']);
    expect(plain).toContain('\n== 4. The report ==\n');
    expect(plain).toContain('  tppbench start --no-local --report tppbench-report.html\n');
    const out = join(tempDir(), 'start.md');
    expect(ok(['start', '--no-local', '--report', out])).toContain(`report written to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toContain('\n## Summary\n');
    expect(existsSync(join(ROOT, 'tppbench-report.html'))).toBe(false);
  });
});

describe('vega loads only for HTML', () => {
  const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/node_modules/vega')) process.stderr.write('vega-loaded\\n'); return r; }`;
  const REGISTER = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;
  const loadsVega = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, ['--import', REGISTER, join(ROOT, 'bin', 'tppbench.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr.includes('vega-loaded');
  };
  it('terminal, md and json do not load it; html does', () => {
    expect(
      loadsVega(['report', input.inversions, '--format', 'html', '--out', join(tempDir(), 'r.html')]),
    ).toBe(true);
    for (const format of ['terminal', 'md', 'json'])
      expect({ format, vega: loadsVega(['report', input.inversions, '--format', format]) }).toEqual({
        format,
        vega: false,
      });
  });
});
