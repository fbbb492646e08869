/**
 * The boundary between the CLI and the library (see the head of src/index.ts): the CLI uses only names of
 * the public API, imports each from the module src/index.ts re-exports it from (never src/index.ts itself,
 * which loads the whole library), and a command's library modules load only when that command runs.
 * Read from the source text: static imports, `import type`, and `await import()`. The readers of GPU files
 * and model configs (zod) load only when a command names such a file: read from the source, and seen in
 * the modules the real bin resolves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModelPreset } from '../../src/workloads/llm/models/resolve.ts';
import { tempDir, tempFile } from '../helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const INDEX = join(SRC, 'index.ts');
const CLI = join(SRC, 'cli');

/** One import of a module: the names it takes, whether it is erased at run time, whether it is lazy. */
interface ImportRef {
  readonly file: string;
  readonly target: string;
  readonly names: readonly string[];
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

/** `a, type B, c as d` -> names as exported (`a`, `B`, `c`), and whether every one is a type. */
function parseNames(list: string): { names: string[]; allTypes: boolean } {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    names: items.map((s) => s.replace(/^type\s+/, '').split(/\s+as\s+/)[0] as string),
    allTypes: items.every((s) => s.startsWith('type ')),
  };
}

/** Every import and re-export of `file` that names a relative module, resolved to a path. */
function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const at = (spec: string) => resolve(dirname(file), spec);
  const out: ImportRef[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*'(\.[^']+)'/gm)) {
    const { names, allTypes } = parseNames(m[3] as string);
    out.push({
      file,
      target: at(m[4] as string),
      names,
      typeOnly: Boolean(m[2]) || allTypes,
      dynamic: false,
    });
  }
  for (const m of text.matchAll(/^import\s+(type\s+)?(\w+)\s*(?:,\s*\{([^}]*)\})?\s*from\s*'(\.[^']+)'/gm)) {
    const names = ['default', ...parseNames(m[3] ?? '').names];
    out.push({ file, target: at(m[4] as string), names, typeOnly: Boolean(m[1]), dynamic: false });
  }
  for (const m of text.matchAll(/^import\s+\*\s+as\s+\w+\s+from\s*'(\.[^']+)'/gm)) {
    out.push({ file, target: at(m[1] as string), names: ['*'], typeOnly: false, dynamic: false });
  }
  // `const { a, b } = await import('...')` and `(await import('...')).a`
  for (const m of text.matchAll(/const\s*\{([^}]*)\}\s*=\s*await\s+import\(\s*'(\.[^']+)'\s*\)/g)) {
    const { names } = parseNames(m[1] as string);
    out.push({ file, target: at(m[2] as string), names, typeOnly: false, dynamic: true });
  }
  for (const m of text.matchAll(/\(\s*await\s+import\(\s*'(\.[^']+)'\s*\)\s*\)\.(\w+)/g)) {
    out.push({ file, target: at(m[1] as string), names: [m[2] as string], typeOnly: false, dynamic: true });
  }
  // `await import('...');` for the module's effect: no names
  for (const m of text.matchAll(/(?<![=(]\s*)await\s+import\(\s*'(\.[^']+)'\s*\)\s*;/g)) {
    out.push({ file, target: at(m[1] as string), names: [], typeOnly: false, dynamic: true });
  }
  // `import '...';` for the module's effect
  for (const m of text.matchAll(/^import\s*'(\.[^']+)'/gm)) {
    out.push({ file, target: at(m[1] as string), names: [], typeOnly: false, dynamic: false });
  }
  return out;
}

/** Packages (bare specifiers) `file` imports at run time. */
function packagesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s*'([^.'][^']*)'/gms)].map((m) => m[1] as string);
}

/** The files and packages that loading `file` loads: static, run-time imports, followed. */
function staticClosure(file: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (f: string) => {
    if (files.has(f)) return;
    files.add(f);
    for (const p of packagesOf(f)) packages.add(p);
    for (const ref of importsOf(f))
      if (!ref.typeOnly && !ref.dynamic && existsSync(ref.target)) visit(ref.target);
  };
  visit(file);
  return { files, packages };
}

