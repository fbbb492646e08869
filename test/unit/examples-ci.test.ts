/**
 * The CI examples in examples/ci/ stay runnable: every `npx tppbench ...` line names a command and flags the
 * real CLI has (read from its --help), the example policy is a valid policy, and the YAML files keep a sane
 * block structure (no YAML parser is installed, so this is a structural check, not a full parse).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy, thresholdFor } from '../../src/regress/policy.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/**
 * Commands and flags the examples use before the CLI has them (another change adds `merge`; `run --shard`
 * has landed). Empty this once they land: a test below fails while an entry here already exists.
 */
const PENDING: readonly string[] = [];

const DIR = join(ROOT, 'examples', 'ci');
const EXAMPLE_FILES = ['github-actions.yml', 'gitlab-ci.yml', 'README.md'] as const;
/** Commands whose second word is a workload with its own --help. */
const NESTED = new Set(['estimate', 'compare', 'sweep']);

const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

/** One `tppbench` invocation found in an example file. */
interface Invocation {
  readonly file: string;
  readonly line: number;
  readonly words: readonly string[];
}

/**
 * Every `npx tppbench ...` invocation in `text`, commented-out ones included. An invocation ends at a shell
 * operator (`>`, `|`, `;`, `&&`, `)`) or a backtick; a line ending in `\`, or a next line that starts with a
 * flag (a folded YAML scalar), continues it.
 */
