/**
 * The bad-input corpus: one row per bad input, each bad in exactly one way (the documents it breaks are
 * in `inputs.ts`, and run as controls). Every case must exit with `exit` and print exactly one line on
 * stderr containing `stderr`; `corpus.test.ts` adds the checks every case shares (no stack trace, no
 * NaN/Infinity/undefined on stdout, no file left behind, no hang).
 *
 * Rows marked `issue` are the reports of the bad-input issue, with its command lines where they are cheap.
 * Paths are relative: each case runs in its own temporary folder, which holds its `files`.
 * @module
 */
import {
  CHEAP_RUN,
  configWith,
  DECODE,
  DEV_ZERO,
  DIR,
  FIFO,
  GPU_FILE,
  gpuFile,
  type InputFile,
  json,
  modelConfig,
  NEW_GPU,
  newGpu,
  nulBytes,
  RESULTS,
  resultsWith,
  SUITE,
  sparse,
  suiteWith,
  withNuls,
  zeroSamples,
} from './inputs.ts';

/** One bad input and what the CLI must answer. */
export interface CorpusCase {
  /** `<command or input kind>/<what is wrong>`, unique. */
  readonly id: string;
  /** Arguments after `tppbench`. */
  readonly argv: readonly string[];
  /** Files to create in the case's folder first, by relative path. */
  readonly files?: Readonly<Record<string, InputFile>>;
  /** Environment variables set over the test's own. */
  readonly env?: Readonly<Record<string, string>>;
  readonly exit: number;
  /** What the one line on stderr must contain: the flag, file or field at fault. */
  readonly stderr: string | RegExp;
  /** Taken from the issue. */
  readonly issue?: true;
}

const MiB = 2 ** 20;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A pattern for a line that names each of `parts`, in this order. */
const names = (...parts: string[]) => new RegExp(parts.map(escapeRegExp).join('.*'));
/** JSON text of `value` where the string `"@RAW@"` is replaced by `raw` (e.g. `1e400`, which JSON.parse reads as Infinity). */
const rawJson = (value: unknown, raw: string): InputFile => JSON.stringify(value).replace('"@RAW@"', raw);

const PROTO_NAMES = ['constructor', '__proto__', 'toString'] as const;

// --- gpus and --gpu-file ------------------------------------------------------------------------------------

const gpusCases: CorpusCase[] = [
  { id: 'gpus/unknown-flag', argv: ['gpus', '--bogus'], exit: 2, stderr: '--bogus' },
  { id: 'gpus/too-many-args', argv: ['gpus', 'h100'], exit: 2, stderr: /argument/ },
  { id: 'gpus/sort-unknown', argv: ['gpus', '--sort', 'speed'], exit: 2, stderr: '--sort' },
  { id: 'gpus/sort-empty', argv: ['gpus', '--sort', ''], exit: 2, stderr: '--sort' },
  ...PROTO_NAMES.map((name) => ({
    id: `gpus/sort-${name}`,
    argv: ['gpus', '--sort', name],
    exit: 2,
    stderr: '--sort',
  })),
];

/** `gpus --gpu-file gpus.json` with gpus.json = `file`. */
const gpuFileCase = (id: string, file: InputFile, stderr: string | RegExp, issue?: true): CorpusCase => ({
  id: `gpu-file/${id}`,
  argv: ['gpus', '--gpu-file', 'gpus.json'],
  files: { 'gpus.json': file },
  exit: 2,
  stderr,
  ...(issue ? { issue } : {}),
});

