/**
 * Find a model by preset id (`model`) or config file (`modelConfig`). Specs are built once per preset
 * and cached: they are immutable.
 *
 * A preset's config is the model's published `config.json`, which test/unit/models-hf-config.test.ts loads
 * through the schemas to the same spec, so it is built without validation (`hf-architecture.ts`). A config
 * file is read by `hf-config.ts`, whose zod schemas are slow to load: this module, which every LLM workload
 * loads, does not import it; loading `hf-config.ts` installs its reader here
 * ({@link installModelConfigReader}). `src/index.ts` imports it, so every user of the public API can pass
 * `modelConfig`; the CLI imports it only when `--model-config` is given. Without it,
 * `resolveModelSpec({ modelConfig })` throws an internal error that says so.
 * @module
 */
import { msg, param, UserError } from '../../../errors.ts';
import { closest } from '../../../util/suggest.ts';
import type { BuildOptions } from './build.ts';
import { modelFamilyOf, modelSpecFromValidConfig, type ValidHfConfig } from './hf-architecture.ts';
import { MODEL_PRESET_IDS, MODEL_PRESETS, type ModelPreset } from './presets/index.ts';
import type { ModelSpec } from './types.ts';

const cache = new Map<string, ModelSpec>();

/** Reads the model config file at `path` (the parameter `modelConfig`); errors name the file and field. */
export type ModelConfigReader = (path: string, options: BuildOptions) => ModelSpec;

let modelConfigReader: ModelConfigReader | undefined;

/** Install the reader of model config files: `hf-config.ts` does when it loads (see the module head). */
export function installModelConfigReader(reader: ModelConfigReader): void {
  modelConfigReader = reader;
}

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
    const label = `preset ${preset.id}`;
    const family = modelFamilyOf(String(preset.config.model_type), label);
    // A published config that the tests validate against its family's schema (see the module head).
    const valid = { family, config: preset.config } as unknown as ValidHfConfig;
    spec = modelSpecFromValidConfig(valid, label, { ...options, id: preset.id, source: preset.configUrl });
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
  if (modelConfig !== undefined) {
    if (modelConfigReader === undefined) {
      throw new Error(
        'resolveModelSpec: no model config reader is installed; import src/workloads/llm/models/hf-config.ts (src/index.ts does) before reading a model config',
      );
    }
    return modelConfigReader(modelConfig, options);
  }
  if (model !== undefined) return presetModelSpec(model, options);
  throw new UserError(
    msg`${param('model')} or ${param('modelConfig')} is required (presets: ${MODEL_PRESET_IDS.join(', ')})`,
    'usage',
  );
}