function invocations(file: string, text: string): Invocation[] {
  const lines = text.split('\n').map((l) => l.replace(/^\s*#\s?/, '').trim());
  const found: Invocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = lines[i]!.indexOf('npx tppbench ');
    if (start < 0) continue;
    let command = lines[i]!.slice(start + 'npx tppbench '.length);
    let j = i;
    while (command.endsWith('\\') || lines[j + 1]?.startsWith('--')) {
      command = `${command.replace(/\\$/, '')} ${lines[++j]}`;
    }
    const words = command
      .split(/\s*(?:>|\||;|&&|\)|`)/)[0]!
      .trim()
      .split(/\s+/);
    found.push({ file, line: i + 1, words });
  }
  return found;
}

const helpCache = new Map<string, string>();
function help(args: readonly string[]): string {
  const key = args.join(' ');
  let text = helpCache.get(key);
  if (text === undefined) {
    const result = runCli([...args, '--help']);
    if (result.code !== 0) throw new Error(`tppbench ${key} --help exited ${result.code}: ${result.stderr}`);
    text = result.stdout;
    helpCache.set(key, text);
  }
  return text;
}

/** The subcommands a --help lists (`[]`: the commands; `['compare']`: its workloads). */
function subcommands(args: readonly string[]): Set<string> {
  const text = help(args);
  const block = text.slice(text.indexOf('Commands:'));
  return new Set([...block.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!));
}

const hasFlag = (helpText: string, flag: string) =>
  new RegExp(`(^|[\\s,])${flag.replace(/[-]/g, '\\-')}([\\s,=]|$)`, 'm').test(helpText);

describe('examples/ci', () => {
  const all = EXAMPLE_FILES.flatMap((file) => invocations(file, read(file)));

  it('finds the invocations it checks', () => {
    // Guards the parser: if it found nothing, the checks below would pass vacuously.
    for (const file of EXAMPLE_FILES) {
      expect(all.filter((c) => c.file === file).length, file).toBeGreaterThanOrEqual(2);
    }
    const used = new Set(all.map((c) => c.words[0]));
    for (const command of ['run', 'compare', 'check', 'report', 'merge']) expect(used).toContain(command);
    expect(invocations('x', 'run: >\n  npx tppbench check --baseline b.json\n  --junit j.xml\n')).toEqual([
      { file: 'x', line: 2, words: ['check', '--baseline', 'b.json', '--junit', 'j.xml'] },
    ]);
  });

  it('uses only commands and flags the CLI has (or PENDING ones)', () => {
    const known = subcommands([]);
    const problems: string[] = [];
    for (const { file, line, words } of all) {
      const [command = '', second] = words;
      const where = `${file}:${line}: tppbench ${words.join(' ')}`;
      if (!known.has(command)) {
        if (!PENDING.includes(command)) problems.push(`${where}: no command "${command}"`);
        continue;
      }
      const helpArgs = NESTED.has(command) && second !== undefined ? [command, second] : [command];
      if (NESTED.has(command) && (second === undefined || !subcommands([command]).has(second))) {
        problems.push(`${where}: no workload "${second}"`);
        continue;
      }
      const text = help(helpArgs);
      for (const word of words) {
        if (!word.startsWith('--')) continue;
        const flag = word.split('=')[0]!;
        if (!hasFlag(text, flag) && !PENDING.includes(flag)) problems.push(`${where}: no flag ${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('PENDING names only what the CLI still lacks', () => {
    const known = subcommands([]);
    const runHelp = help(['run']);
    const landed = PENDING.filter((p) => (p.startsWith('--') ? hasFlag(runHelp, p) : known.has(p)));
    expect(landed, 'these exist now: remove them from PENDING').toEqual([]);
  });

  it('ships a valid policy with an override for a real kernel', () => {
    const policy = parsePolicy(JSON.parse(read('policy.json')), 'examples/ci/policy.json');
    expect(policy.threshold).toBe(0.05);
    const keys = Object.keys(policy.overrides);
    expect(keys.length).toBeGreaterThan(0);
    for (const kernel of keys) {
      expect(existsSync(join(ROOT, 'kernels', kernel)), `kernels/${kernel}`).toBe(true);
      expect(thresholdFor(policy, { id: `${kernel}/case`, kernel })).toBeGreaterThan(policy.threshold);
    }
  });

  describe.each([
    ['github-actions.yml', ['name', 'on', 'jobs']],
    ['gitlab-ci.yml', ['default', 'stages', 'tppbench-baseline', 'tppbench-check']],
  ] as const)('%s', (file, topKeys) => {
    it('has a sane YAML block structure and its top-level keys', () => {
      expect(yamlProblems(read(file))).toEqual([]);
      const top = read(file)
        .split('\n')
        .filter((l) => /^[\w-]+:/.test(l))
        .map((l) => l.slice(0, l.indexOf(':')));
      expect(top).toEqual(expect.arrayContaining([...topKeys]));
      expect(new Set(top).size, 'a duplicate top-level key').toBe(top.length);
    });
  });

  it('the YAML check catches a tab, odd indentation and a stray line', () => {
    expect(yamlProblems('a:\n\tb: 1\n')).toContain('line 2: a tab');
    expect(yamlProblems('a:\n  b: 1\n   c: 2\n')).toHaveLength(1);
    expect(yamlProblems('a:\n  b: 1\n  just words\n')).toHaveLength(1);
    expect(yamlProblems('a:\n      b: 1\n')).toHaveLength(1);
    expect(yamlProblems('a: |\n  x\n     y\nb:\n  - c: 1\n    d: [1, 2]\n')).toEqual([]);
  });
});

/**
 * Structural problems of a YAML file: tabs, trailing spaces, odd indentation, an indent that jumps by more
 * than one level, and lines that are neither `key:`, `key: value` nor `- item`. The body of a block scalar
 * (`|` or `>`) is free text and skipped; comments and blank lines are skipped.
 */
function yamlProblems(text: string): string[] {
  const problems: string[] = [];
  let blockIndent = -1; // indent of the key that opened a block scalar, -1 outside one
  let previousIndent = 0;
  text.split('\n').forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line.includes('\t')) problems.push(`${at}: a tab`);
    if (/\s$/.test(line)) problems.push(`${at}: trailing whitespace`);
    const content = line.trim();
    if (content === '' || content.startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && indent > blockIndent) return;
    blockIndent = -1;
    if (indent % 2 !== 0) problems.push(`${at}: indentation ${indent} is not a multiple of 2`);
    if (indent > previousIndent + 2)
      problems.push(`${at}: indentation jumps from ${previousIndent} to ${indent}`);
    if (!/^(- )*(?:[\w.$-]+|'[^']*'|"[^"]*"):(?: .*)?$|^- .+$/.test(content)) {
      problems.push(`${at}: not a key or a list item: ${content}`);
    }
    // `- key: value` opens a mapping at the indent after the dash.
    previousIndent = content.startsWith('- ') ? indent + 2 : indent;
    if (/:\s*[|>][-+]?$/.test(content) || /^- [|>][-+]?$/.test(content)) blockIndent = indent;
  });
  return problems;
}
