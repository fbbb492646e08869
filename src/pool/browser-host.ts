/**
 * The browser host: runs the WebGPU backends (`wgsl`, `webgpu`) inside Chromium, driven by playwright-core
 * (no browser download: Debian's `chromium`, or the path given). A loopback-only HTTP server serves the
 * compiled page module and gpu.js's browser bundle; `page.evaluate` carries the same requests and replies
 * as the device host. On a desktop this reaches the user's own GPU; with `swiftshader` it runs on
 * Chromium's CPU Vulkan, which checks correctness (its timings mean nothing). A hung or crashed page is an
 * outcome: the browser is closed and a fresh one starts on the next call.
 * @module
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Response } from 'playwright-core';
import { packageRoot } from '../util/package-info.ts';
import type { DeviceHost } from './device-host.ts';
import {
  decodeKernelReply,
  decodeProbeReply,
  type KernelOutcome,
  type ProbeReply,
  type RunKernelRequest,
  WEBGPU_BACKENDS,
} from './protocol.ts';

/** Where and how to start the browser. */
export interface BrowserOptions {
  /** Chromium's executable; default: the first of {@link DEFAULT_BROWSER_PATHS} that exists. */
  readonly executablePath?: string;
  /** Run WebGPU on SwiftShader (CPU): correct, not fast; for CI and machines without a GPU. */
  readonly swiftshader?: boolean;
}

/** Chromium executables looked for when no path is given. */
export const DEFAULT_BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/** The browser executable to use, or why there is none. */
export function findBrowser(path: string | undefined): { path: string } | { reason: string } {
  if (path !== undefined) {
    return existsSync(path) && statSync(path).isFile()
      ? { path }
      : { reason: `browser executable ${path} does not exist` };
  }
  const found = DEFAULT_BROWSER_PATHS.find((candidate) => existsSync(candidate));
  return found
    ? { path: found }
    : { reason: `no Chromium found (looked for ${DEFAULT_BROWSER_PATHS.join(', ')}); pass --browser <path>` };
}

/**
 * Chromium's SwiftShader Vulkan driver manifest (`vk_swiftshader_icd.json`, shipped beside the browser
 * binary), which lets dawn.node run WebGPU on the CPU where no GPU driver is installed; or why there is none.
 */
