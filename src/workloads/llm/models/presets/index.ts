/**
 * Built-in model presets (the parameter `model`: an id), each the model's published `config.json` with its source.
 * @module
 */
import { deepseekV3 } from './deepseek-v3.ts';
import { llama2_70b } from './llama-2-70b.ts';
import { llama31_405b } from './llama-3.1-405b.ts';
import { llama3_8b } from './llama-3-8b.ts';
import { llama3_70b } from './llama-3-70b.ts';
import { mixtral8x7b } from './mixtral-8x7b.ts';
import type { ModelPreset } from './preset.ts';
import { qwen3_8b } from './qwen3-8b.ts';
import { qwen3_30bA3b } from './qwen3-30b-a3b.ts';

export type { ModelPreset, PublishedParams } from './preset.ts';

/** Every built-in preset, in display order. */
export const MODEL_PRESETS: readonly ModelPreset[] = [
  llama3_8b,
  llama3_70b,
  llama31_405b,
  llama2_70b,
  qwen3_8b,
  qwen3_30bA3b,
  mixtral8x7b,
  deepseekV3,
];

/** The ids the parameter `model` accepts. */
export const MODEL_PRESET_IDS: readonly string[] = MODEL_PRESETS.map((p) => p.id);
