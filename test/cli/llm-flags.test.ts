/**
 * The LLM flag vocabulary through the real bin: every LLM command in README.md runs, the old training
 * `--tokens` and the flags a workload refuses fail with exit 2 and a message that names the flag to use, and
 * llm-prefill takes the layout flags and `--tokens`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const LLM_WORKLOADS = new Set(['llm-prefill', 'llm-decode', 'llm-serving', 'training']);

/** The `npx tppbench estimate|compare|sweep <LLM workload> ...` commands of README.md, up to a redirect. */
function readmeLlmCommands(): string[][] {
  const out: string[][] = [];
  for (const line of readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n')) {
    const match = /^npx tppbench (.*)$/.exec(line.trim());
    if (!match) continue;
    const words = (match[1] as string)
      .split(/\s*(?:>|\||#)/)[0]!
      .trim()
      .split(/\s+/);
    if (['estimate', 'compare', 'sweep'].includes(words[0]!) && LLM_WORKLOADS.has(words[1]!)) out.push(words);
  }
  return out;
}

describe('README LLM commands', () => {
  const commands = readmeLlmCommands();

  it('finds the LLM examples (prefill, decode, serving sweeps, training, DeepSeek EP layouts)', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    expect(commands.some((c) => c.includes('--tokens') && c[1] === 'llm-prefill')).toBe(true);
    expect(commands.some((c) => c.includes('--train-tokens'))).toBe(true);
  });

  it.each(commands.map((c) => [c.join(' '), c]))('%s runs (exit 0)', (_, words) => {
    // Sweeps write their --out file into a fresh folder.
    const r = runCli(words as string[], { cwd: tempDir(), timeoutMs: 120_000 });
    // Input warnings and a sweep's progress lines may come; nothing else.
    expect(r.stderr.replace(/^(tppbench: warning: |sweep: \d+\/\d+ estimates ).*\n/gm, '')).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('old and refused flags fail naming the flag to use (exit 2)', () => {
  const training = [
    'estimate',
    'training',
    '--gpu',
    'h100',
    '--model',
    'llama-3-8b',
    '--num-gpus',
    '8',
    '--dp',
    '8',
  ];

  it.each([
    [
      'training --tokens (now --train-tokens)',
      [...training, '--tokens', '15e12'],
      'tppbench: --tokens is prefill tokens per GPU (llm-prefill); the tokens training runs on are --train-tokens: give --train-tokens instead\n',
    ],
    [
      'training --weight-dtype fp8',
      [...training, '--weight-dtype', 'fp8', '--precision', 'fp8'],
      'tppbench: --weight-dtype fp8: training stores its weights in bf16 (an fp32 master copy in the optimizer state) and casts them for each GEMM, so --weight-dtype stays bf16; fp8 GEMMs are --precision fp8\n',
    ],
    [
      'training --kv-dtype',
      [...training, '--kv-dtype', 'fp8'],
      'tppbench: --kv-dtype: training keeps no KV cache (attention runs in bf16 over each sequence)\n',
    ],
    [
      'llm-decode --tokens',
      ['estimate', 'llm-decode', '--gpu', 'h100', '--model', 'llama-3-8b', '--tokens', '4096'],
      'tppbench: --tokens is prefill tokens per GPU (llm-prefill); a decode step makes one token per sequence: set --batch (sequences per TP group)\n',
    ],
    [
      'llm-prefill --batch with --tokens',
      [
        'estimate',
        'llm-prefill',
        '--gpu',
        'h100',
        '--model',
        'llama-3-8b',
        '--tokens',
        '8192',
        '--batch',
        '2',
      ],
      'tppbench: --batch and --tokens both set the prompts: give one\n',
    ],
    [
      'llm-decode --ep on a dense model',
      ['compare', 'llm-decode', '--gpus', 'h100,h20', '--model', 'llama-3-8b', '--ep', '2', '--dp', '2'],
      'tppbench: --ep 2: llama-3-8b is a dense model with no experts to split (use --ep 1)\n',
    ],
  ])('%s', (_, args, stderr) => {
    const r = runCli(args as string[]);
    expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(2);
  });
});

describe('llm-prefill with the layout flags and --tokens', () => {
  it('DeepSeek-V3 at EP 8, DP 8, 8192 tokens per GPU: 2 prompts of 4096, EP all-to-all rows, layout assumptions', () => {
    const r = runCli([
      'estimate',
      'llm-prefill',
      '--gpu',
      'h200',
      '--model',
      'deepseek-v3',
      '--weight-dtype',
      'fp8',
      '--kv-dtype',
      'fp16',
      '--ep',
      '8',
      '--dp',
      '8',
      '--tokens',
      '8192',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout).results[0];
    expect(e.params).toMatchObject({ batch: 2, tokens: 8192, ep: 8, dp: 8, kvDtype: 'fp16' });
    const ops: string[] = e.breakdown.map((row: { op: string }) => row.op);
    expect(ops.filter((op) => op.startsWith('ep '))).toHaveLength(2);
    expect(e.assumptions).toContain(
      'layout: 8 GPU(s) on 1 node(s) of 8 = TP 1 x PP 1 x DP 8, EP 8; groups within 8 GPUs use the scale-up link, larger ones the NIC',
    );
    expect(e.metrics.inputTokensPerSecPerGpu).toBeCloseTo(8192 / (e.metrics.timeMs / 1e3), 6);
  });
});
