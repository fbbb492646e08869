import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { kvCacheBytes } from '../../src/workloads/llm/models/costs.ts';
import { loadModelConfigFile, modelIdFromPath } from '../../src/workloads/llm/models/hf-config.ts';
import { MODEL_PRESETS } from '../../src/workloads/llm/models/presets/index.ts';
import { getModelPreset, presetModelSpec, resolveModelSpec } from '../../src/workloads/llm/models/resolve.ts';

const dir = mkdtempSync(join(tmpdir(), 'tppbench-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write `config` as `<dir>/<name>/config.json` and return the path. */
function writeConfig(name: string, config: unknown): string {
  mkdirSync(join(dir, name), { recursive: true });
  const path = join(dir, name, 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return path;
}

/** The UserError message `fn` throws (fails the test when it throws something else or nothing). */
function userErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

const llama = getModelPreset('llama-3-8b').config;
const deepseek = getModelPreset('deepseek-v3').config;
const without = (config: Readonly<Record<string, unknown>>, field: string) => {
  const copy = { ...config };
  delete copy[field];
  return copy;
};

describe('loading config.json files', () => {
  it('every preset, written to disk as config.json, loads to the same spec', () => {
    for (const preset of MODEL_PRESETS) {
      const path = writeConfig(preset.id, preset.config);
      const fromFile = loadModelConfigFile(path);
      const fromPreset = presetModelSpec(preset.id);
      expect(fromFile.id).toBe(preset.id);
      expect(fromFile.source).toBe(path);
      expect({ ...fromFile, source: '' }).toEqual({ ...fromPreset, source: '' });
    }
  });

  it('names a config by its folder, or by its file stem', () => {
    expect(modelIdFromPath(join('models', 'Meta-Llama-3-8B', 'config.json'))).toBe('Meta-Llama-3-8B');
    expect(modelIdFromPath(join('models', 'my-model.json'))).toBe('my-model');
  });

  it('reads a llama-1 config without num_key_value_heads as multi-head attention', () => {
    const path = writeConfig('llama-1', without(llama, 'num_key_value_heads'));
    const spec = loadModelConfigFile(path);
    expect(spec.attention).toMatchObject({ kind: 'mha', queryHeads: 32, kvHeads: 32, headDim: 128 });
    expect(spec.kvElementsPerTokenPerLayer).toBe(2 * 32 * 128);
  });

  it('gives qwen2 q/k/v biases', () => {
    const qwen2 = { ...getModelPreset('qwen3-8b').config, model_type: 'qwen2' };
    const spec = loadModelConfigFile(writeConfig('qwen2', qwen2));
    const qwen3 = presetModelSpec('qwen3-8b');
    // qwen2 adds (32 + 2 x 8) x 128 biases per layer and drops qwen3's two 128-wide q/k norms.
    expect(spec.params.total - qwen3.params.total).toBe(36 * (48 * 128 - 256));
  });

  it("caps mistral's KV cache at its sliding window", () => {
    const mistral = { ...without(llama, 'attention_bias'), model_type: 'mistral', sliding_window: 4096 };
    const spec = loadModelConfigFile(writeConfig('mistral', mistral));
    expect(kvCacheBytes(spec, 'bf16', 32_768)).toBe(kvCacheBytes(spec, 'bf16', 4096));
  });

  it('keeps qwen3_moe mlp_only_layers dense', () => {
    const config = { ...getModelPreset('qwen3-30b-a3b').config, mlp_only_layers: [0, 47] };
    const spec = loadModelConfigFile(writeConfig('qwen3-moe-dense-ends', config));
    expect(spec.layerGroups.map((g) => [g.ffn.kind, g.layerCount])).toEqual([
      ['dense', 2],
      ['moe', 46],
    ]);
  });
});

describe('bad config files are UserErrors naming the file and field', () => {
  it('an unknown model_type', () => {
    const path = writeConfig('gpt2', { ...llama, model_type: 'gpt2' });
    const message = userErrorOf(() => loadModelConfigFile(path));
    expect(message).toContain(path);
    expect(message).toMatch(/model_type "gpt2" is not supported \(supported: llama, .*deepseek_v3\)/);
  });

  it('a missing model_type', () => {
    const path = writeConfig('no-type', without(llama, 'model_type'));
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: model_type is required`);
  });

  it('a missing llama field', () => {
    const path = writeConfig('no-layers', without(llama, 'num_hidden_layers'));
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: num_hidden_layers is required`);
  });

  it('a missing deepseek MLA field', () => {
    const path = writeConfig('no-kv-lora', without(deepseek, 'kv_lora_rank'));
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: kv_lora_rank is required`);
  });

  it('a missing MoE field', () => {
    const path = writeConfig(
      'no-experts',
      without(getModelPreset('mixtral-8x7b').config, 'num_local_experts'),
    );
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: num_local_experts is required`);
  });

  it('a field of the wrong type', () => {
    const path = writeConfig('bad-hidden', { ...llama, hidden_size: '4096' });
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(
      `${path}: hidden_size must be a positive integer`,
    );
  });

  it('KV heads that do not divide the query heads', () => {
    const path = writeConfig('bad-kv', { ...llama, num_key_value_heads: 6 });
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(
      `${path}: num_key_value_heads (6) must divide num_attention_heads (32)`,
    );
  });

  it('mlp_only_layers beyond the last layer', () => {
    const path = writeConfig('bad-mlp-only', {
      ...getModelPreset('qwen3-30b-a3b').config,
      mlp_only_layers: [48],
    });
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(
      `${path}: mlp_only_layers[0] must be below num_hidden_layers (48)`,
    );
  });

  it('a file that is missing or not JSON', () => {
    const missing = join(dir, 'nowhere', 'config.json');
    expect(userErrorOf(() => loadModelConfigFile(missing))).toBe(`model config ${missing} does not exist`);
    const broken = writeConfig('broken', '{ "model_type": ');
    expect(userErrorOf(() => loadModelConfigFile(broken))).toMatch(/broken.config\.json: not valid JSON/);
  });
});

describe('model dimensions are bounded before anything is allocated', () => {
  const mixtral = getModelPreset('mixtral-8x7b').config;
  const qwenMoe = getModelPreset('qwen3-30b-a3b').config;

  it.each([
    ['num_hidden_layers', 2e8, 'num_hidden_layers must be at most 10,000'],
    ['num_hidden_layers', 1e12, 'num_hidden_layers must be at most 10,000'],
    ['hidden_size', 2e6, 'hidden_size must be at most 1,000,000'],
    ['num_attention_heads', 1e5, 'num_attention_heads must be at most 10,000'],
    ['intermediate_size', 1e9, 'intermediate_size must be at most 1,000,000'],
    ['vocab_size', 1e8, 'vocab_size must be at most 10,000,000'],
    ['max_position_embeddings', 1e10, 'max_position_embeddings must be at most 1,000,000,000'],
    ['num_hidden_layers', -3.5, 'num_hidden_layers must be a positive integer'],
  ])('llama %s = %d', (field, value, message) => {
    const path = writeConfig(`huge-${field}-${value}`, { ...llama, [field]: value });
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: ${message}`);
  });

  it('a huge layer count fails fast, without allocating per layer', () => {
    const path = writeConfig('huge-deepseek', { ...deepseek, num_hidden_layers: 1e12 });
    const started = performance.now();
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(
      `${path}: num_hidden_layers must be at most 10,000`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    [
      'mixtral',
      { ...mixtral, num_experts_per_tok: 9 },
      'num_experts_per_tok (9) must not exceed num_local_experts (8)',
    ],
    [
      'qwen3-moe',
      { ...qwenMoe, num_experts_per_tok: 129 },
      'num_experts_per_tok (129) must not exceed num_experts (128)',
    ],
    [
      'deepseek',
      { ...deepseek, num_experts_per_tok: 257 },
      'num_experts_per_tok (257) must not exceed n_routed_experts (256)',
    ],
    ['deepseek-experts', { ...deepseek, n_routed_experts: 1e6 }, 'n_routed_experts must be at most 10,000'],
  ])('%s: more experts per token than experts', (name, config, message) => {
    const path = writeConfig(`topk-${name}`, config);
    expect(userErrorOf(() => loadModelConfigFile(path))).toBe(`${path}: ${message}`);
  });

  it('every preset is within the bounds', () => {
    for (const preset of MODEL_PRESETS) expect(() => presetModelSpec(preset.id)).not.toThrow();
  });

  it('a config over 4 MiB, a folder, or a model_type with control characters', () => {
    const big = writeConfig('big', { ...llama, pad: 'x'.repeat(5 * 2 ** 20) });
    expect(userErrorOf(() => loadModelConfigFile(big))).toMatch(
      /^model config .*big.config\.json is too large: 5 MiB \(\d+ bytes\), over the 4 MiB limit$/,
    );
    expect(userErrorOf(() => loadModelConfigFile(dir))).toBe(
      `model config ${dir} is not a regular file (a directory)`,
    );
    const odd = writeConfig('odd-type', { ...llama, model_type: 'gpt\u0000\u001b[2J' });
    expect(userErrorOf(() => loadModelConfigFile(odd))).toContain('model_type "gpt\\u0000\\u001b[2J"');
  });
});

describe('model and modelConfig', () => {
  it('resolves a preset id, case-insensitively, and caches it', () => {
    expect(resolveModelSpec({ model: 'Llama-3-70B' })).toBe(presetModelSpec('llama-3-70b'));
  });

  it('suggests presets for a typo', () => {
    expect(userErrorOf(() => resolveModelSpec({ model: 'llama-3-7b' }))).toMatch(
      /^model: unknown model "llama-3-7b" \(did you mean .*llama-3-8b/,
    );
    expect(() => resolveModelSpec({ model: 'llama-3-7b' })).toThrow(
      expect.objectContaining({ param: 'model', kind: 'usage' }),
    );
  });

  it.each(['constructor', '__proto__', 'toString'])('"%s" is an unknown preset', (name) => {
    expect(userErrorOf(() => resolveModelSpec({ model: name }))).toMatch(
      new RegExp(`^model: unknown model "${name}" \\(`),
    );
  });

  it('lists the presets when nothing is close', () => {
    expect(userErrorOf(() => resolveModelSpec({ model: 'zzzzzzzzzzzz' }))).toMatch(
      /known: llama-3-8b, .*deepseek-v3\)$/,
    );
  });

  it('needs exactly one of the two parameters', () => {
    expect(userErrorOf(() => resolveModelSpec({}))).toMatch(/^model or modelConfig is required/);
    expect(userErrorOf(() => resolveModelSpec({ model: 'qwen3-8b', modelConfig: 'x.json' }))).toBe(
      'model and modelConfig cannot be used together',
    );
  });
});