export function findSwiftShaderIcd(browserPath: string | undefined): { path: string } | { reason: string } {
  const browser = findBrowser(browserPath);
  if (!('path' in browser)) return browser;
  const real = realpathSync(browser.path);
  const candidates = [
    join(dirname(real), 'vk_swiftshader_icd.json'),
    join(dirname(real), '..', 'lib', 'chromium', 'vk_swiftshader_icd.json'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  return found
    ? { path: found }
    : { reason: `no SwiftShader Vulkan driver beside ${browser.path} (looked for ${candidates.join(', ')})` };
}

/** Command-line flags for Chromium. */
export function browserArgs(options: BrowserOptions): string[] {
  const args = [
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (process.platform === 'linux') args.push('--enable-features=Vulkan');
  if (options.swiftshader) args.push('--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader');
  return args;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The page: an import map for the one bare import (zod), gpu.js's bundle, then the page module. */
function pageHtml(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>tppbench</title>
<script type="importmap">{"imports":{"zod":"/node_modules/zod/index.js"}}</script>
<script src="/node_modules/gpu.js/dist/gpu-browser.min.js"></script>
<script type="module">
import '/dist/src/browser/page-entry.js';
window.tppbenchReady = true;
</script></head><body>tppbench</body></html>`;
}

/**
 * The folders whose files the page server may answer with, by real path: `dist/` of the package root, and
 * its `node_modules/` wherever that really is (a link to a shared or cached folder, outside the root, is
 * fine). Resolved once per server.
 */
export function servedRoots(root: string): string[] {
  const real = realpathSync(root);
  const roots = [join(real, 'dist')];
  const modules = join(real, 'node_modules');
  if (existsSync(modules)) roots.push(realpathSync(modules));
  return roots;
}

/** Where a request's path leads, or why the page server answers it with 404. */
type Served = { readonly file: string } | { readonly reason: string };

/**
 * What the page server answers `pathname` (as the request has it, percent-encoded) with: one of `extraFiles`
 * (served path -> file), or a regular file under `/dist/` or `/node_modules/` of `root` whose real path lies
 * in one of `roots` ({@link servedRoots}); else why not (a malformed escape, a missing file, a link out).
 */
export function resolveServed(
  root: string,
  extraFiles: ReadonlyMap<string, string>,
  pathname: string,
  roots: readonly string[] = servedRoots(root),
): Served {
  const extra = extraFiles.get(pathname);
  if (extra) return { file: extra };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { reason: 'the path is not a valid URL escape' };
  }
  const relative = normalize(decoded).replace(/^[/\\]+/, '');
  if (!/^(dist|node_modules)[/\\]/.test(relative))
    return { reason: 'only dist/ and node_modules/ are served' };
  const file = join(root, relative);
  if (!existsSync(file)) return { reason: `${file} does not exist` };
  const real = realpathSync(file);
  if (!roots.some((folder) => real.startsWith(`${folder}${sep}`)))
    return { reason: `${file} leads to ${real}, outside ${roots.join(' and ')}` };
  return statSync(real).isFile() ? { file: real } : { reason: `${file} is not a file` };
}

/** The file {@link resolveServed} answers `pathname` with, or undefined for a 404. */
export function servedFile(
  root: string,
  extraFiles: ReadonlyMap<string, string>,
  pathname: string,
  roots: readonly string[] = servedRoots(root),
): string | undefined {
  const served = resolveServed(root, extraFiles, pathname, roots);
  return 'file' in served ? served.file : undefined;
}

/** The page server, and why it last refused each path (for the error when the page cannot load). */
interface PageServer {
  readonly server: Server;
  readonly origin: string;
  readonly refused: ReadonlyMap<string, string>;
}

/** Serve the page, `dist/` and `node_modules/` of the package root, and the listed extra files. */
async function startServer(extraFiles: Map<string, string>): Promise<PageServer> {
  const root = packageRoot();
  const roots = servedRoots(root);
  const refused = new Map<string, string>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/') return send(200, pageHtml(), CONTENT_TYPES['.html']);
    const served = resolveServed(root, extraFiles, url.pathname, roots);
    if (!('file' in served)) {
      refused.set(url.pathname, served.reason);
      return send(404, `not found: ${served.reason}`);
    }
    const { file } = served;
    return send(200, readFileSync(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, refused };
}

interface Live {
  readonly browser: Browser;
  readonly page: Page;
  /** Resolves with a reason once the page crashes or the browser goes away. */
  readonly gone: Promise<string>;
  consoleTail: string[];
}

/** How long the page may take to load its modules and say it is ready. */
const PAGE_READY_TIMEOUT_MS = 30_000;

type Raced<T> = { kind: 'value'; value: T } | { kind: 'gone'; reason: string } | { kind: 'timeout' };

/** Start a browser host (Chromium starts lazily, on the first call). */
export function createBrowserHost(options: BrowserOptions = {}): DeviceHost & { readonly detail: string } {
  const extraFiles = new Map<string, string>();
  let serving: Promise<PageServer> | undefined;
  let live: Promise<Live> | undefined;
  const found = findBrowser(options.executablePath);
  const detail =
    'path' in found ? `${found.path}${options.swiftshader ? ' (SwiftShader)' : ''}` : found.reason;

  const launch = async (): Promise<Live> => {
    if (!('path' in found)) throw new Error(found.reason);
    serving ??= startServer(extraFiles);
    let pageServer: PageServer;
    try {
      pageServer = await serving;
    } catch (error) {
      serving = undefined;
      throw error;
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: found.path,
      headless: true,
      args: browserArgs(options),
    });
    try {
      return await openPage(browser, pageServer);
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  };

  /**
   * The page, loaded and ready, with crash and console watchers. A file the page needs that the server
   * refuses fails at once, naming the file and why; a page that never gets ready fails after 30 s.
   */
  const openPage = async (browser: Browser, { origin, refused }: PageServer): Promise<Live> => {
    const page = await browser.newPage();
    const consoleTail: string[] = [];
    const gone = new Promise<string>((resolve) => {
      page.once('crash', () => resolve('the browser page crashed'));
      browser.once('disconnected', () => resolve('the browser exited'));
    });
    const remember = (line: string) => {
      consoleTail.push(line.split('\n')[0] ?? line);
      if (consoleTail.length > 5) consoleTail.shift();
    };
    page.on('pageerror', (error) => remember(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') remember(message.text());
    });
    let cannotLoad: (error: Error) => void = () => undefined;
    const missing = new Promise<never>((_, reject) => {
      cannotLoad = reject;
    });
    missing.catch(() => undefined); // raced below; a refusal during goto must not count as unhandled
    const onResponse = (response: Response) => {
      if (response.status() < 400) return;
      const { pathname } = new URL(response.url());
      if (!/^\/(dist|node_modules)\//.test(pathname)) return; // e.g. /favicon.ico: not needed
      const why = refused.get(pathname) ?? `HTTP ${response.status()}`;
      cannotLoad(new Error(`the page could not load ${pathname}: ${why}`));
    };
    page.on('response', onResponse);
    try {
      await Promise.race([page.goto(`${origin}/`), missing]);
      await Promise.race([
        page.waitForFunction(() => (globalThis as { tppbenchReady?: boolean }).tppbenchReady === true, null, {
          timeout: PAGE_READY_TIMEOUT_MS,
        }),
        missing,
      ]);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
      const tail = consoleTail.length > 0 ? ` (${consoleTail.join(' | ')})` : '';
      throw new Error(`the page was not ready after ${PAGE_READY_TIMEOUT_MS / 1000} s${tail}`);
    } finally {
      page.off('response', onResponse);
    }
    return { browser, page, gone, consoleTail };
  };

  const close = async (): Promise<void> => {
    const current = live;
    live = undefined;
    if (current) await current.then((l) => l.browser.close()).catch(() => undefined);
  };

  const call = async <T>(invoke: (page: Page) => Promise<T>, timeoutMs: number): Promise<Raced<T>> => {
    live ??= launch();
    let current: Live;
    try {
      current = await live;
    } catch (error) {
      live = undefined;
      return { kind: 'gone', reason: `browser failed to start: ${(error as Error).message.split('\n')[0]}` };
    }
    let timer: NodeJS.Timeout | undefined;
    const raced = await Promise.race<Raced<T>>([
      invoke(current.page).then(
        (value) => ({ kind: 'value', value }),
        (error: unknown) => ({
          kind: 'gone',
          reason: `browser call failed: ${String(error).split('\n')[0]}`,
        }),
      ),
      current.gone.then((reason) => ({ kind: 'gone', reason })),
      new Promise<Raced<T>>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (raced.kind !== 'value') {
      const tail = current.consoleTail.join(' | ');
      await close();
      if (raced.kind === 'gone' && tail) return { kind: 'gone', reason: `${raced.reason} (${tail})` };
    }
    return raced;
  };

  /** Kernel modules as URLs the page can import: compiled JS files served under /extra/<n>/. */
  const servedModules = (modules: readonly string[]): string[] =>
    modules.map((url) => {
      const path = url.startsWith('file:') ? fileURLToPath(url) : url;
      const served = `/extra/${extraFiles.size}/${encodeURIComponent(path.split(/[\\/]/).pop() ?? 'module.js')}`;
      const existing = [...extraFiles.entries()].find(([, file]) => file === path)?.[0];
      if (existing) return existing;
      extraFiles.set(served, path);
      return served;
    });

  return {
    detail,
    async probe(backend, timeoutMs = 60_000): Promise<ProbeReply> {
      if (!WEBGPU_BACKENDS.includes(backend)) {
        return {
          type: 'probe-reply',
          backend,
          available: false,
          reason: `--browser runs only the WebGPU backends (${WEBGPU_BACKENDS.join(', ')})`,
        };
      }
      const raced = await call(
        (page) =>
          page.evaluate(
            (b) =>
              (globalThis as unknown as { tppbench: { probe(b: string): Promise<unknown> } }).tppbench.probe(
                b,
              ),
            backend,
          ),
        timeoutMs,
      );
      if (raced.kind === 'value') return decodeProbeReply(raced.value, backend);
      const reason =
        raced.kind === 'timeout' ? `browser probe timed out after ${timeoutMs} ms` : raced.reason;
      return { type: 'probe-reply', backend, available: false, reason };
    },
    async run(request: RunKernelRequest, timeoutMs: number): Promise<KernelOutcome> {
      const modules = request.kernelModules.filter((m) => !m.endsWith('.ts'));
      if (modules.length !== request.kernelModules.length) {
        return {
          type: 'kernel-reply',
          state: 'errored',
          phase: 'load',
          error: { name: 'Error', message: 'the browser runs compiled .js kernel modules, not .ts' },
        };
      }
      const served = { ...request, kernelModules: servedModules(modules) };
      const raced = await call(
        (page) =>
          page.evaluate(
            (r) =>
              (globalThis as unknown as { tppbench: { run(r: unknown): Promise<unknown> } }).tppbench.run(r),
            served,
          ),
        timeoutMs,
      );
      if (raced.kind === 'value') return decodeKernelReply(raced.value);
      if (raced.kind === 'timeout') return { type: 'kernel-reply', state: 'timed-out', timeoutMs };
      return {
        type: 'kernel-reply',
        state: 'errored',
        phase: 'crash',
        error: { name: 'BrowserCrash', message: raced.reason },
      };
    },
    pid: () => undefined,
    async close() {
      await close();
      const current = serving;
      serving = undefined;
      if (current) {
        const { server } = await current;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
