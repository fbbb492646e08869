/**
 * Progress bars draw with cursor codes only on a terminal that takes them: under a real pseudo-terminal
 * (util-linux `script`), `TERM=dumb` gets plain lines and no escape code at all, while a capable TERM gets
 * the bar (which shows the check can fail). The sweep's reporter is held to the same rule.
 */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSweepProgress } from '../../src/analysis/sweep-progress.ts';
import { ROOT } from '../helpers/cli.ts';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Run the bin in a pseudo-terminal (stdout and stderr both a TTY) with `TERM=term`; returns everything it wrote. */
function runInTerminal(term: string, args: readonly string[]): { code: number | null; output: string } {
  const command = ['node', 'bin/tppbench.js', ...args].join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', TERM: term },
  });
  return { code: r.status, output: r.stdout };
}

const RUN = ['run', 'quick', '--filter', 'gemm/m128-,gemv', '--backend', 'cpu', '--threads', '1'];

describe('run progress on a terminal', () => {
  it.runIf(hasScript)(
    'TERM=dumb prints plain progress lines, no escape codes; TERM=xterm draws the bar',
    () => {
      const dumb = runInTerminal('dumb', RUN);
      expect(dumb.code).toBe(0);
      expect(dumb.output).toMatch(/\[2\/2\] gemv\/m1024-k1024 on cpu: .* ok/);
      expect(dumb.output).not.toContain('\x1b');
      const xterm = runInTerminal('xterm', RUN);
      expect(xterm.code).toBe(0);
      expect(xterm.output).toContain('\x1b[');
    },
    240_000,
  );
});

/** A stream that says it is a TTY and keeps what is written. */
function fakeTerminal(): Writable & { isTTY: true; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY: true as const, columns: 80, text: () => chunks.join('') });
}

describe('sweep progress on a terminal', () => {
  it('TERM=dumb gets plain lines at each tenth, a capable TERM gets cursor codes', () => {
    const dumb = fakeTerminal();
    const plain = createSweepProgress(dumb, true, { TERM: 'dumb' });
    for (let done = 0; done <= 100; done += 5) plain.onProgress(done, 100);
    plain.stop();
    expect(dumb.text()).not.toContain('\x1b');
    expect(dumb.text()).toContain('sweep: 50/100 estimates (50%)\n');
    const xterm = fakeTerminal();
    const bar = createSweepProgress(xterm, true, { TERM: 'xterm' });
    for (let done = 0; done <= 100; done += 5) bar.onProgress(done, 100);
    bar.stop();
    expect(xterm.text()).toContain('\x1b[');
  });
});
