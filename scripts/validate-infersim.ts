/**
 * The six cases of InferSim's README (github.com/alibaba/InferSim, commit 54de7f7, README "Simulation
 * Result"), modelled with tppbench beside the measured throughput and InferSim's own figure. Conditions are
 * those of InferSim's example scripts and of deepseek-ai/profile-data (DeepSeek-V3: prefill EP32 TP1, 4K
 * prompts, 16K tokens per GPU; decode EP128 TP1, 128 requests per GPU); decode contexts are
 * `input + output / 2` as InferSim's. Never fitted: a large error names what the model misses.
 */
import { estimateWorkload, formatSignificant, renderTable } from '../src/index.ts';

interface InferSimCase {
  readonly id: string;
  readonly gpu: string;
  readonly phase: 'prefill' | 'decode';
  readonly params: Readonly<Record<string, string | number>>;
  readonly actual: number;
  readonly infersim: number;
}

const dsv3 = { model: 'deepseek-v3', weightDtype: 'fp8', tp: 1 } as const;
/** Prefill: 4 prompts of 4096 tokens per GPU (16K tokens), one pass (output 1). */
const prefill = { batch: 4, inputLen: 4096, outputLen: 1 } as const;

/** The cases; actual and InferSim figures are tokens/s per GPU from its README. */
export const INFERSIM_CASES: readonly InferSimCase[] = [
  {
    id: 'dsv3-prefill-h800',
    gpu: 'h800-sxm',
    phase: 'prefill',
    params: { ...dsv3, dp: 32, ep: 32, ...prefill },
    actual: 7839,
    infersim: 9034,
  },
  {
    id: 'dsv3-decode-h800',
    gpu: 'h800-sxm',
    phase: 'decode',
    params: { ...dsv3, dp: 128, ep: 128, batch: 128, inputLen: 4096, outputLen: 1786 },
    actual: 2324,
    infersim: 2675,
  },
  {
    id: 'qwen3-30b-a3b-prefill-h20',
    gpu: 'h20',
    phase: 'prefill',
    params: { model: 'qwen3-30b-a3b', ...prefill },
    actual: 16594,
    infersim: 17350,
  },
  {
    id: 'qwen3-30b-a3b-decode-h20',
    gpu: 'h20',
    phase: 'decode',
    params: { model: 'qwen3-30b-a3b', dp: 4, ep: 4, batch: 100, inputLen: 4096, outputLen: 2049 },
    actual: 2749,
    infersim: 2632,
  },
  {
    id: 'qwen3-8b-fp8-prefill-h20',
    gpu: 'h20',
    phase: 'prefill',
    params: { model: 'qwen3-8b', weightDtype: 'fp8', ...prefill },
    actual: 15061,
    infersim: 16328,
  },
  {
    id: 'qwen3-8b-fp8-decode-h20',
    gpu: 'h20',
    phase: 'decode',
    params: { model: 'qwen3-8b', weightDtype: 'fp8', batch: 64, inputLen: 4096, outputLen: 2049 },
    actual: 2682,
    infersim: 2581,
  },
];

/** tppbench's tokens/s per GPU for a case: input tokens of the prefill pass, or batch / TPOT. */
export function infersimModelValue(c: InferSimCase): number {
  const e = estimateWorkload({ workload: 'llm-serving', gpu: c.gpu, params: c.params });
  const m = e.metrics;
  return c.phase === 'prefill'
    ? (m.inputTokensPerSecPerGpu as number)
    : (c.params.batch as number) / ((m.tpotMs as number) / 1e3);
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return s.length % 2 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** The section of docs/validation.md. */
export function infersimSection(): string {
  const rows = INFERSIM_CASES.map((c) => ({ c, model: infersimModelValue(c) }));
  const ours = rows.map((r) => Math.abs(r.model / r.c.actual - 1));
  const theirs = rows.map((r) => Math.abs(r.c.infersim / r.c.actual - 1));
  return [
    '',
    "## InferSim's six cases (tokens/s per GPU; never fitted)",
    '',
    '```',
    renderTable(
      [
        { header: 'case' },
        { header: 'actual', align: 'right' },
        { header: 'tppbench', align: 'right' },
        { header: 'error', align: 'right' },
        { header: 'InferSim', align: 'right' },
        { header: 'error', align: 'right' },
      ],
      rows.map(({ c, model }) => [
        c.id,
        formatSignificant(c.actual),
        formatSignificant(model),
        pct(model / c.actual - 1),
        formatSignificant(c.infersim),
        pct(c.infersim / c.actual - 1),
      ]),
    ),
    '```',
    '',
    `Median |error|: tppbench ${pct(median(ours))}, InferSim ${pct(median(theirs))}; worst tppbench ${pct(Math.max(...ours))}.`,
    'Conditions: DeepSeek-V3 from deepseek-ai/profile-data (prefill EP32, 16K tokens per GPU in 4K prompts; decode EP128, 128 requests per GPU, context 4096 + 893); Qwen3 from InferSim example/ (world size 1, or 4 with DP attention + EP for Qwen3-30B-A3B decode; 16,384 prefill tokens; decode batch 100 and 64 at context 5120). Two-batch overlap is off (the default): see the README for why.',
  ].join('\n');
}
