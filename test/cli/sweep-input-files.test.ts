/**
 * A sweep on a model config file and a GPU file, in the worker pool: the readers of those files (zod) are not
 * loaded by the modules every command loads; the CLI loads them for `--model-config` and `--gpu-file`, and
 * the sweep worker loads the model config reader itself, since a chunk's parameters name the file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModelPreset } from '../../src/workloads/llm/models/resolve.ts';
import { runCli, tempDir, tempFile } from '../helpers/cli.ts';

const GRID = ['--tp', '8', '--batch', '1..512', '--context', '4k,32k', '--threads', '2'];

describe('tppbench sweep with input files, in the pool', () => {
  it('estimates a model config file as its preset, and a GPU file GPU as the one it extends', () => {
    const modelConfig = join(tempDir(), 'llama-3-70b', 'config.json');
    mkdirSync(join(modelConfig, '..'));
    writeFileSync(modelConfig, JSON.stringify(getModelPreset('llama-3-70b').config));
    const gpuFile = tempFile('gpus.json', { gpus: [{ id: 'my-h20', extends: 'h20' }] });
    const dir = tempDir();
    const sweep = (name: string, args: readonly string[]) => {
      const out = join(dir, `${name}.csv`);
      const r = runCli(['sweep', 'llm-decode', ...args, ...GRID, '--out', out]);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.code).toBe(0);
      return readFileSync(out, 'utf8').trimEnd().split('\n');
    };
    const preset = sweep('preset', ['--gpus', 'h100-sxm,h20', '--model', 'llama-3-70b']);
    const files = sweep('files', [
      '--gpus',
      'h100-sxm,my-h20',
      '--model-config',
      modelConfig,
      '--gpu-file',
      gpuFile,
    ]);
    expect(preset).toHaveLength(41);
    expect(files).toEqual(preset.map((line) => line.replace(',h20,', ',my-h20,')));
  });
});
