/**
 * Input files and names through the real bin: every input file is checked (regular file, size cap) before
 * it is read, model and GPU figures are bounded, and user names never index Object.prototype.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, tempFile } from '../helpers/cli.ts';

const SAMPLE = new URL('../fixtures/results/quick-sample.json', import.meta.url);
const LLAMA = {
  model_type: 'llama',
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  vocab_size: 128256,
  max_position_embeddings: 8192,
};

/** A named pipe nobody writes to, or undefined where `mkfifo` is not available. */
function fifo(): string | undefined {
  const path = join(tempDir(), 'pipe.json');
  return spawnSync('mkfifo', [path]).status === 0 && existsSync(path) ? path : undefined;
}

/** Exit 2 with one line on stderr (plus commander's usage hint), matching `message`, and nothing on stdout. */
function expectUsageError(r: ReturnType<typeof runCli>, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  if (typeof message === 'string') expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toContain('internal error');
  // One line; commander's usage errors add a hint line.
  expect(lines.slice(1)).toEqual(lines.length > 1 ? ['(run with --help for usage)'] : []);
}

describe('input files are checked before they are read', () => {
  const pipe = process.platform === 'win32' ? undefined : fifo();

  it.runIf(pipe !== undefined).each([
    [['gpus', '--gpu-file'], 'GPU file'],
    [['estimate', 'llm-decode', '--gpu', 'h100', '--model-config'], 'model config'],
    // bench-results.ts reads without naming its kind yet: the generic name until it does.
    [['profile'], '(?:input|results) file'],
  ])('a FIFO as %j is refused at once', (args, what) => {
    const r = runCli([...args, pipe!], { timeoutMs: 20_000 });
    expectUsageError(r, new RegExp(`^tppbench: ${what} ${pipe} is not a regular file \\(a named pipe\\)$`));
  });

  it.runIf(process.platform !== 'win32')('--gpu-file /dev/zero is refused, not read', () => {
    const r = runCli(['gpus', '--gpu-file', '/dev/zero'], { timeoutMs: 20_000 });
    expectUsageError(r, 'tppbench: GPU file /dev/zero is not a regular file (a device)');
  });

  it('a 50 MB GPU file is refused by its size, in well under a minute', () => {
    const path = tempFile('huge-gpus.json', '');
    truncateSync(path, 50e6);
    const r = runCli(['gpus', '--gpu-file', path], { timeoutMs: 20_000 });
    expectUsageError(
      r,
      `tppbench: GPU file ${path} is too large: 47.7 MiB (50000000 bytes), over the 4 MiB limit`,
    );
  });

  it('a file of NUL bytes gives a printable one-line message', () => {
    const path = tempFile('nul.json', `\u0000\u0000\u0000{"gpus"\u0007${'\u0000'.repeat(10_000)}`);
    const r = runCli(['gpus', '--gpu-file', path]);
    expectUsageError(r, `tppbench: ${path}: not valid JSON (`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(r.stderr).toContain('\\u0000');
    expect(r.stderr.length).toBeLessThan(400);
  });
});

describe('figures are bounded where they are parsed', () => {
  it.each([2e8, 1e12])('--model-config with num_hidden_layers %d fails fast naming the field', (layers) => {
    const path = tempFile('config.json', { ...LLAMA, num_hidden_layers: layers });
    const r = runCli(['estimate', 'llm-decode', '--gpu', 'h100', '--model-config', path], {
      timeoutMs: 20_000,
    });
    expectUsageError(r, `tppbench: ${path}: num_hidden_layers must be at most 10,000`);
  });

  it('--model-config with more experts per token than experts', () => {
    const mixtral = { ...LLAMA, model_type: 'mixtral', num_local_experts: 8, num_experts_per_tok: 9 };
    const path = tempFile('config.json', mixtral);
    const r = runCli(['estimate', 'llm-decode', '--gpu', 'h100', '--model-config', path]);
    expectUsageError(r, `tppbench: ${path}: num_experts_per_tok (9) must not exceed num_local_experts (8)`);
  });

  it('a GPU file peak of 1e-300 is refused naming the field, not estimated as "time n/a"', () => {
    const path = tempFile('gpus.json', { gpus: [{ id: 'h100', peakDenseOpsPerSec: { bf16: 1e-300 } }] });
    const args = ['estimate', 'gemm', '--gpu', 'h100', '--m', '4096', '--n', '4096', '--k', '4096'];
    const r = runCli([...args, '--gpu-file', path, '--json']);
    expectUsageError(r, `tppbench: ${path}: gpus[0].peakDenseOpsPerSec.bf16 must be from 1e6 to 1e21 ops/s`);
  });

  it('duplicate GPUs in a GPU file name both entries', () => {
    const path = tempFile('gpus.json', {
      gpus: [
        { id: 'x', extends: 'h20' },
        { id: 'x', extends: 'h100' },
      ],
    });
    const r = runCli(['gpus', '--gpu-file', path]);
    expectUsageError(r, `tppbench: ${path}: gpus[0] and gpus[1] both have id "x"; give each GPU once`);
  });
});

describe('GPU lists', () => {
  it('--gpus with an id and its alias is one GPU named twice: refused naming both', () => {
    const r = runCli(['compare', 'gemm', '--gpus', 'h100,h100-sxm', '--m', '64', '--n', '64', '--k', '64']);
    expectUsageError(
      r,
      'tppbench: --gpus: "h100" and "h100-sxm" are the same GPU (h100-sxm); list each GPU once',
    );
  });
});

describe('a results file whose samples are all zero', () => {
  const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  for (const m of data.measurements) {
    if (m.state !== 'completed') continue;
    m.samplesSec = m.samplesSec.map(() => 0);
    for (const key of Object.keys(m.statistics)) {
      if (key.endsWith('Sec') || key === 'rmePercent') m.statistics[key] = 0;
    }
    m.flopsPerSec = 0;
    m.bytesPerSec = 0;
  }
  const path = tempFile('zero-samples.json', data);

  it('is refused as a results file, naming the file and the field: zero times are no measurement', () => {
    for (const args of [
      ['profile', path],
      ['profile', path, '--json'],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toMatch(/zero-samples\.json: measurements\[0\]\.samplesSec are all zero/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('names that are Object.prototype properties are unknown names', () => {
  it.each([
    [
      ['estimate', 'llm-decode', '--gpu', 'h100', '--model', 'constructor'],
      /^tppbench: --model: unknown model "constructor" \(known: llama-3-8b, /,
    ],
    [
      ['estimate', 'llm-decode', '--gpu', 'h100', '--model', '__proto__'],
      /^tppbench: --model: unknown model "__proto__" \(known: /,
    ],
    [['estimate', 'constructor', '--gpu', 'h100'], /^tppbench: unknown command 'constructor'/],
    [['classify', '--gpu', 'toString'], /^tppbench: --gpu: unknown GPU "toString"/],
    [['classify', '--gpu', '__proto__'], /^tppbench: --gpu: unknown GPU "__proto__"/],
    [
      ['estimate', 'gemm', '--gpu', 'constructor', '--m', '1', '--n', '1', '--k', '1'],
      /^tppbench: --gpu: unknown GPU "constructor"/,
    ],
    [
      ['compare', 'gemm', '--gpus', 'h100', '--rule', '__proto__', '--m', '1', '--n', '1', '--k', '1'],
      /__proto__.*oct-2023, oct-2022, jan-2026/,
    ],
    [
      ['compare', 'gemm', '--gpus', 'h100', '--rule', 'constructor', '--m', '1', '--n', '1', '--k', '1'],
      /constructor.*oct-2023, oct-2022, jan-2026/,
    ],
    [
      ['estimate', 'stream', '--gpu', 'h100', '--bytes', '1constructor'],
      /^tppbench: --bytes must be a positive size/,
    ],
  ])('%j exits 2 with the usual message', (args, message) => {
    expectUsageError(runCli(args), message);
  });
});