const rel = (f: string) => relative(ROOT, f);

/** Public name -> the module src/index.ts re-exports it from. */
const publicHome = new Map<string, string>();
for (const ref of importsOf(INDEX)) for (const name of ref.names) publicHome.set(name, ref.target);

const cliFiles = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
})(CLI);

describe('the CLI imports the public API', () => {
  it('finds the CLI and the public exports', () => {
    expect(cliFiles.length).toBeGreaterThan(10);
    expect(publicHome.get('listGpus')).toBe(join(SRC, 'api', 'gpus.ts'));
  });

  it('each name from the module src/index.ts re-exports it from, never src/index.ts at run time', () => {
    const wrong: string[] = [];
    for (const file of cliFiles) {
      for (const ref of importsOf(file)) {
        if (ref.target.startsWith(`${CLI}/`)) continue;
        if (ref.target === INDEX) {
          if (!ref.typeOnly) wrong.push(`${rel(file)}: imports src/index.ts (the whole library) at run time`);
          continue;
        }
        for (const name of ref.names) {
          const home = publicHome.get(name);
          if (home === undefined) wrong.push(`${rel(file)}: ${name} (${rel(ref.target)}) is not public`);
          else if (home !== ref.target)
            wrong.push(
              `${rel(file)}: ${name} from ${rel(ref.target)}; src/index.ts has it from ${rel(home)}`,
            );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a module it loads for its effect (an input file reader) is one src/index.ts re-exports from', () => {
    const homes = new Set(publicHome.values());
    const effects = cliFiles.flatMap((file) =>
      importsOf(file).filter((r) => r.names.length === 0 && !r.target.startsWith(`${CLI}/`)),
    );
    expect(effects.map((r) => rel(r.target)).sort()).toEqual([
      'src/hardware/gpu-file.ts',
      'src/workloads/llm/models/hf-config.ts',
    ]);
    expect(effects.filter((r) => !r.dynamic || !homes.has(r.target)).map((r) => rel(r.file))).toEqual([]);
  });
});

describe('commands load lazily', () => {
  it('the runner loads commander and no library module but errors and the package version', () => {
    const { files, packages } = staticClosure(join(CLI, 'main.ts'));
    const library = [...files].filter(
      (f) => !f.startsWith(`${CLI}/`) && f !== join(SRC, 'errors.ts') && !f.startsWith(join(SRC, 'util')),
    );
    expect(library.map(rel)).toEqual([]);
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
    expect([...files].filter((f) => f.startsWith(join(CLI, 'commands'))).map(rel)).toEqual([]);
  });

  it('gpus loads the catalog, not the model, workloads, analysis, runner or pool', () => {
    const { files } = staticClosure(join(CLI, 'commands', 'gpus.ts'));
    const heavy = ['model', 'workloads', 'analysis', 'bench', 'pool'].map((d) => join(SRC, d));
    expect([...files].filter((f) => heavy.some((d) => f.startsWith(`${d}/`))).map(rel)).toEqual([]);
    expect(files.has(join(SRC, 'hardware', 'catalog.ts'))).toBe(true);
  });

  it('the JSON document modules (zod schemas) load only for --json', () => {
    const documents = [...importsOf(join(CLI, 'commands', 'gpus.ts'))].filter((r) =>
      r.names.includes('gpusDocument'),
    );
    expect(documents.map((r) => r.dynamic)).toEqual([true]);
    for (const command of ['gpus', 'classify', 'inversions', 'estimate', 'compare']) {
      const { files } = staticClosure(join(CLI, 'commands', `${command}.ts`));
      const results = [...files].filter(
        (f) => f.startsWith(join(SRC, 'results')) && f !== join(SRC, 'results', 'bench-results.ts'),
      );
      expect({ command, results: results.map(rel) }).toEqual({ command, results: [] });
    }
  });
});

describe('the readers of GPU files and model configs (zod) load only when a file is named', () => {
  const GPU_FILE = join(SRC, 'hardware', 'gpu-file.ts');
  const HF_CONFIG = join(SRC, 'workloads', 'llm', 'models', 'hf-config.ts');

  it('no command loads zod before its action, and the library modules do not import the readers', () => {
    for (const command of ['gpus', 'estimate', 'classify', 'compare', 'sweep', 'inversions']) {
      const { files, packages } = staticClosure(join(CLI, 'commands', `${command}.ts`));
      const readers = [GPU_FILE, HF_CONFIG].filter((f) => files.has(f)).map(rel);
      expect({ command, readers }).toEqual({ command, readers: [] });
      if (command === 'gpus' || command === 'estimate')
        expect({ command, zod: packages.has('zod') }).toEqual({ command, zod: false });
    }
    for (const home of ['catalog.ts', 'gpu-file.ts'].map((f) => join(SRC, 'hardware', f)))
      expect(staticClosure(home).files.has(GPU_FILE)).toBe(home === GPU_FILE);
  });

  it('the public API loads them; the sweep worker, when a chunk names a model config', () => {
    const index = staticClosure(INDEX).files;
    expect([index.has(GPU_FILE), index.has(HF_CONFIG)]).toEqual([true, true]);
    const worker = join(ROOT, 'workers', 'sweep-worker.ts');
    expect(staticClosure(worker).files.has(HF_CONFIG)).toBe(false);
    expect(
      importsOf(worker)
        .filter((r) => r.dynamic && r.names.length === 0)
        .map((r) => rel(r.target)),
    ).toEqual(['src/workloads/llm/models/hf-config.ts']);
  });

  /** A module hook that writes `zod-loaded` to stderr when a zod module is resolved. */
  const ZOD_HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/node_modules/zod/')) process.stderr.write('zod-loaded\\n'); return r; }`;
  const REGISTER = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(ZOD_HOOK)}`)});`;

  /** Run the real bin with the hook: exit code, stdout, and whether zod loaded. */
  function runWatched(args: readonly string[]): { code: number | null; stdout: string; zod: boolean } {
    const r = spawnSync(process.execPath, ['--import', REGISTER, join(ROOT, 'bin', 'tppbench.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const stderr = r.stderr.replaceAll('zod-loaded\n', '');
    if (r.status !== 0) throw new Error(`tppbench ${args.join(' ')} exited ${r.status}: ${stderr}`);
    return { code: r.status, stdout: r.stdout, zod: r.stderr.includes('zod-loaded') };
  }

  it('sees zod load through the hook (the checks below can fail)', () => {
    expect(runWatched(['gpus', '--json']).zod).toBe(true);
  });

  it('gpus and estimate without an input file load no zod module', () => {
    expect(runWatched(['gpus']).zod).toBe(false);
    const gemm = ['estimate', 'gemm', '--gpu', 'h100-sxm', '--m', '4096', '--n', '4096', '--k', '4096'];
    expect(runWatched(gemm).zod).toBe(false);
    expect(runWatched(['estimate', 'llm-decode', '--gpu', 'h100-sxm', '--model', 'llama-3-70b']).zod).toBe(
      false,
    );
  });

  it('--gpu-file and --model-config load their readers, and the files are read', () => {
    const gpuFile = tempFile('gpus.json', { gpus: [{ id: 'my-h100', extends: 'h100-sxm' }] });
    const listed = runWatched(['gpus', '--gpu-file', gpuFile]);
    expect(listed).toMatchObject({ code: 0, zod: true });
    expect(listed.stdout).toContain('my-h100');
    const gemm = ['estimate', 'gemm', '--gpu', 'my-h100', '--m', '4096', '--n', '4096', '--k', '4096'];
    expect(runWatched([...gemm, '--gpu-file', gpuFile])).toMatchObject({ code: 0, zod: true });

    const modelConfig = join(tempDir(), 'my-llama', 'config.json');
    mkdirSync(dirname(modelConfig));
    writeFileSync(modelConfig, JSON.stringify(getModelPreset('llama-3-8b').config));
    const decode = runWatched(['estimate', 'llm-decode', '--gpu', 'h100-sxm', '--model-config', modelConfig]);
    expect(decode).toMatchObject({ code: 0, zod: true });
    expect(decode.stdout).toContain('my-llama');
  });
});
