/**
 * `--browser` from a package whose node_modules is a link to a folder outside it (a shared install, a CI
 * cache): the page server follows it, so the page loads and the case runs. A file the page needs that is
 * missing fails at once with the file's name, not after a 30 s wait for a page that never gets ready.
 * Runs the built bin from a temporary copy of the package (package.json, bin/, dist/).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ROOT, tempDir } from '../helpers/cli.ts';

const ARGS = ['run', 'quick', '--backend', 'wgsl', '--browser', '--swiftshader', '--filter', 'stream-copy'];

/** A copy of the built package in a temporary folder, its node_modules a link to this checkout's. */
function linkedCopy(): string {
  const copy = realpathSync(tempDir('tppbench-linked-'));
  for (const entry of ['package.json', 'bin', 'dist'])
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/** Run the copy's bin, in the copy, as {@link runCli} runs the checkout's. */
function runCopy(copy: string, args: readonly string[]): CliResult & { readonly wallMs: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(copy, 'bin', 'tppbench.js'), ...args], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, wallMs: Date.now() - started };
}

describe('--browser with node_modules linked from outside the package', () => {
  let copy: string;
  beforeAll(() => {
    copy = linkedCopy();
  });

  it('serves the modules through the link: the case runs in Chromium', () => {
    const result = runCopy(copy, [...ARGS, '--json']);
    expect(result.stderr).not.toMatch(/Timeout|not available/);
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout);
    expect(results.environment.webgpuHost.kind).toBe('browser');
    expect(results.measurements).toEqual([expect.objectContaining({ state: 'completed', ranOn: 'wgsl' })]);
  }, 150_000);

  it('a missing page module fails fast, naming the file', () => {
    rmSync(join(copy, 'dist', 'src', 'browser', 'page-entry.js'));
    const result = runCopy(copy, ARGS);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `tppbench: --backend: wgsl is not available here: browser failed to start: the page could not load /dist/src/browser/page-entry.js: ${join(copy, 'dist', 'src', 'browser', 'page-entry.js')} does not exist`,
    );
    expect(result.wallMs).toBeLessThan(25_000);
  }, 150_000);
});
