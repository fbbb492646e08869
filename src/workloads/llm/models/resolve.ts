/**
 * Find a model by preset id (`model`) or config file (`modelConfig`). Specs are built once per preset
 * and cached: they are immutable.
 * @module
 */
import { msg, param, UserError } from '../../../errors.ts';
import { closest } from '../../../util/suggest.ts';
import type { BuildOptions } from './build.ts';
import { loadModelConfigFile, modelSpecFromHfConfig } from './hf-config.ts';
import { MODEL_PRESET_IDS, MODEL_PRESETS, type ModelPreset } from './presets/index.ts';
import type { ModelSpec } from './types.ts';

const cache = new Map<string, ModelSpec>();

/** The preset with this id; a UserError naming the parameter `model`, with suggestions, when there is none. */
export function getModelPreset(id: string): ModelPreset {
  const preset = MODEL_PRESETS.find((p) => p.id === id.toLowerCase());
  if (preset) return preset;
  const near = closest(id, MODEL_PRESET_IDS);
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : `known: ${MODEL_PRESET_IDS.join(', ')}`;
  throw new UserError(msg`${param('model')}: unknown model "${id}" (${hint})`, 'usage');
}

/** The {@link ModelSpec} of a built-in preset (built once, then cached). */
export function presetModelSpec(id: string, options: BuildOptions = {}): ModelSpec {
  const preset = getModelPreset(id);
  const key = `${preset.id}|${options.includeMtp ? 'mtp' : ''}`;
  let spec = cache.get(key);
  if (!spec) {
    spec = modelSpecFromHfConfig(preset.config, `preset ${preset.id}`, {
      ...options,
      id: preset.id,
      source: preset.configUrl,
    });
    cache.set(key, spec);
  }
  return spec;
}

/** How a command names its model: exactly one of the two. */
export interface ModelChoice extends BuildOptions {
  /** A preset id. */
  readonly model?: string | undefined;
  /** A path to a Hugging Face `config.json`. */
  readonly modelConfig?: string | undefined;
}

/** Resolve `model` / `modelConfig` to a spec; errors name the parameters. */
export function resolveModelSpec(choice: ModelChoice): ModelSpec {
  const { model, modelConfig, ...options } = choice;
  if (model !== undefined && modelConfig !== undefined) {
    throw new UserError(msg`${param('model')} and ${param('modelConfig')} cannot be used together`, 'usage');
  }
  if (modelConfig !== undefined) return loadModelConfigFile(modelConfig, options);
  if (model !== undefined) return presetModelSpec(model, options);
  throw new UserError(
    msg`${param('model')} or ${param('modelConfig')} is required (presets: ${MODEL_PRESET_IDS.join(', ')})`,
    'usage',
  );
}
