/**
 * Output verification: a kernel's fp32 output against its Float64 reference, norm-wise:
 * `max|out - ref| / max|ref|` must not exceed the kernel's tolerance. Norm-wise rather than element-wise,
 * because random signed inputs make some reference elements cancel to near zero.
 * @module
 */
import type { KernelDefinition, KernelSize } from '../../kernels/types.ts';
import {
  type BackendName,
  erroredReply,
  type KernelReply,
  type RunKernelRequest,
  type TimingMethod,
  type Verification,
} from '../pool/protocol.ts';

/** Compare `output` with `reference`; NaN, Infinity or a wrong length fail with a reason. */
export function verifyOutput(
  output: ArrayLike<number>,
  reference: ArrayLike<number>,
  toleranceRel: number,
): Verification {
  if (output.length !== reference.length) {
    return {
      passed: false,
      maxRelError: null,
      toleranceRel,
      detail: `output has ${output.length} elements, the reference ${reference.length}`,
    };
  }
  let maxAbsError = 0;
  let maxAbsReference = 0;
  for (let i = 0; i < reference.length; i++) {
    const value = output[i]!;
    if (!Number.isFinite(value)) {
      return { passed: false, maxRelError: null, toleranceRel, detail: `output[${i}] is ${value}` };
    }
    maxAbsError = Math.max(maxAbsError, Math.abs(value - reference[i]!));
    maxAbsReference = Math.max(maxAbsReference, Math.abs(reference[i]!));
  }
  const maxRelError = maxAbsReference === 0 ? maxAbsError : maxAbsError / maxAbsReference;
  return maxRelError <= toleranceRel
    ? { passed: true, maxRelError, toleranceRel }
    : {
        passed: false,
        maxRelError,
        toleranceRel,
        detail: `relative error ${maxRelError.toExponential(2)} exceeds ${toleranceRel.toExponential(2)}`,
      };
}

/** Above this many flops, a kernel with `referenceRows` is verified on sampled rows, not in full. */
export const FULL_REFERENCE_MAX_FLOPS = 2e9;

/** Rows sampled when the full reference would be too slow. */
export const SAMPLED_ROWS = 48;

/**
 * Verify `output` of `definition` at `size`: against the full Float64 reference, or, when that would cost
 * over {@link FULL_REFERENCE_MAX_FLOPS} and the kernel can compute single rows, against
 * {@link SAMPLED_ROWS} rows spread over the output (first and last included); `detail` then says so.
 */
export function verifyKernelOutput(
  definition: KernelDefinition,
  inputs: readonly Float32Array[],
  size: KernelSize,
  output: Float32Array,
  toleranceRel: number,
): Verification {
  const shape = definition.outputRows?.(size);
  if (!definition.referenceRows || !shape || definition.cost(size).flops <= FULL_REFERENCE_MAX_FLOPS) {
    return verifyOutput(output, definition.reference(inputs, size), toleranceRel);
  }
  if (output.length !== shape.rows * shape.rowWords) {
    return {
      passed: false,
      maxRelError: null,
      toleranceRel,
      detail: `output has ${output.length} elements, the reference ${shape.rows * shape.rowWords}`,
    };
  }
  const count = Math.min(SAMPLED_ROWS, shape.rows);
  const rows = [
    ...new Set(
      Array.from({ length: count }, (_, i) => Math.round((i * (shape.rows - 1)) / Math.max(1, count - 1))),
    ),
  ];
  const picked = new Float32Array(rows.length * shape.rowWords);
  rows.forEach((row, r) => {
    picked.set(output.subarray(row * shape.rowWords, (row + 1) * shape.rowWords), r * shape.rowWords);
  });
  const verification = verifyOutput(picked, definition.referenceRows(inputs, size, rows), toleranceRel);
  const sampled = `checked ${rows.length} of ${shape.rows} rows against the Float64 reference`;
  return { ...verification, detail: verification.detail ? `${verification.detail} (${sampled})` : sampled };
}

/**
 * Verify the first call's `output` (an `invalid` reply when it is wrong), then take the samples with
 * `time`: the step every backend shares between running a kernel once and reporting it. A throw from
 * `time` is an `errored` reply in the `time` phase.
 */
export async function verifyThenTime(
  backend: BackendName,
  definition: KernelDefinition,
  request: RunKernelRequest,
  inputs: readonly Float32Array[],
  output: Float32Array,
  time: () => Promise<{ readonly samplesSec: number[]; readonly timing: TimingMethod }>,
): Promise<KernelReply> {
  const verification = verifyKernelOutput(
    definition,
    inputs,
    request.size,
    output,
    request.toleranceRel ?? definition.toleranceRel(request.size),
  );
  if (!verification.passed) return { type: 'kernel-reply', state: 'invalid', backend, verification };
  try {
    const { samplesSec, timing } = await time();
    return { type: 'kernel-reply', state: 'completed', backend, verification, samplesSec, timing };
  } catch (error) {
    return erroredReply('time', error, backend);
  }
}
