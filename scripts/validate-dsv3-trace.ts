/**
 * One MoE layer of DeepSeek-V3 pre-training, kernel by kernel: DeepSeek's own profile against the training
 * model. The profile (deepseek-ai/profile-data `train.json`, README "Training") overlaps a forward and a
 * backward chunk of 4 MoE layers each in DualPipe, EP64 TP1, 4096-token sequences, balanced routing, on H800
 * (PP communication left out). Its kernels were summed by category on rank 0 (the only rank in the file),
 * both compute streams, and divided by the 4 layers: figures in ms per layer, forward + backward of 4096
 * tokens. Durations of DeepEP kernels include their waits for other ranks. Never fitted: the table says where
 * the step's time goes that the model misses.
 *
 * The model side is `training` on h800-sxm in DeepSeek-V3's pre-training layout with `--recompute selective`
 * (DeepSeek recomputes only norms and MLA up-projections), per MoE layer and micro-batch.
 */
import { estimateWorkload, formatSignificant, renderTable } from '../src/index.ts';
import { E2E_CASES } from './validate-e2e.ts';

/** The profile's figures, ms per MoE layer (forward + backward of 4096 tokens). */
const TRACE = {
  gemm: 18.76,
  attention: 5.49,
  casts: 3.71,
  permute: 1.29,
  norms: 0.86,
  swiglu: 0.65,
  rotary: 0.38,
  /** Copies, fills, router top-k, reductions and other small aten kernels: not modelled. */
  otherMemory: 1.24,
  communication: 28.63,
  wall: 32.25,
} as const;

/** The pre-training case of the end-to-end validation, with DeepSeek's light recomputation. */
const PARAMS: Readonly<Record<string, string | number>> = {
  ...(E2E_CASES.find((c) => c.id === 'deepseek-v3-pretrain-h800')?.params ?? {}),
  recompute: 'selective',
};

interface Row {
  readonly op: string;
  readonly timeMs: number;
  readonly hiddenMs?: number;
}

/** The section of docs/validation.md. */
export function dsv3TraceSection(): string {
  const e = estimateWorkload({ workload: 'training', gpu: 'h800-sxm', params: PARAMS });
  const rows = e.breakdown as readonly Row[];
  // Rows cover a step: M / pp micro-batches per GPU (120 / 16).
  const perStep = Number(PARAMS.globalBatch) / Number(PARAMS.dp) / Number(PARAMS.pp);
  const perLayer = (match: (op: string) => boolean, hidden = false) => {
    let ms = 0;
    let layers = 0;
    for (const r of rows) {
      if (!match(r.op)) continue;
      const n = Number(/ x(\d+)$/.exec(r.op)?.[1] ?? Number.NaN);
      layers = n;
      ms += (r.timeMs + (hidden ? (r.hiddenMs ?? 0) : 0)) / n;
    }
    return layers > 0 ? ms / perStep : Number.NaN;
  };
  const moeGemm = (op: string) => op.startsWith('fwd+bwd moe ');
  const named = (name: string) => (op: string) => op.startsWith(`fwd+bwd ${name} x`);
  const comm = (op: string) => / deepep /.test(op);
  const model = {
    gemm: perLayer(moeGemm),
    attention: perLayer(named('prefill attention')),
    casts: perLayer(named('fp8 casts')),
    permute: perLayer(named('MoE permute')),
    norms: perLayer(named('norms')),
    swiglu: perLayer(named('SwiGLU')),
    rotary: perLayer(named('rotary')),
    communication: perLayer(comm, true),
    exposed: perLayer(comm),
  };
  const compute =
    model.gemm + model.attention + model.casts + model.permute + model.norms + model.swiglu + model.rotary;
  const wall = compute + model.exposed;
  const line = (label: string, trace: number | null, m: number | null) => [
    label,
    trace === null ? '-' : formatSignificant(trace),
    m === null ? '-' : formatSignificant(m),
    trace === null || m === null
      ? '-'
      : `${m / trace - 1 >= 0 ? '+' : ''}${((m / trace - 1) * 100).toFixed(1)}%`,
  ];
  const table = renderTable(
    [
      { header: 'per MoE layer, ms' },
      { header: 'trace', align: 'right' },
      { header: 'model', align: 'right' },
      { header: 'error', align: 'right' },
    ],
    [
      line('GEMMs (fp8; forward, input and weight gradients)', TRACE.gemm, model.gemm),
      line('attention (forward + backward)', TRACE.attention, model.attention),
      line('fp8 casts', TRACE.casts, model.casts),
      line('MoE permute / unpermute', TRACE.permute, model.permute),
      line('norms', TRACE.norms, model.norms),
      line('SwiGLU', TRACE.swiglu, model.swiglu),
      line('rotary', TRACE.rotary, model.rotary),
      line('copies, fills, other small kernels', TRACE.otherMemory, null),
      line(
        'all compute kernels',
        TRACE.gemm +
          TRACE.attention +
          TRACE.casts +
          TRACE.permute +
          TRACE.norms +
          TRACE.swiglu +
          TRACE.rotary +
          TRACE.otherMemory,
        compute,
      ),
      line('DeepEP dispatch + combine (trace: with waits)', TRACE.communication, model.communication),
      line('wall: the overlapped pair', TRACE.wall, wall),
    ],
  );
  return [
    '',
    '## DeepSeek-V3 pre-training, one MoE layer (DeepSeek profile; never fitted)',
    '',
    "Forward + backward of 4096 tokens in one MoE layer on an H800 (DualPipe, EP64, TP1, balanced routing): DeepSeek's profile (deepseek-ai/profile-data train.json, rank 0, 4 layers of a forward and a backward chunk, kernels summed by category over both compute streams) against the training model with `--recompute selective`. The trace launches its GEMMs on 112 of 132 SMs, and its DeepEP kernels hold the other 20 for 88% of the pair; the model runs the pair's compute on 112 SMs throughout (its category rows are times on the whole GPU; its wall is this layer's share of the step's compute and exposed communication, which holds the split). Its weight-gradient GEMMs reach about 0.6 of its forward GEMMs' rate; the model runs them at 0.748 of the forward curve, from DeepGEMM's published weight-gradient figures.",
    '',
    '```',
    table,
    '```',
  ].join('\n');
}
