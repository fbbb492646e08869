/**
 * The browser host's page server answers only files under dist/ and node_modules/ of the package root (by
 * real path, so a link cannot lead out, except that node_modules itself may be a link to a folder elsewhere)
 * and the kernel modules it was given; never a traversal, never a crash on a malformed escape.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServed, servedFile, servedRoots } from '../../src/pool/browser-host.ts';
import { tempDir } from '../helpers/cli.ts';

const root = realpathSync(tempDir());
mkdirSync(join(root, 'dist', 'src'), { recursive: true });
mkdirSync(join(root, 'node_modules', 'zod'), { recursive: true });
writeFileSync(join(root, 'dist', 'src', 'page.js'), 'export {};');
writeFileSync(join(root, 'node_modules', 'zod', 'index.js'), 'export {};');
writeFileSync(join(root, 'secret.txt'), 'no');
symlinkSync(join(root, 'secret.txt'), join(root, 'dist', 'link.js'));
const module = join(tempDir(), 'my kernels.js');
writeFileSync(module, 'export const kernels = [];');
const extra = new Map([['/extra/0/my%20kernels.js', module]]);

describe('servedFile', () => {
  it('serves dist/ and node_modules/ files and the given kernel modules', () => {
    expect(servedFile(root, extra, '/dist/src/page.js')).toBe(join(root, 'dist', 'src', 'page.js'));
    expect(servedFile(root, extra, '/node_modules/zod/index.js')).toBe(
      join(root, 'node_modules', 'zod', 'index.js'),
    );
    expect(servedFile(root, extra, '/extra/0/my%20kernels.js')).toBe(module);
  });

  it.each([
    '/secret.txt',
    '/dist/../secret.txt',
    '/dist/%2e%2e/secret.txt',
    '/dist/..%2fsecret.txt',
    '/dist/link.js',
    '/dist/%E0%A4%A',
    '/dist/src',
    '/dist/missing.js',
  ])('refuses %s', (pathname) => {
    expect(servedFile(root, extra, pathname)).toBeUndefined();
  });
});

describe('servedFile with node_modules linked from elsewhere (a shared install, a CI cache)', () => {
  const linked = realpathSync(tempDir());
  const store = realpathSync(tempDir());
  mkdirSync(join(linked, 'dist'), { recursive: true });
  mkdirSync(join(store, 'zod'), { recursive: true });
  writeFileSync(join(store, 'zod', 'index.js'), 'export {};');
  const elsewhere = realpathSync(tempDir());
  writeFileSync(join(elsewhere, 'secret.js'), 'no');
  symlinkSync(join(elsewhere, 'secret.js'), join(store, 'zod', 'leak.js'));
  symlinkSync(store, join(linked, 'node_modules'));

  it('resolves the allowed folders once, by real path', () => {
    expect(servedRoots(linked)).toEqual([join(linked, 'dist'), store]);
  });

  it('serves a module through the linked node_modules', () => {
    expect(servedFile(linked, new Map(), '/node_modules/zod/index.js')).toBe(join(store, 'zod', 'index.js'));
  });

  it('still refuses a link from there to anywhere else, and says why', () => {
    expect(servedFile(linked, new Map(), '/node_modules/zod/leak.js')).toBeUndefined();
    expect(resolveServed(linked, new Map(), '/node_modules/zod/leak.js')).toEqual({
      reason: `${join(linked, 'node_modules', 'zod', 'leak.js')} leads to ${join(elsewhere, 'secret.js')}, outside ${join(linked, 'dist')} and ${store}`,
    });
  });

  it('names the missing file', () => {
    expect(resolveServed(linked, new Map(), '/node_modules/gpu.js/dist/gpu-browser.min.js')).toEqual({
      reason: `${join(linked, 'node_modules', 'gpu.js', 'dist', 'gpu-browser.min.js')} does not exist`,
    });
  });
});
