/**
 * The shape of a built-in model preset: the model's published Hugging Face `config.json`, verbatim, with
 * where it came from and the parameter counts its publisher states (for the 1% check in the tests).
 * @module
 */

/** Parameter counts as the publisher states them. */
export interface PublishedParams {
  readonly totalParams: number;
  /** Parameters per token for MoE models; `null` for dense ones. */
  readonly activeParams: number | null;
  /**
   * What the published active count includes: most publishers count the input embedding table
   * (`with-embedding`); DeepSeek counts only the output head (`without-input-embedding`).
   */
  readonly activeConvention: 'with-embedding' | 'without-input-embedding';
  /** Where the counts are stated, with the wording. */
  readonly source: string;
  /** `false` when the figure was recalled rather than read from the source while writing this file. */
  readonly verified: boolean;
}

/** One built-in model (the parameter `model`: its id). */
export interface ModelPreset {
  readonly id: string;
  readonly name: string;
  /** Hugging Face repository the config comes from. */
  readonly hfRepo: string;
  readonly configUrl: string;
  readonly published: PublishedParams;
  /** The repository's `config.json`, as published. */
  readonly config: Readonly<Record<string, unknown>>;
}
