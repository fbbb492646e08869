/**
 * A wasm-simd team on real threads: parts of one call on a shared memory, checked against the Float64
 * reference and against the one-thread answer; a part that traps is an error, not a hang.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gemmKernel } from '../../kernels/gemm/index.ts';
import { streamCopyKernel, streamTriadKernel } from '../../kernels/stream/index.ts';
import { wasmRegions } from '../../kernels/wasm.ts';
import { closeWasmTeams, wasmFactory, wasmFactoryFor } from '../../src/pool/wasm.ts';

afterAll(() => closeWasmTeams());

describe('wasm-simd team', () => {
  it.each([1, 7, 33, 1023, 100_003])(
    'triad and copy of n = %i on 2 and 3 threads match one thread and the reference',
    async (n) => {
      for (const threads of [2, 3]) {
        const factory = await wasmFactoryFor(threads);
        for (const kernel of [streamTriadKernel, streamCopyKernel]) {
          const size = { n };
          const inputs = kernel.inputs(size, 11);
          const single = kernel.wasm!(wasmFactory, size);
          const one = single.flatten(single.run(inputs));
          const team = kernel.wasm!(factory, size);
          const many = team.flatten(team.run(inputs));
          expect(many).toEqual(one);
          const ref = kernel.reference(inputs, size);
          const scale = Math.max(...ref.map(Math.abs));
          const err = Math.max(...Array.from(many, (x, i) => Math.abs(x - ref[i]!)));
          expect(err / scale).toBeLessThanOrEqual(kernel.toleranceRel(size));
        }
      }
    },
  );

  it('gemm on 2 and on 12 threads (more than the 8 parts reserved by default) equals one thread', async () => {
    for (const [m, n, k] of [
      [33, 17, 65],
      [130, 1030, 300],
    ] as const) {
      const size = { m, n, k };
      const inputs = gemmKernel.inputs(size, 5);
      const single = gemmKernel.wasm!(wasmFactory, size);
      const one = single.flatten(single.run(inputs));
      for (const threads of [2, 12]) {
        const built = gemmKernel.wasm!(await wasmFactoryFor(threads), size);
        expect(built.flatten(built.run(inputs))).toEqual(one);
      }
    }
  });

  it('a call whose parts trap throws (out-of-bounds offsets), and the team still runs the next call', async () => {
    const factory = await wasmFactoryFor(2);
    const regions = wasmRegions([64, 64], 0, true);
    const past = regions.memory.buffer.byteLength;
    expect(() => factory.parallel('stream', regions.memory, 'copy', [past, 0, 4096])).toThrow();
    regions.view(0).fill(2);
    factory.parallel('stream', regions.memory, 'copy', [regions.offsets[0]!, regions.offsets[1]!, 64]);
    expect(Array.from(regions.view(1))).toEqual(new Array(64).fill(2));
  });
});
