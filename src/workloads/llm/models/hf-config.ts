/**
 * Hugging Face `config.json` -> {@link ModelSpec}. This is the trust boundary for model descriptions: every
 * problem is a UserError naming the file and the field. It validates against the zod schemas of
 * `hf-schema.ts` and builds the spec through `hf-architecture.ts`.
 *
 * Loading this module installs {@link loadModelConfigFile} in `resolve.ts` ({@link installModelConfigReader}),
 * which then resolves the parameter `modelConfig`: `resolve.ts`, loaded by every LLM workload, does not import
 * this module, whose schemas are slow to load. `src/index.ts` imports it, so every user of the public API can
 * pass `modelConfig`; the CLI and the sweep worker import it only when a model config is named.
 * @module
 */
import { type Stats, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { memo } from '../../../util/memo.ts';
import { INPUT_LIMITS, printable } from '../../../util/read-input.ts';
import { parseWith, readJsonFile } from '../../../util/schema.ts';
import type { BuildOptions } from './build.ts';
import {
  type HfConfigOptions,
  modelFamilyOf,
  modelSpecFromValidConfig,
  type ValidHfConfig,
} from './hf-architecture.ts';
import {
  deepseekV3Schema,
  llamaSchema,
  mistralSchema,
  mixtralSchema,
  modelTypeSchema,
  qwen3MoeSchema,
  qwenSchema,
} from './hf-schema.ts';
import { installModelConfigReader } from './resolve.ts';
import type { ModelFamily, ModelSpec } from './types.ts';

/**
 * Validate a parsed `config.json` and build its {@link ModelSpec}. `label` names the source in errors
 * (a file path or `preset llama-3-8b`).
 */
export function modelSpecFromHfConfig(
  data: unknown,
  label: string,
  options: HfConfigOptions = {},
): ModelSpec {
  const { model_type: modelType } = parseWith(modelTypeSchema, data, label);
  return modelSpecFromValidConfig(validate(modelFamilyOf(modelType, label), data, label), label, options);
}

/** `data` checked against the schema of `family`: a UserError naming `label` and the field otherwise. */
function validate(family: ModelFamily, data: unknown, label: string): ValidHfConfig {
  switch (family) {
    case 'llama':
      return { family, config: parseWith(llamaSchema, data, label) };
    case 'mistral':
      return { family, config: parseWith(mistralSchema, data, label) };
    case 'mixtral':
      return { family, config: parseWith(mixtralSchema, data, label) };
    case 'qwen2':
    case 'qwen3':
      return { family, config: parseWith(qwenSchema, data, label) };
    case 'qwen3-moe':
      return { family, config: parseWith(qwen3MoeSchema, data, label) };
    case 'deepseek-v3':
      return { family, config: parseWith(deepseekV3Schema, data, label) };
  }
}

/** The id a config file gets: its folder's name for `.../<name>/config.json`, else the file's stem. */
export function modelIdFromPath(path: string): string {
  const file = basename(path);
  if (file === 'config.json') return basename(dirname(path)) || 'model';
  return file.replace(/\.json$/i, '');
}

/** Specs of config files read, by options, path and file state ({@link configFileKey}). */
const specByFile = memo<ModelSpec>(64);

/**
 * The cache key of a config file: the path as given (the spec's id and source come from it) and resolved,
 * with the file's identity, size and times, so that an edited or replaced file is read again.
 */
function configFileKey(path: string, stats: Stats, options: BuildOptions): string {
  const state = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  return `${options.includeMtp ? 'mtp' : ''}\0${resolve(path)}\0${path}\0${state}`;
}

/**
 * Read the model config at `path` (the parameter `modelConfig`), a regular file of at most
 * {@link INPUT_LIMITS}.modelConfig bytes (4 MiB; real configs are a few kB); errors name the file and field.
 * The spec is cached by path and modification time (one `stat` per call): estimating on one config many
 * times parses it once. A file that cannot be read or is not valid is never cached: each call reports its
 * error.
 */
export function loadModelConfigFile(path: string, options: BuildOptions = {}): ModelSpec {
  let stats: Stats | undefined;
  try {
    stats = statSync(path);
  } catch {
    // Not cached: readModelConfigFile reports why the file cannot be read.
  }
  if (stats === undefined || !stats.isFile()) return readModelConfigFile(path, options);
  return specByFile.get(configFileKey(path, stats, options), () => readModelConfigFile(path, options));
}

function readModelConfigFile(path: string, options: BuildOptions): ModelSpec {
  const data = readJsonFile(path, { what: 'model config', maxBytes: INPUT_LIMITS.modelConfig });
  return modelSpecFromHfConfig(data, printable(path), {
    ...options,
    id: modelIdFromPath(path),
    source: path,
  });
}

installModelConfigReader(loadModelConfigFile);
