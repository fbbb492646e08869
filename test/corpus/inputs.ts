/**
 * Valid input documents for the bad-input corpus, and the kinds of file a case can create. Each bad case
 * takes one of these documents and breaks it in exactly one way; `corpus.test.ts` runs every document as
 * given here as a control that must succeed, so a case that fails for a second, unintended reason shows up
 * as a broken control.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getModelPreset } from '../../src/workloads/llm/models/resolve.ts';
import { ROOT } from '../helpers/cli.ts';

/** A file a case creates in its temporary folder before the run. A plain string is the file's text. */
export type InputFile =
  | string
  | { readonly kind: 'json'; readonly value: unknown }
  /** Raw bytes (NUL bytes, invalid UTF-8). */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** A named pipe made with `mkfifo`: opening it for reading blocks until a writer comes. */
  | { readonly kind: 'fifo' }
  | { readonly kind: 'dir' }
  | { readonly kind: 'symlink'; readonly target: string }
  /** A sparse file of this many bytes (all zero): large on paper, free to create. */
  | { readonly kind: 'sparse'; readonly bytes: number };

/** A JSON file holding `value`. */
export const json = (value: unknown): InputFile => ({ kind: 'json', value });
/** A named pipe. */
export const FIFO: InputFile = { kind: 'fifo' };
/** An empty directory. */
export const DIR: InputFile = { kind: 'dir' };
/** A symlink to /dev/zero: a file that never ends. */
export const DEV_ZERO: InputFile = { kind: 'symlink', target: '/dev/zero' };
/** A sparse file of `bytes` zero bytes. */
export const sparse = (bytes: number): InputFile => ({ kind: 'sparse', bytes });
/** `text` with NUL bytes appended: valid JSON followed by binary garbage. */
export const withNuls = (text: string): InputFile => ({
  kind: 'bytes',
  bytes: Buffer.concat([Buffer.from(text), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])]),
});

/**
 * A JSON document that cases edit into wrong shapes on purpose (a number where a string goes, a field
 * removed): typing it would only be cast away again.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Doc = Record<string, any>;

/** A file of `count` NUL bytes: not JSON, and a parser's message that quotes it quotes raw NULs. */
export const nulBytes = (count: number): InputFile => ({ kind: 'bytes', bytes: new Uint8Array(count) });

/** `value` deep-copied and changed by `edit` (which may mutate the copy). */
export function edited<T>(value: T, edit: (copy: T) => void): T {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

// --- --gpu-file -------------------------------------------------------------------------------------------

/** A new GPU with every field a new GPU needs (from the README). */
export const NEW_GPU = {
  id: 'my-accel',
  name: 'My Accel',
  datacenter: true,
  dieAreaMm2: 500,
  peakDenseOpsPerSec: { bf16: 2.5e14 },
  memoryCapacityBytes: 6.4e10,
  memoryBandwidthBytesPerSec: 2e12,
  architecture: 'ada',
  scaleUpFabric: 'pcie',
} as const;

/** A valid GPU file: one override of a catalog GPU, one GPU extending another, one new GPU. */
export const GPU_FILE = {
  gpus: [
    { id: 'h100', memoryBandwidthBytesPerSec: 3.9e12 },
    { id: 'h20-oc', extends: 'h20', peakDenseOpsPerSec: { fp8: { value: 3.1e14, source: 'my lab' } } },
    NEW_GPU,
  ],
};

/** A GPU file holding only `entries`. */
export const gpuFile = (...entries: readonly unknown[]): InputFile => json({ gpus: entries });
/** {@link NEW_GPU} with `changes` applied (a field set to undefined is removed). */
export const newGpu = (changes: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ ...NEW_GPU, ...changes }));

// --- --model-config ---------------------------------------------------------------------------------------

/** The Hugging Face config.json of a built-in preset (llama, mixtral, deepseek_v3, qwen3_moe). */
export const modelConfig = (preset: string): Record<string, unknown> =>
  structuredClone(getModelPreset(preset).config) as Record<string, unknown>;

/** A preset's config.json with `changes` applied (a field set to undefined is removed). */
export const configWith = (preset: string, changes: Readonly<Record<string, unknown>>): InputFile =>
  json(JSON.parse(JSON.stringify({ ...modelConfig(preset), ...changes })));

/** The flags that make `estimate llm-decode` read a model config (add `--model-config <path>`). */
export const DECODE = ['estimate', 'llm-decode', '--gpu', 'h100', '--batch', '8', '--context', '4096'];

// --- suite files (`run suite.json`) ---------------------------------------------------------------------

/** A suite of one tiny case on the CPU backend, timed briefly: a run of it takes a few seconds. */
export const SUITE = {
  name: 'tiny',
  description: 'one small stream copy',
  kernels: [{ kernel: 'stream-copy', sizes: [{ n: 1001 }] }],
  backends: ['cpu'],
  timing: { warmupRuns: 0, minSamples: 1, minTimeMs: 0, maxTimeMs: 20 },
  kernelTimeoutMs: 10_000,
};

/** {@link SUITE} changed by `edit`. */
export const suiteWith = (edit: (suite: Doc) => void): InputFile => json(edited(SUITE as Doc, edit));

/** Flags that keep a `run` cheap (one thread, the CPU backend, two small cases) when it does start work. */
export const CHEAP_RUN = ['--backend', 'cpu', '--threads', '1', '--filter', 'stream-copy'];

// --- results files (`profile`, `compare --with-local`) ---------------------------------------------------

/** The committed results file of a quick run (three completed cases). */
export const RESULTS: Doc = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json'), 'utf8'),
);

/** {@link RESULTS} changed by `edit`. */
export const resultsWith = (edit: (results: Doc) => void): InputFile => json(edited(RESULTS, edit));

/** Every measurement of a results file whose samples are all zero, with statistics to match. */
export function zeroSamples(results: Doc): void {
  for (const m of results.measurements) {
    if (m.state !== 'completed') continue;
    m.samplesSec = m.samplesSec.map(() => 0);
    for (const key of Object.keys(m.statistics)) {
      if (key.endsWith('Sec') || key === 'rmePercent') m.statistics[key] = 0;
    }
  }
}

// --- --kernel-module --------------------------------------------------------------------------------------

/** A kernel module with no kernels: valid, and adds nothing. */
export const EMPTY_KERNEL_MODULE = 'export const kernels = [];\n';