const gpuFileCases: CorpusCase[] = [
  { id: 'gpu-file/missing', argv: ['gpus', '--gpu-file', 'missing.json'], exit: 2, stderr: 'missing.json' },
  {
    id: 'gpu-file/empty-path',
    argv: ['gpus', '--gpu-file', ''],
    exit: 2,
    stderr: '--gpu-file',
  },
  gpuFileCase('directory', DIR, 'gpus.json'),
  gpuFileCase('fifo', FIFO, 'gpus.json', true),
  gpuFileCase('dev-zero', DEV_ZERO, 'gpus.json', true),
  gpuFileCase('large', sparse(64 * MiB), 'gpus.json'),
  gpuFileCase('empty', '', 'gpus.json'),
  gpuFileCase('invalid-json', '{"gpus": [', 'gpus.json'),
  gpuFileCase('nul-bytes', withNuls(JSON.stringify(GPU_FILE)), 'gpus.json'),
  gpuFileCase('only-nul-bytes', nulBytes(64), 'gpus.json', true),
  gpuFileCase('top-level-array', '[]', 'gpus.json'),
  gpuFileCase('gpus-missing', json({}), names('gpus.json', 'gpus')),
  gpuFileCase('gpus-not-array', json({ gpus: {} }), names('gpus.json', 'gpus')),
  gpuFileCase('top-level-extra-field', json({ ...GPU_FILE, version: 2 }), names('gpus.json', 'version')),
  gpuFileCase('entry-null', gpuFile(null), names('gpus.json', 'gpus[0]')),
  gpuFileCase('unknown-field', gpuFile({ id: 'h100', bandwith: 3e12 }), names('gpus.json', 'bandwith')),
  gpuFileCase(
    'bandwidth-negative',
    gpuFile({ id: 'h100', memoryBandwidthBytesPerSec: -1 }),
    names('gpus.json', 'gpus[0].memoryBandwidthBytesPerSec'),
  ),
  gpuFileCase(
    'bandwidth-string',
    gpuFile({ id: 'h100', memoryBandwidthBytesPerSec: '3.35e12' }),
    names('gpus.json', 'gpus[0].memoryBandwidthBytesPerSec'),
  ),
  gpuFileCase(
    'bandwidth-1e400',
    rawJson({ gpus: [{ id: 'h100', memoryBandwidthBytesPerSec: '@RAW@' }] }, '1e400'),
    names('gpus.json', 'gpus[0].memoryBandwidthBytesPerSec'),
  ),
  gpuFileCase(
    'capacity-zero',
    gpuFile({ id: 'h100', memoryCapacityBytes: 0 }),
    names('gpus.json', 'gpus[0].memoryCapacityBytes'),
  ),
  gpuFileCase(
    'sm-count-fraction',
    gpuFile({ id: 'h100', smCount: 132.5 }),
    names('gpus.json', 'gpus[0].smCount'),
  ),
  gpuFileCase(
    'datacenter-string',
    gpuFile({ id: 'h100', datacenter: 'yes' }),
    names('gpus.json', 'gpus[0].datacenter'),
  ),
  gpuFileCase(
    'launch-date-month-13',
    gpuFile({ id: 'h100', launchDate: '2023-13' }),
    names('gpus.json', 'gpus[0].launchDate'),
  ),
  gpuFileCase(
    'peak-unknown-precision',
    gpuFile({ id: 'h100', peakDenseOpsPerSec: { fp7: 1e15 } }),
    names('gpus.json', 'fp7'),
  ),
  gpuFileCase(
    'sourced-without-source',
    gpuFile({ id: 'h100', memoryBandwidthBytesPerSec: { value: 3.9e12 } }),
    names('gpus.json', 'gpus[0].memoryBandwidthBytesPerSec'),
  ),
  gpuFileCase('id-not-kebab', gpuFile({ ...NEW_GPU, id: 'My Accel' }), names('gpus.json', 'gpus[0].id')),
  gpuFileCase(
    'new-gpu-missing-field',
    gpuFile(newGpu({ memoryCapacityBytes: undefined })),
    names('gpus.json', 'gpus[0].memoryCapacityBytes'),
  ),
  gpuFileCase(
    'id-constructor',
    gpuFile({ id: 'constructor', memoryBandwidthBytesPerSec: 1e12 }),
    names('gpus.json', 'gpus[0]'),
  ),
  ...PROTO_NAMES.map((name) =>
    gpuFileCase(
      `extends-${name}`,
      gpuFile({ id: 'x1', extends: name }),
      names('gpus.json', 'gpus[0].extends'),
    ),
  ),
  gpuFileCase(
    'extends-unknown',
    gpuFile({ id: 'x1', extends: 'h1000' }),
    names('gpus.json', 'gpus[0].extends'),
  ),
  gpuFileCase('duplicate-ids', gpuFile(NEW_GPU, NEW_GPU), names('gpus.json', 'gpus[1]'), true),
  gpuFileCase(
    'duplicate-via-alias',
    gpuFile({ id: 'h100-sxm', tdpWatts: 700 }, { id: 'h100', tdpWatts: 650 }),
    names('gpus.json', 'gpus[1]'),
  ),
  gpuFileCase('alias-names-catalog-gpu', gpuFile(newGpu({ aliases: ['h20'] })), names('gpus.json', 'alias')),
  {
    id: 'gpu-file/peak-1e-300',
    argv: [
      ...['estimate', 'gemm', '--gpu', 'my-accel', '--m', '4096', '--n', '4096', '--k', '4096'],
      ...['--gpu-file', 'gpus.json'],
    ],
    files: { 'gpus.json': gpuFile(newGpu({ peakDenseOpsPerSec: { bf16: 1e-300 } })) },
    exit: 2,
    stderr: 'peakDenseOpsPerSec',
    issue: true,
  },
  {
    id: 'gpu-file/bandwidth-1e-300',
    argv: ['estimate', 'stream', '--gpu', 'my-accel', '--bytes', '1GB', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': gpuFile(newGpu({ memoryBandwidthBytesPerSec: 1e-300 })) },
    exit: 2,
    stderr: 'memoryBandwidthBytesPerSec',
  },
];

// --- classify --------------------------------------------------------------------------------------------

/** `classify --tpp <value>`. */
const tpp = (id: string, value: string): CorpusCase => ({
  id: `classify/tpp-${id}`,
  argv: ['classify', `--tpp=${value}`],
  exit: 2,
  stderr: '--tpp',
});

const classifyCases: CorpusCase[] = [
  { id: 'classify/nothing-to-classify', argv: ['classify'], exit: 2, stderr: '--gpu' },
  { id: 'classify/unknown-flag', argv: ['classify', '--gpu', 'h20', '--bogus'], exit: 2, stderr: '--bogus' },
  tpp('nan', 'NaN'),
  tpp('negative', '-1'),
  tpp('zero', '0'),
  tpp('1e400', '1e400'),
  tpp('hex', '0x10'),
  tpp('empty', ''),
  tpp('infinity', 'Infinity'),
  tpp('trailing-garbage', '4800abc'),
  {
    id: 'classify/die-area-without-tpp',
    argv: ['classify', '--die-area', '600'],
    exit: 2,
    stderr: '--die-area',
  },
  {
    id: 'classify/die-area-zero',
    argv: ['classify', '--tpp', '4800', '--die-area', '0'],
    exit: 2,
    stderr: '--die-area',
  },
  {
    id: 'classify/io-gbps-negative',
    argv: ['classify', '--tpp', '4800', '--io-gbps=-5'],
    exit: 2,
    stderr: '--io-gbps',
  },
  {
    id: 'classify/datacenter-and-consumer',
    argv: ['classify', '--tpp', '4800', '--datacenter', '--consumer'],
    exit: 2,
    stderr: /--datacenter|--consumer/,
  },
  {
    id: 'classify/min-pd-without-min-tpp',
    argv: ['classify', '--min-pd', '2.5'],
    exit: 2,
    stderr: '--min-pd',
  },
  {
    id: 'classify/min-tpp-nan',
    argv: ['classify', '--min-tpp', 'NaN'],
    exit: 2,
    stderr: '--min-tpp',
  },
  {
    id: 'classify/rule-unknown',
    argv: ['classify', '--gpu', 'h20', '--rule', 'oct-2099'],
    exit: 2,
    stderr: '--rule',
  },
  {
    id: 'classify/rule-constructor',
    argv: ['classify', '--gpu', 'h20', '--rule', 'constructor'],
    exit: 2,
    stderr: '--rule',
  },
  { id: 'classify/gpu-unknown', argv: ['classify', '--gpu', 'h10'], exit: 2, stderr: '--gpu' },
  ...PROTO_NAMES.map((name) => ({
    id: `classify/gpu-${name}`,
    argv: ['classify', '--gpu', name],
    exit: 2,
    stderr: '--gpu',
  })),
  { id: 'classify/gpu-empty-item', argv: ['classify', '--gpu', 'h100,,h20'], exit: 2, stderr: '--gpu' },
  { id: 'classify/gpu-trailing-comma', argv: ['classify', '--gpu', 'h100,'], exit: 2, stderr: '--gpu' },
  { id: 'classify/gpu-only-commas', argv: ['classify', '--gpu', ','], exit: 2, stderr: '--gpu' },
  {
    id: 'classify/gpu-file-fifo',
    argv: ['classify', '--gpu', 'h20', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': FIFO },
    exit: 2,
    stderr: 'gpus.json',
    issue: true,
  },
];

// --- estimate and --model-config -------------------------------------------------------------------------

const GEMM = ['estimate', 'gemm', '--gpu', 'h100', '--n', '4096', '--k', '4096'];
/** `estimate gemm --m <value>`. */
const m = (id: string, value: string): CorpusCase => ({
  id: `estimate/m-${id}`,
  argv: [...GEMM, `--m=${value}`],
  exit: 2,
  stderr: '--m',
});

const estimateCases: CorpusCase[] = [
  {
    id: 'estimate/unknown-workload',
    argv: ['estimate', 'nosuch', '--gpu', 'h100'],
    exit: 2,
    stderr: 'nosuch',
  },
  ...PROTO_NAMES.map((name) => ({
    id: `estimate/workload-${name}`,
    argv: ['estimate', name, '--gpu', 'h100'],
    exit: 2,
    stderr: name,
  })),
  { id: 'estimate/unknown-flag', argv: [...GEMM, '--m', '8', '--bogus'], exit: 2, stderr: '--bogus' },
  {
    id: 'estimate/flag-of-another-workload',
    argv: [...GEMM, '--m', '8', '--model', 'llama-3-8b'],
    exit: 2,
    stderr: '--model',
  },
  {
    id: 'estimate/gpu-missing',
    argv: ['estimate', 'gemm', '--m', '8', '--n', '8', '--k', '8'],
    exit: 2,
    stderr: '--gpu',
  },
  {
    id: 'estimate/gpu-unknown',
    argv: ['estimate', 'gemm', '--gpu', 'h1000', '--m', '8', '--n', '8', '--k', '8'],
    exit: 2,
    stderr: '--gpu',
  },
  {
    id: 'estimate/gpu-empty',
    argv: ['estimate', 'gemm', '--gpu', '', '--m', '8', '--n', '8', '--k', '8'],
    exit: 2,
    stderr: '--gpu',
  },
  ...PROTO_NAMES.map((name) => ({
    id: `estimate/gpu-${name}`,
    argv: ['estimate', 'gemm', '--gpu', name, '--m', '8', '--n', '8', '--k', '8'],
    exit: 2,
    stderr: '--gpu',
  })),
  { id: 'estimate/m-missing', argv: GEMM, exit: 2, stderr: '--m' },
  m('zero', '0'),
  m('negative', '-1'),
  m('fraction', '1.5'),
  m('nan', 'NaN'),
  m('1e400', '1e400'),
  m('hex', '0x10'),
  m('empty', ''),
  m('unsafe-integer', '1e300'),
  { id: 'estimate/dtype-unknown', argv: [...GEMM, '--m', '8', '--dtype', 'fp7'], exit: 2, stderr: '--dtype' },
  {
    id: 'estimate/dtype-constructor',
    argv: [...GEMM, '--m', '8', '--dtype', 'constructor'],
    exit: 2,
    stderr: '--dtype',
  },
  {
    id: 'estimate/bytes-unknown-unit',
    argv: ['estimate', 'stream', '--gpu', 'h100', '--bytes', '1XB'],
    exit: 2,
    stderr: '--bytes',
  },
  {
    id: 'estimate/bytes-negative',
    argv: ['estimate', 'stream', '--gpu', 'h100', '--bytes=-1GB'],
    exit: 2,
    stderr: '--bytes',
  },
  {
    id: 'estimate/bytes-zero',
    argv: ['estimate', 'stream', '--gpu', 'h100', '--bytes', '0'],
    exit: 2,
    stderr: '--bytes',
  },
  {
    id: 'estimate/stream-kernel-unknown',
    argv: ['estimate', 'stream', '--gpu', 'h100', '--bytes', '1GB', '--kernel', 'scale'],
    exit: 2,
    stderr: '--kernel',
  },
  {
    id: 'estimate/alias-and-flag-together',
    argv: [
      'estimate',
      'allreduce',
      '--gpu',
      'h100',
      '--bytes',
      '1GB',
      '--gpus-count',
      '8',
      '--num-gpus',
      '8',
    ],
    exit: 2,
    stderr: /--gpus-count|--num-gpus/,
  },
  {
    id: 'estimate/model-missing',
    argv: ['estimate', 'llm-decode', '--gpu', 'h100'],
    exit: 2,
    stderr: '--model',
  },
  {
    id: 'estimate/model-unknown',
    argv: [...DECODE, '--model', 'llama-9'],
    exit: 2,
    stderr: '--model',
  },
  ...PROTO_NAMES.map((name) => ({
    id: `estimate/model-${name}`,
    argv: [...DECODE, '--model', name],
    exit: 2,
    stderr: '--model',
  })),
  {
    id: 'estimate/model-and-model-config',
    argv: [...DECODE, '--model', 'llama-3-8b', '--model-config', 'config.json'],
    files: { 'config.json': json(modelConfig('llama-3-8b')) },
    exit: 2,
    stderr: /--model/,
  },
  {
    id: 'estimate/tp-zero',
    argv: [...DECODE, '--model', 'llama-3-8b', '--tp', '0'],
    exit: 2,
    stderr: '--tp',
  },
  {
    id: 'estimate/batch-nan',
    argv: ['estimate', 'llm-decode', '--gpu', 'h100', '--model', 'llama-3-8b', '--batch', 'NaN'],
    exit: 2,
    stderr: '--batch',
  },
  {
    id: 'estimate/context-1e400',
    argv: ['estimate', 'llm-decode', '--gpu', 'h100', '--model', 'llama-3-8b', '--context', '1e400'],
    exit: 2,
    stderr: '--context',
  },
  {
    id: 'estimate/weight-dtype-unknown',
    argv: [...DECODE, '--model', 'llama-3-8b', '--weight-dtype', 'int3'],
    exit: 2,
    stderr: '--weight-dtype',
  },
  {
    id: 'estimate/gpu-file-missing',
    argv: [...GEMM, '--m', '8', '--gpu-file', 'missing.json'],
    exit: 2,
    stderr: 'missing.json',
  },
];

/** `estimate llm-decode --model-config config.json` with config.json = `file`. */
const configCase = (id: string, file: InputFile, stderr: string | RegExp, issue?: true): CorpusCase => ({
  id: `model-config/${id}`,
  argv: [...DECODE, '--model-config', 'config.json'],
  files: { 'config.json': file },
  exit: 2,
  stderr,
  ...(issue ? { issue } : {}),
});
const field = (name: string) => names('config.json', name);

const modelConfigCases: CorpusCase[] = [
  {
    id: 'model-config/missing',
    argv: [...DECODE, '--model-config', 'nowhere/config.json'],
    exit: 2,
    stderr: 'nowhere/config.json',
  },
  configCase('directory', DIR, 'config.json'),
  configCase('fifo', FIFO, 'config.json', true),
  configCase('dev-zero', DEV_ZERO, 'config.json'),
  configCase('large', sparse(64 * MiB), 'config.json'),
  configCase('empty', '', 'config.json'),
  configCase('invalid-json', '{ "model_type": ', 'config.json'),
  configCase('nul-bytes', withNuls(JSON.stringify(modelConfig('llama-3-8b'))), 'config.json'),
  configCase('only-nul-bytes', nulBytes(64), 'config.json'),
  configCase('top-level-array', '[]', 'config.json'),
  configCase('model-type-missing', configWith('llama-3-8b', { model_type: undefined }), field('model_type')),
  configCase('model-type-unknown', configWith('llama-3-8b', { model_type: 'gpt2' }), field('model_type')),
  configCase('model-type-number', configWith('llama-3-8b', { model_type: 42 }), field('model_type')),
  ...PROTO_NAMES.map((name) =>
    configCase(`model-type-${name}`, configWith('llama-3-8b', { model_type: name }), field('model_type')),
  ),
  configCase(
    'layers-missing',
    configWith('llama-3-8b', { num_hidden_layers: undefined }),
    field('num_hidden_layers'),
  ),
  configCase(
    'layers-2e8',
    configWith('llama-3-8b', { num_hidden_layers: 2e8 }),
    field('num_hidden_layers'),
    true,
  ),
  configCase('layers-zero', configWith('llama-3-8b', { num_hidden_layers: 0 }), field('num_hidden_layers')),
  configCase('hidden-size-string', configWith('llama-3-8b', { hidden_size: '4096' }), field('hidden_size')),
  configCase('hidden-size-negative', configWith('llama-3-8b', { hidden_size: -4096 }), field('hidden_size')),
  configCase('hidden-size-fraction', configWith('llama-3-8b', { hidden_size: 4096.5 }), field('hidden_size')),
  configCase(
    'vocab-size-1e400',
    rawJson({ ...modelConfig('llama-3-8b'), vocab_size: '@RAW@' }, '1e400'),
    field('vocab_size'),
  ),
  configCase('head-dim-zero', configWith('llama-3-8b', { head_dim: 0 }), field('head_dim')),
  configCase(
    'kv-heads-do-not-divide',
    configWith('llama-3-8b', { num_key_value_heads: 6 }),
    field('num_key_value_heads'),
  ),
  configCase(
    'tie-embeddings-string',
    configWith('llama-3-8b', { tie_word_embeddings: 'yes' }),
    field('tie_word_embeddings'),
  ),
  configCase(
    'mixtral-top-k-over-experts',
    configWith('mixtral-8x7b', { num_experts_per_tok: 9 }),
    field('num_experts_per_tok'),
    true,
  ),
  configCase(
    'mixtral-top-k-zero',
    configWith('mixtral-8x7b', { num_experts_per_tok: 0 }),
    field('num_experts_per_tok'),
  ),
  configCase(
    'deepseek-top-k-over-experts',
    configWith('deepseek-v3', { num_experts_per_tok: 257 }),
    field('num_experts_per_tok'),
    true,
  ),
  configCase(
    'qwen3-moe-top-k-over-experts',
    configWith('qwen3-30b-a3b', { num_experts_per_tok: 129 }),
    field('num_experts_per_tok'),
  ),
  configCase(
    'qwen3-moe-mlp-only-layer-beyond-last',
    configWith('qwen3-30b-a3b', { mlp_only_layers: [48] }),
    field('mlp_only_layers'),
  ),
  {
    id: 'model-config/with-compare',
    argv: ['compare', 'llm-decode', '--gpus', 'h100,h20', '--model-config', 'mixtral/config.json'],
    files: { 'mixtral/config.json': configWith('mixtral-8x7b', { num_local_experts: 0 }) },
    exit: 2,
    stderr: names('mixtral/config.json', 'num_local_experts'),
  },
];

// --- compare and --with-local ----------------------------------------------------------------------------

const COMPARE_GEMM = ['compare', 'gemm', '--m', '4096', '--n', '4096', '--k', '4096'];

const compareCases: CorpusCase[] = [
  {
    id: 'compare/unknown-workload',
    argv: ['compare', 'nosuch', '--gpus', 'h100,h20'],
    exit: 2,
    stderr: 'nosuch',
  },
  { id: 'compare/gpus-missing', argv: COMPARE_GEMM, exit: 2, stderr: '--gpus' },
  {
    id: 'compare/gpus-empty-item',
    argv: ['compare', 'llm-decode', '--gpus', 'h100,,h20', '--model', 'llama-3-8b'],
    exit: 2,
    stderr: '--gpus',
    issue: true,
  },
  { id: 'compare/gpus-unknown', argv: [...COMPARE_GEMM, '--gpus', 'h100,h2000'], exit: 2, stderr: '--gpus' },
  ...PROTO_NAMES.map((name) => ({
    id: `compare/gpus-${name}`,
    argv: [...COMPARE_GEMM, '--gpus', `h100,${name}`],
    exit: 2,
    stderr: '--gpus',
  })),
  {
    id: 'compare/gpus-id-and-its-alias',
    argv: [...COMPARE_GEMM, '--gpus', 'h100-sxm,h100'],
    exit: 2,
    stderr: '--gpus',
  },
  {
    id: 'compare/unknown-flag',
    argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--bogus'],
    exit: 2,
    stderr: '--bogus',
  },
  {
    id: 'compare/rule-unknown',
    argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--rule', 'oct-2099'],
    exit: 2,
    stderr: '--rule',
  },
  {
    id: 'compare/rule-constructor',
    argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--rule', 'constructor'],
    exit: 2,
    stderr: '--rule',
  },
  {
    id: 'compare/gpus-count-zero',
    argv: ['compare', 'allreduce', '--gpus', 'h100,h20', '--bytes', '1GB', '--gpus-count', '0'],
    exit: 2,
    stderr: '--gpus-count',
  },
  {
    id: 'compare/gpu-file-invalid-json',
    argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': '{"gpus": [}' },
    exit: 2,
    stderr: 'gpus.json',
  },
];

/** `compare gemm --with-local r.json` with r.json = `file`. */
const withLocal = (id: string, file: InputFile, stderr: string | RegExp = 'r.json'): CorpusCase => ({
  id: `with-local/${id}`,
  argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--with-local', 'r.json'],
  files: { 'r.json': file },
  exit: 2,
  stderr,
});

const withLocalCases: CorpusCase[] = [
  {
    id: 'with-local/missing',
    argv: [...COMPARE_GEMM, '--gpus', 'h100,h20', '--with-local', 'missing.json'],
    exit: 2,
    stderr: 'missing.json',
  },
  withLocal('directory', DIR),
  withLocal('fifo', FIFO),
  withLocal('dev-zero', DEV_ZERO),
  withLocal('invalid-json', JSON.stringify(RESULTS).slice(0, 300)),
  withLocal('nul-bytes', withNuls(JSON.stringify(RESULTS))),
  withLocal(
    'schema-version-2',
    resultsWith((r) => {
      r.schemaVersion = 2;
    }),
    names('r.json', 'schemaVersion'),
  ),
  withLocal(
    'wrong-kind',
    resultsWith((r) => {
      r.kind = 'tppbench-gpus';
    }),
    names('r.json', 'kind'),
  ),
  withLocal('all-samples-zero', resultsWith(zeroSamples)),
  withLocal(
    'negative-sample',
    resultsWith((r) => {
      r.measurements[0].samplesSec[0] = -0.01;
    }),
    names('r.json', 'measurements[0].samplesSec'),
  ),
];

// --- sweep -----------------------------------------------------------------------------------------------

/** `sweep gemm` on `gpus`, inline (no worker threads), without --m. */
const sweepOn = (gpus: string) => [
  'sweep',
  'gemm',
  '--gpus',
  gpus,
  '--n',
  '4096',
  '--k',
  '4096',
  '--threads',
  '0',
];
const SWEEP = sweepOn('h100,h20');
const SWEEP_M = [...SWEEP, '--m', '1..1024'];
/** `sweep gemm --m <range>`. */
const range = (id: string, value: string): CorpusCase => ({
  id: `sweep/range-${id}`,
  argv: [...SWEEP, `--m=${value}`],
  exit: 2,
  stderr: '--m',
});

const sweepCases: CorpusCase[] = [
  {
    id: 'sweep/unknown-workload',
    argv: ['sweep', 'nosuch', '--gpus', 'h100,h20'],
    exit: 2,
    stderr: 'nosuch',
  },
  range('reversed', '1024..1'),
  range('zero-start', '0..1024'),
  range('zero-points', '1..1024:0'),
  range('fraction-points', '1..1024:2.5'),
  range('letters', 'a..b'),
  range('nan-end', '1..NaN'),
  range('1e400-end', '1..1e400'),
  range('empty-list-item', '1,,4'),
  range('empty', ''),
  range('zero-step', '1..4096+0'),
  range('negative-step', '1..4096+-512'),
  {
    id: 'sweep/gpus-empty-item',
    argv: [...sweepOn('h100,,h20'), '--m', '1..1024'],
    exit: 2,
    stderr: '--gpus',
  },
  { id: 'sweep/gpus-unknown', argv: [...sweepOn('h100,h2o'), '--m', '1..1024'], exit: 2, stderr: '--gpus' },
  {
    id: 'sweep/dtype-list-empty-item',
    argv: [...SWEEP, '--m', '8', '--dtype', 'bf16,,fp8'],
    exit: 2,
    stderr: '--dtype',
  },
  {
    id: 'sweep/dtype-list-unknown-item',
    argv: [...SWEEP, '--m', '8', '--dtype', 'bf16,fp7'],
    exit: 2,
    stderr: '--dtype',
  },
  { id: 'sweep/threads-negative', argv: [...SWEEP_M, '--threads=-1'], exit: 2, stderr: '--threads' },
  { id: 'sweep/threads-fraction', argv: [...SWEEP_M, '--threads', '1.5'], exit: 2, stderr: '--threads' },
  {
    id: 'sweep/max-crossovers-zero',
    argv: [...SWEEP_M, '--max-crossovers', '0'],
    exit: 2,
    stderr: '--max-crossovers',
  },
  { id: 'sweep/out-empty', argv: [...SWEEP_M, '--out', ''], exit: 2, stderr: '--out', issue: true },
  {
    id: 'sweep/out-under-proc',
    argv: [...SWEEP_M, '--out', '/proc/foo/s.csv'],
    exit: 2,
    stderr: '/proc/foo/s.csv',
    issue: true,
  },
  { id: 'sweep/out-missing-dir', argv: [...SWEEP_M, '--out', 'nodir/s.csv'], exit: 2, stderr: 'nodir/s.csv' },
  {
    id: 'sweep/out-under-a-file',
    argv: [...SWEEP_M, '--out', 'afile/s.csv'],
    files: { afile: 'not a folder\n' },
    exit: 2,
    stderr: 'afile/s.csv',
  },
  {
    id: 'sweep/out-is-directory',
    argv: [...SWEEP_M, '--out', 'outdir.csv'],
    files: { 'outdir.csv': DIR },
    exit: 2,
    stderr: 'outdir.csv',
  },
  {
    id: 'sweep/out-is-fifo',
    argv: [...SWEEP_M, '--out', 's.csv'],
    files: { 's.csv': FIFO },
    exit: 2,
    stderr: 's.csv',
  },
  { id: 'sweep/out-bad-extension', argv: [...SWEEP_M, '--out', 's.txt'], exit: 2, stderr: '--out' },
  {
    id: 'sweep/gpu-file-directory',
    argv: [...SWEEP_M, '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': DIR },
    exit: 2,
    stderr: 'gpus.json',
  },
];

// --- inversions ------------------------------------------------------------------------------------------

const inversionsCases: CorpusCase[] = [
  { id: 'inversions/unknown-flag', argv: ['inversions', '--bogus'], exit: 2, stderr: '--bogus' },
  { id: 'inversions/too-many-args', argv: ['inversions', 'h20'], exit: 2, stderr: /argument/ },
  {
    id: 'inversions/gpus-empty-item',
    argv: ['inversions', '--gpus', 'h100-sxm,,h20'],
    exit: 2,
    stderr: '--gpus',
  },
  {
    id: 'inversions/gpus-unknown',
    argv: ['inversions', '--gpus', 'h100-sxm,h21'],
    exit: 2,
    stderr: '--gpus',
  },
  {
    id: 'inversions/gpus-constructor',
    argv: ['inversions', '--gpus', 'h100-sxm,constructor'],
    exit: 2,
    stderr: '--gpus',
  },
  {
    id: 'inversions/scenario-unknown',
    argv: ['inversions', '--scenario', 'decode-huge'],
    exit: 2,
    stderr: '--scenario',
  },
  ...PROTO_NAMES.map((name) => ({
    id: `inversions/scenario-${name}`,
    argv: ['inversions', '--scenario', name],
    exit: 2,
    stderr: '--scenario',
  })),
  {
    id: 'inversions/scenario-empty-item',
    argv: ['inversions', '--scenario', 'prefill-70b,,hpc-fp64'],
    exit: 2,
    stderr: '--scenario',
  },
  {
    id: 'inversions/gpu-file-nul-bytes',
    argv: ['inversions', '--gpu-file', 'gpus.json'],
    files: { 'gpus.json': withNuls('{"gpus": []}') },
    exit: 2,
    stderr: 'gpus.json',
  },
];

// --- run, suite files and --kernel-module ----------------------------------------------------------------

const QUICK = ['run', 'quick', ...CHEAP_RUN];

const runCases: CorpusCase[] = [
  { id: 'run/suite-unknown', argv: ['run', 'nosuch'], exit: 2, stderr: 'nosuch' },
  ...PROTO_NAMES.map(
    (name): CorpusCase => ({
      id: `run/suite-${name}`,
      argv: ['run', name],
      exit: 2,
      stderr: name,
      ...(name === 'constructor' ? { issue: true as const } : {}),
    }),
  ),
  { id: 'run/too-many-args', argv: ['run', 'quick', 'standard'], exit: 2, stderr: /argument/ },
  { id: 'run/unknown-flag', argv: [...QUICK, '--bogus'], exit: 2, stderr: '--bogus' },
  { id: 'run/backend-unknown', argv: ['run', 'quick', '--backend', 'opengl'], exit: 2, stderr: '--backend' },
  {
    id: 'run/backend-constructor',
    argv: ['run', 'quick', '--backend', 'constructor'],
    exit: 2,
    stderr: '--backend',
  },
  {
    id: 'run/headlessgl-without-display',
    argv: ['run', 'quick', '--backend', 'headlessgl', '--threads', '1', '--filter', 'stream-copy'],
    env: { DISPLAY: '' },
    exit: 2,
    stderr: '--backend',
  },
  { id: 'run/threads-zero', argv: ['run', 'quick', '--threads', '0'], exit: 2, stderr: '--threads' },
  { id: 'run/threads-negative', argv: ['run', 'quick', '--threads=-2'], exit: 2, stderr: '--threads' },
  { id: 'run/threads-nan', argv: ['run', 'quick', '--threads', 'NaN'], exit: 2, stderr: '--threads' },
  { id: 'run/threads-empty', argv: ['run', 'quick', '--threads', ''], exit: 2, stderr: '--threads' },
  {
    id: 'run/kernel-timeout-zero',
    argv: ['run', 'quick', '--kernel-timeout', '0'],
    exit: 2,
    stderr: '--kernel-timeout',
  },
  { id: 'run/timing-unknown', argv: ['run', 'quick', '--timing', 'sometimes'], exit: 2, stderr: '--timing' },
  { id: 'run/filter-no-match', argv: ['run', 'quick', '--filter', 'zzz'], exit: 2, stderr: '--filter' },
  {
    id: 'run/filter-empty-item',
    argv: ['run', 'quick', '--backend', 'cpu', '--threads', '1', '--filter', 'stream-copy,,softmax'],
    exit: 2,
    stderr: '--filter',
  },
  {
    id: 'run/filter-empty',
    argv: ['run', 'quick', '--backend', 'cpu', '--threads', '1', '--filter', ''],
    exit: 2,
    stderr: '--filter',
  },
  { id: 'run/local-gpu-unknown', argv: [...QUICK, '--local-gpu', 'h999'], exit: 2, stderr: '--local-gpu' },
  {
    id: 'run/local-gpu-constructor',
    argv: [...QUICK, '--local-gpu', 'constructor'],
    exit: 2,
    stderr: '--local-gpu',
  },
  { id: 'run/browser-empty', argv: [...QUICK, '--browser', ''], exit: 2, stderr: '--browser' },
  {
    id: 'run/out-under-proc',
    argv: ['run', 'quick', '--out', '/proc/foo/r.json'],
    exit: 2,
    stderr: '/proc/foo/r.json',
    issue: true,
  },
  {
    id: 'run/json-out-under-proc',
    argv: [...QUICK, '--json', '--out', '/proc/foo/r.json'],
    exit: 2,
    stderr: '/proc/foo/r.json',
  },
  { id: 'run/out-empty', argv: [...QUICK, '--out', ''], exit: 2, stderr: '--out', issue: true },
  { id: 'run/out-missing-dir', argv: [...QUICK, '--out', 'nodir/r.json'], exit: 2, stderr: 'nodir/r.json' },
  {
    id: 'run/out-under-a-file',
    argv: [...QUICK, '--out', 'afile/r.json'],
    files: { afile: 'not a folder\n' },
    exit: 2,
    stderr: 'afile/r.json',
  },
  {
    id: 'run/out-is-directory',
    argv: [...QUICK, '--out', 'r.json'],
    files: { 'r.json': DIR },
    exit: 2,
    stderr: 'r.json',
  },
  {
    id: 'run/out-is-fifo',
    argv: [...QUICK, '--out', 'r.json'],
    files: { 'r.json': FIFO },
    exit: 2,
    stderr: 'r.json',
  },
];

/** `run suite.json` with suite.json = `file`. */
const suiteCase = (
  id: string,
  file: InputFile,
  stderr: string | RegExp = 'suite.json',
  issue?: true,
): CorpusCase => ({
  id: `suite-file/${id}`,
  argv: ['run', 'suite.json'],
  files: { 'suite.json': file },
  exit: 2,
  stderr,
  ...(issue ? { issue } : {}),
});
const suiteField = (name: string) => names('suite.json', name);

const suiteFileCases: CorpusCase[] = [
  { id: 'suite-file/missing', argv: ['run', 'missing.json'], exit: 2, stderr: 'missing.json' },
  suiteCase('directory', DIR),
  suiteCase('fifo', FIFO, 'suite.json', true),
  suiteCase('dev-zero', DEV_ZERO),
  suiteCase('empty', ''),
  suiteCase('invalid-json', JSON.stringify(SUITE).slice(0, 40)),
  suiteCase('nul-bytes', withNuls(JSON.stringify(SUITE))),
  suiteCase('only-nul-bytes', nulBytes(64)),
  suiteCase('top-level-array', '[]'),
  suiteCase('extra-field', json({ ...SUITE, kernel_timeout: 5 }), suiteField('kernel_timeout')),
  suiteCase(
    'name-not-kebab',
    suiteWith((s) => {
      s.name = 'Tiny Suite';
    }),
    suiteField('name'),
  ),
  suiteCase(
    'kernels-missing',
    suiteWith((s) => {
      delete s.kernels;
    }),
    suiteField('kernels'),
  ),
  suiteCase(
    'kernels-empty',
    suiteWith((s) => {
      s.kernels = [];
    }),
    suiteField('kernels'),
  ),
  suiteCase(
    'kernel-unknown',
    suiteWith((s) => {
      s.kernels[0].kernel = 'stream-copyy';
    }),
    suiteField('kernels[0].kernel'),
  ),
  ...PROTO_NAMES.map((name) =>
    suiteCase(
      `kernel-${name}`,
      suiteWith((s) => {
        s.kernels[0].kernel = name;
      }),
      suiteField('kernels[0].kernel'),
    ),
  ),
  suiteCase(
    'size-missing-dim',
    suiteWith((s) => {
      s.kernels[0].sizes = [{}];
    }),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'size-extra-dim',
    suiteWith((s) => {
      s.kernels[0].sizes = [{ n: 1001, m: 3 }];
    }),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'size-negative',
    suiteWith((s) => {
      s.kernels[0].sizes = [{ n: -1 }];
    }),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'size-fraction',
    suiteWith((s) => {
      s.kernels[0].sizes = [{ n: 10.5 }];
    }),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'size-1e400',
    rawJson({ ...SUITE, kernels: [{ kernel: 'stream-copy', sizes: [{ n: '@RAW@' }] }] }, '1e400'),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'size-proto-key',
    JSON.stringify(SUITE).replace('{"n":1001}', '{"n":1001,"__proto__":5}'),
    suiteField('kernels[0].sizes[0]'),
  ),
  suiteCase(
    'tolerance-zero',
    suiteWith((s) => {
      s.kernels[0].toleranceRel = 0;
    }),
    suiteField('kernels[0].toleranceRel'),
  ),
  suiteCase(
    'tolerance-over-one',
    suiteWith((s) => {
      s.kernels[0].toleranceRel = 2;
    }),
    suiteField('kernels[0].toleranceRel'),
  ),
  suiteCase(
    'backend-unknown',
    suiteWith((s) => {
      s.backends = ['opengl'];
    }),
    suiteField('backends[0]'),
  ),
  suiteCase(
    'min-samples-negative',
    suiteWith((s) => {
      s.timing.minSamples = -1;
    }),
    suiteField('timing.minSamples'),
  ),
  suiteCase(
    'max-time-below-min-time',
    suiteWith((s) => {
      s.timing.minTimeMs = 100;
      s.timing.maxTimeMs = 10;
    }),
    suiteField('timing'),
  ),
  suiteCase(
    'kernel-timeout-zero',
    suiteWith((s) => {
      s.kernelTimeoutMs = 0;
    }),
    suiteField('kernelTimeoutMs'),
  ),
];

/** A kernel definition complete in shape, for modules that must fail for one other reason. */
const kernelDef = (name: string) =>
  `{ name: ${JSON.stringify(name)}, summary: 'corpus', dims: ['n'], inputs: () => [new Float32Array(4)], ` +
  `reference: () => new Float64Array(4), cost: () => ({ flops: 4, bytes: 32 }), toleranceRel: () => 1e-6, ` +
  `build: () => { throw new Error('not run'); } }`;

/** `run quick --kernel-module <file>` (cheap flags) with the module `file` = `content`. */
const moduleCase = (
  id: string,
  file: string,
  content: InputFile | undefined,
  stderr: string | RegExp = file,
): CorpusCase => ({
  id: `kernel-module/${id}`,
  argv: [...QUICK, '--kernel-module', file],
  ...(content === undefined ? {} : { files: { [file]: content } }),
  exit: 2,
  stderr,
});

const kernelModuleCases: CorpusCase[] = [
  {
    id: 'kernel-module/missing',
    argv: ['run', 'quick', '--kernel-module', 'missing.mjs'],
    exit: 2,
    stderr: 'missing.mjs',
    issue: true,
  },
  {
    id: 'kernel-module/syntax-error',
    argv: ['run', 'quick', '--kernel-module', 'broken.mjs'],
    files: { 'broken.mjs': 'export const kernels = [;\n' },
    exit: 2,
    stderr: 'broken.mjs',
    issue: true,
  },
  moduleCase('empty-path', '', undefined, '--kernel-module'),
  moduleCase('directory', 'mod.mjs', DIR),
  moduleCase('fifo', 'mod.mjs', FIFO),
  moduleCase('not-javascript', 'mod.json', json({ kernels: [] })),
  moduleCase('no-kernels-export', 'mod.mjs', 'export const other = [];\n'),
  moduleCase('kernels-not-array', 'mod.mjs', 'export const kernels = {};\n'),
  moduleCase('throws-on-import', 'mod.mjs', "throw new Error('module failed on purpose');\n"),
  moduleCase('duplicate-kernel-name', 'mod.mjs', `export const kernels = [${kernelDef('stream-copy')}];\n`),
  moduleCase('kernel-name-not-kebab', 'mod.mjs', `export const kernels = [${kernelDef('My_Kernel')}];\n`),
  moduleCase(
    'same-kernel-twice',
    'mod.mjs',
    `export const kernels = [${kernelDef('corpus-k')}, ${kernelDef('corpus-k')}];\n`,
  ),
];

// --- profile ---------------------------------------------------------------------------------------------

/** `profile r.json` with r.json = `file`. */
const profileCase = (
  id: string,
  file: InputFile,
  stderr: string | RegExp = 'r.json',
  issue?: true,
): CorpusCase => ({
  id: `profile/${id}`,
  argv: ['profile', 'r.json'],
  files: { 'r.json': file },
  exit: 2,
  stderr,
  ...(issue ? { issue } : {}),
});
const resultsField = (name: string) => names('r.json', name);

const profileCases: CorpusCase[] = [
  { id: 'profile/no-argument', argv: ['profile'], exit: 2, stderr: /results|argument/ },
  {
    id: 'profile/too-many-args',
    argv: ['profile', 'r.json', 'other.json'],
    files: { 'r.json': json(RESULTS) },
    exit: 2,
    stderr: /argument/,
  },
  {
    id: 'profile/unknown-flag',
    argv: ['profile', 'r.json', '--bogus'],
    files: { 'r.json': json(RESULTS) },
    exit: 2,
    stderr: '--bogus',
  },
  { id: 'profile/missing', argv: ['profile', 'missing.json'], exit: 2, stderr: 'missing.json' },
  { id: 'profile/empty-path', argv: ['profile', ''], exit: 2, stderr: /profile|results|path/ },
  profileCase('directory', DIR),
  profileCase('fifo', FIFO, 'r.json', true),
  profileCase('dev-zero', DEV_ZERO),
  profileCase('large', sparse(300 * MiB)),
  profileCase('empty', ''),
  profileCase('truncated', JSON.stringify(RESULTS, null, 2).slice(0, 200)),
  profileCase('nul-bytes', withNuls(JSON.stringify(RESULTS))),
  profileCase('only-nul-bytes', nulBytes(64)),
  profileCase('top-level-array', '[]'),
  profileCase(
    'schema-version-2',
    resultsWith((r) => {
      r.schemaVersion = 2;
    }),
    resultsField('schemaVersion'),
  ),
  profileCase(
    'schema-version-string',
    resultsWith((r) => {
      r.schemaVersion = '1';
    }),
    resultsField('schemaVersion'),
  ),
  profileCase(
    'schema-version-missing',
    resultsWith((r) => {
      delete r.schemaVersion;
    }),
    resultsField('schemaVersion'),
  ),
  profileCase(
    'wrong-kind',
    resultsWith((r) => {
      r.kind = 'tppbench-estimates';
    }),
    resultsField('kind'),
  ),
  profileCase(
    'measurements-missing',
    resultsWith((r) => {
      delete r.measurements;
    }),
    resultsField('measurements'),
  ),
  profileCase(
    'measurements-not-array',
    resultsWith((r) => {
      r.measurements = {};
    }),
    resultsField('measurements'),
  ),
  profileCase('all-samples-zero', resultsWith(zeroSamples), 'r.json', true),
  profileCase(
    'negative-sample',
    resultsWith((r) => {
      r.measurements[1].samplesSec[3] = -0.5;
    }),
    resultsField('measurements[1].samplesSec'),
  ),
  profileCase(
    'samples-empty',
    resultsWith((r) => {
      r.measurements[0].samplesSec = [];
    }),
    resultsField('measurements[0].samplesSec'),
  ),
  profileCase(
    'median-1e400',
    JSON.stringify(RESULTS).replace(/"medianSec":[0-9.e-]+/, '"medianSec":1e400'),
    resultsField('medianSec'),
  ),
  profileCase(
    'state-unknown',
    resultsWith((r) => {
      r.measurements[0].state = 'done';
    }),
    resultsField('measurements[0]'),
  ),
  profileCase(
    'backend-unknown',
    resultsWith((r) => {
      r.measurements[0].ranOn = 'opengl';
    }),
    resultsField('measurements[0].ranOn'),
  ),
  profileCase(
    'created-at-not-a-date',
    resultsWith((r) => {
      r.createdAt = 'yesterday';
    }),
    resultsField('createdAt'),
  ),
  profileCase(
    'cores-zero',
    resultsWith((r) => {
      r.environment.cores = 0;
    }),
    resultsField('environment.cores'),
  ),
  ...['h999', ...PROTO_NAMES].map((id) =>
    profileCase(
      `local-gpu-catalog-id-${id}`,
      resultsWith((r) => {
        r.environment.gpu = { name: 'NVIDIA Something', catalogId: id, source: 'flag' };
      }),
      resultsField('catalogId'),
    ),
  ),
];

// --- start, and the program itself ----------------------------------------------------------------------

const startCases: CorpusCase[] = [
  { id: 'start/unknown-flag', argv: ['start', '--bogus'], exit: 2, stderr: '--bogus' },
  { id: 'start/too-many-args', argv: ['start', 'now'], exit: 2, stderr: /argument/ },
  { id: 'start/threads-zero', argv: ['start', '--threads', '0'], exit: 2, stderr: '--threads' },
  { id: 'start/threads-nan', argv: ['start', '--threads', 'NaN'], exit: 2, stderr: '--threads' },
  { id: 'start/out-empty', argv: ['start', '--out', ''], exit: 2, stderr: '--out' },
  {
    id: 'start/out-under-proc',
    argv: ['start', '--out', '/proc/foo/r.json'],
    exit: 2,
    stderr: '/proc/foo/r.json',
  },
  { id: 'start/out-missing-dir', argv: ['start', '--out', 'nodir/r.json'], exit: 2, stderr: 'nodir/r.json' },
  {
    id: 'start/out-with-no-local',
    argv: ['start', '--no-local', '--out', 'r.json'],
    exit: 2,
    stderr: '--out',
  },
];

const programCases: CorpusCase[] = [
  { id: 'cli/unknown-command', argv: ['nonsense'], exit: 2, stderr: 'nonsense' },
  ...PROTO_NAMES.map((name) => ({ id: `cli/command-${name}`, argv: [name], exit: 2, stderr: name })),
  { id: 'cli/unknown-global-flag', argv: ['--bogus', 'gpus'], exit: 2, stderr: '--bogus' },
];

/** Every case, in a stable order. */
export const CASES: readonly CorpusCase[] = [
  ...programCases,
  ...gpusCases,
  ...gpuFileCases,
  ...classifyCases,
  ...estimateCases,
  ...modelConfigCases,
  ...compareCases,
  ...withLocalCases,
  ...sweepCases,
  ...inversionsCases,
  ...runCases,
  ...suiteFileCases,
  ...kernelModuleCases,
  ...profileCases,
  ...startCases,
];
