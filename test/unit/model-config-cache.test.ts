/**
 * `--model-config` files are parsed once per path and file state: estimating on one config many times reads
 * it once, and an edited file is read again.
 */
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateWorkload } from '../../src/api/estimate.ts';
// Installs the model config reader in resolve.ts (src/index.ts loads it for library users).
import '../../src/workloads/llm/models/hf-config.ts';
import { getModelPreset, resolveModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { tempDir } from '../helpers/cli.ts';

const DEEPSEEK = getModelPreset('deepseek-v3').config as Record<string, unknown>;

/** `config` written as `<tmp>/deepseek-v3/config.json` (pretty-printed unless `compact`). */
function writeConfig(config: Record<string, unknown>, path?: string, compact = false): string {
  const file = path ?? join(tempDir(), 'deepseek-v3', 'config.json');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, compact ? JSON.stringify(config) : JSON.stringify(config, null, 2));
  return file;
}

const decode = (modelConfig: string) =>
  estimateWorkload({
    workload: 'llm-decode',
    gpu: 'h200',
    params: { modelConfig, weightDtype: 'fp8', batch: 32, context: 4096, tp: 8 },
  });

/** Set a file's modification time to `mtimeMs`, keeping its access time. */
function setMtime(file: string, mtimeMs: number): void {
  utimesSync(file, statSync(file).atime, new Date(mtimeMs));
}

describe('model config cache', () => {
  it('a config read twice is parsed once and estimates as its preset does', () => {
    const file = writeConfig(DEEPSEEK);
    const spec = resolveModelSpec({ modelConfig: file });
    expect(resolveModelSpec({ modelConfig: file })).toBe(spec);
    expect(spec.id).toBe('deepseek-v3');
    const first = decode(file);
    expect(decode(file)).toEqual(first);
    const preset = estimateWorkload({
      workload: 'llm-decode',
      gpu: 'h200',
      params: { model: 'deepseek-v3', weightDtype: 'fp8', batch: 32, context: 4096, tp: 8 },
    });
    expect(first.metrics).toEqual(preset.metrics);
  });

  it('an edited file with a new modification time is read again', () => {
    const file = writeConfig(DEEPSEEK);
    const before = decode(file);
    const mtimeMs = statSync(file).mtimeMs;
    writeConfig({ ...DEEPSEEK, num_hidden_layers: 31 }, file);
    setMtime(file, mtimeMs + 10_000);
    const after = decode(file);
    // 31 of 61 layers: 3 dense + 28 MoE instead of 3 + 58, so the step is about half as long.
    expect(after.metrics.timeMs!).toBeLessThan(before.metrics.timeMs! * 0.6);
    expect(resolveModelSpec({ modelConfig: file }).layerCount).toBe(31);
  });

  it('a file rewritten to another size under the same modification time is read again', () => {
    const file = writeConfig(DEEPSEEK);
    const mtimeMs = Date.parse('2025-01-01T00:00:00Z');
    setMtime(file, mtimeMs);
    expect(resolveModelSpec({ modelConfig: file }).layerCount).toBe(61);
    writeConfig({ ...DEEPSEEK, num_hidden_layers: 40 }, file, true);
    setMtime(file, mtimeMs);
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
    expect(resolveModelSpec({ modelConfig: file }).layerCount).toBe(40);
  });

  it('each spelling of a path keeps its own id and source', () => {
    const file = writeConfig(DEEPSEEK);
    const rel = relative(process.cwd(), file);
    expect(resolveModelSpec({ modelConfig: file }).source).toBe(file);
    expect(resolveModelSpec({ modelConfig: rel }).source).toBe(rel);
  });

  it('a broken file is not cached: each call reports it, and the fixed file is read', () => {
    const file = writeConfig({ ...DEEPSEEK, hidden_size: -1 });
    expect(() => resolveModelSpec({ modelConfig: file })).toThrow(`${file}: hidden_size`);
    expect(() => resolveModelSpec({ modelConfig: file })).toThrow(`${file}: hidden_size`);
    writeConfig(DEEPSEEK, file);
    setMtime(file, statSync(file).mtimeMs + 10_000);
    expect(resolveModelSpec({ modelConfig: file }).layerCount).toBe(61);
  });
});
