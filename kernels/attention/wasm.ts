/**
 * `attention` in WebAssembly SIMD (`attention.wat`): k transposed once per call, query rows in pairs (eight
 * f32x4 accumulators, each load of k or v serving two rows), 16 keys or columns per step. exp and the row
 * sum come from `softmax.wat`'s `exp_sum`, instantiated on the same memory and imported.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { wasmBuiltKernel, wasmExport, wasmRegions } from '../wasm.ts';

type Attention = (
  q: number,
  k: number,
  v: number,
  out: number,
  kt: number,
  s: number,
  vp: number,
  o: number,
  seq: number,
  headDim: number,
  scale: number,
) => void;

/** Round `n` up to a multiple of 16 (the module's step over keys and columns). */
const pad16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * `attention(q, k, v, out, kt, s, vp, o, seq, d, scale)`: regions 0-2 q, k, v, region 3 the output, then the
 * module's scratch: k transposed (d x seqPad), two score rows, v with padded rows (only when headDim is not
 * a multiple of 16) and two output rows.
 */
export function attentionWasm(factory: WasmFactory, seq: number, headDim: number): BuiltKernel {
  const seqPad = pad16(seq);
  const dPad = pad16(headDim);
  const length = seq * headDim;
  const regions = wasmRegions(
    [
      length,
      length,
      length,
      length,
      headDim * seqPad,
      2 * seqPad,
      dPad === headDim ? 0 : seq * dPad,
      2 * dPad,
    ],
    0,
    true,
  );
  const memory = regions.memory;
  const softmax = factory.instantiate('softmax', { env: { memory } });
  const attention = wasmExport<Attention>(
    factory.instantiate('attention', {
      env: { memory },
      softmax: { exp_sum: wasmExport(softmax, 'exp_sum') },
    }),
    'attention',
  );
  const [q, k, v, out, kt, s, vp, o] = regions.offsets as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const scale = 1 / Math.sqrt(headDim);
  return wasmBuiltKernel(regions, 3, () => attention(q, k, v, out, kt, s, vp, o, seq, headDim, scale));
}
