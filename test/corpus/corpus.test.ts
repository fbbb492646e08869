/**
 * The bad-input corpus through the real bin (`cases.ts`): every bad input exits 2 with exactly one line on
 * stderr naming the flag, file or field; never a stack trace, an internal error, raw control characters,
 * a NaN, Infinity or undefined on stdout, a hang, or a file left behind (no half-written `--out`, no
 * temporary file: TMPDIR points into the case's folder, so temporary files made elsewhere count too).
 *
 * Cases run concurrently (vitest's `maxConcurrency`, 5 by default), each in its own temporary folder and
 * each as its own process, killed with its process group after {@link CASE_TIMEOUT_MS} or past
 * {@link MAX_RSS_BYTES} of memory: a FIFO or a write under /proc that blocks, or /dev/zero read to its end,
 * is a failure with its own message, not a stuck suite or a machine out of memory.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { CASES, type CorpusCase } from './cases.ts';
import { CONTROLS } from './controls.ts';
import type { InputFile } from './inputs.ts';
import { type AsyncCliResult, MAX_RSS_BYTES, runCliAsync } from './run-cli-async.ts';

/** Longest a case may run: a fixed CLI answers bad input in well under a second. */
const CASE_TIMEOUT_MS = 20_000;
/** Vitest's limit per test: the run, plus making and removing its files. */
const TEST_TIMEOUT_MS = CASE_TIMEOUT_MS + 20_000;
/** Controls do real work (a tiny suite on one CPU thread). */
const CONTROL_TIMEOUT_MS = 60_000;

/** Create `file` at `path` (parent folders too). */
function createInput(path: string, file: InputFile): void {
  mkdirSync(dirname(path), { recursive: true });
  if (typeof file === 'string') {
    writeFileSync(path, file);
    return;
  }
  switch (file.kind) {
    case 'json':
      writeFileSync(path, JSON.stringify(file.value, null, 2));
      break;
    case 'bytes':
      writeFileSync(path, file.bytes);
      break;
    case 'dir':
      mkdirSync(path);
      break;
    case 'symlink':
      symlinkSync(file.target, path);
      break;
    case 'sparse': {
      const fd = openSync(path, 'w');
      try {
        ftruncateSync(fd, file.bytes);
      } finally {
        closeSync(fd);
      }
      break;
    }
    case 'fifo': {
      const made = spawnSync('mkfifo', [path], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr || made.error}`);
      break;
    }
  }
}

/** Every entry under `root` (not following links), as `relative/path (kind)`, sorted. */
function listTree(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, prefix))) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const stat = lstatSync(join(root, rel));
    const kind = stat.isDirectory()
      ? 'dir'
      : stat.isFIFO()
        ? 'fifo'
        : stat.isSymbolicLink()
          ? 'symlink'
          : stat.isFile()
            ? 'file'
            : 'other';
    out.push(`${rel} (${kind})`);
    if (kind === 'dir') out.push(...listTree(root, rel));
  }
  return out.sort();
}

/** A folder holding `files`, and its listing. */
function prepare(files: Readonly<Record<string, InputFile>> = {}): { dir: string; before: string[] } {
  const dir = tempDir('tppbench-corpus-');
  for (const [name, file] of Object.entries(files)) createInput(join(dir, name), file);
  return { dir, before: listTree(dir) };
}

/** What differs between two listings, in words; empty when nothing does. */
function treeChanges(before: readonly string[], after: readonly string[]): string[] {
  const added = after.filter((e) => !before.includes(e));
  const removed = before.filter((e) => !after.includes(e));
  return [
    ...(added.length ? [`left behind in its folder: ${added.join(', ')}`] : []),
    ...(removed.length ? [`removed or replaced its inputs: ${removed.join(', ')}`] : []),
  ];
}

const shellWord = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
/** `tppbench <argv>` as a shell line, for messages. */
const commandLine = (argv: readonly string[]) => ['tppbench', ...argv.map(shellWord)].join(' ');
/** Text cut for a message, control characters shown. */
const excerpt = (text: string, max = 300) => {
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
  return shown.slice(1, -1);
};

/** Every way `result` falls short of `c`; empty when it meets it. */
function problemsOf(c: CorpusCase, r: AsyncCliResult, changes: readonly string[]): string[] {
  const problems: string[] = [];
  if (r.killed) {
    const why =
      r.killed === 'timeout'
        ? `did not finish in ${CASE_TIMEOUT_MS / 1000} s and was killed (a hang)`
        : `passed ${MAX_RSS_BYTES / 2 ** 30} GiB of memory after ${(r.wallMs / 1000).toFixed(1)} s and was killed`;
    problems.push(`${why}; stderr so far: "${excerpt(r.stderr.slice(-300))}"`);
    return [...problems, ...changes];
  }
  if (r.code !== c.exit) problems.push(`exit code ${r.code}, expected ${c.exit}`);
  const text = r.stderr.trim();
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length !== 1) {
    problems.push(`${lines.length} lines on stderr, expected 1: "${excerpt(text)}"`);
  }
  const matches = typeof c.stderr === 'string' ? text.includes(c.stderr) : c.stderr.test(text);
  if (!matches) problems.push(`stderr does not name ${String(c.stderr)}: "${excerpt(text)}"`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control bytes are what this looks for
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    problems.push(`raw control characters on stderr: "${excerpt(text)}"`);
  }
  const output = `${r.stdout}\n${r.stderr}`;
  if (/\n\s+at /.test(output)) problems.push('a stack trace');
  if (/internal error/i.test(output)) problems.push(`an internal error: "${excerpt(text)}"`);
  const nonFinite = r.stdout.match(/\b(NaN|Infinity|undefined)\b/);
  if (nonFinite) problems.push(`stdout shows ${nonFinite[1]}`);
  return [...problems, ...changes];
}

describe('bad-input corpus: the table', () => {
  it('has at least 100 cases with unique ids', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    const ids = CASES.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('covers every command and every kind of input file', () => {
    const commands = new Set(CASES.map((c) => c.argv[0]));
    for (const command of [
      'gpus',
      'classify',
      'estimate',
      'compare',
      'sweep',
      'inversions',
      'run',
      'profile',
      'start',
    ]) {
      expect(commands, command).toContain(command);
    }
    const flagged = (flag: string) => CASES.filter((c) => c.argv.includes(flag) && c.files).length;
    for (const flag of ['--gpu-file', '--model-config', '--with-local', '--kernel-module', '--out']) {
      expect(flagged(flag), flag).toBeGreaterThan(0);
    }
    const suiteFiles = CASES.filter((c) => c.argv[0] === 'run' && c.argv[1]?.endsWith('.json'));
    const resultsFiles = CASES.filter((c) => c.argv[0] === 'profile' && c.files);
    expect(suiteFiles.length).toBeGreaterThan(0);
    expect(resultsFiles.length).toBeGreaterThan(0);
  });
});

describe.concurrent('bad-input corpus: controls (valid inputs succeed)', () => {
  for (const control of CONTROLS) {
    it(
      control.id,
      async () => {
        const { dir, before } = prepare(control.files);
        try {
          const r = await runCliAsync(control.argv, { cwd: dir, timeoutMs: CONTROL_TIMEOUT_MS - 10_000 });
          const summary = `${commandLine(control.argv)}: exit ${r.code}${r.killed ? ` (killed: ${r.killed})` : ''}, stderr "${excerpt(r.stderr.trim())}"`;
          expect(r.killed, summary).toBeUndefined();
          expect(r.code, summary).toBe(0);
          const expected = [...before, ...(control.creates ?? []).map((f) => `${f} (file)`)].sort();
          expect(listTree(dir), summary).toEqual(expected);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      CONTROL_TIMEOUT_MS,
    );
  }
});

describe.concurrent('bad-input corpus: cases', () => {
  for (const c of CASES) {
    it(
      c.id,
      async () => {
        const { dir, before } = prepare(c.files);
        try {
          // TMPDIR points into the case's folder, so a temporary file made anywhere is seen as left behind.
          const r = await runCliAsync(c.argv, {
            cwd: dir,
            timeoutMs: CASE_TIMEOUT_MS,
            env: { TMPDIR: dir, ...c.env },
          });
          const problems = problemsOf(c, r, treeChanges(before, listTree(dir)));
          if (problems.length > 0) {
            expect.fail(
              `${commandLine(c.argv)} (${(r.wallMs / 1000).toFixed(1)} s):\n  - ${problems.join('\n  - ')}`,
            );
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      TEST_TIMEOUT_MS,
    );
  }
});
