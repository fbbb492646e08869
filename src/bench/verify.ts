/**
 * Output verification: a kernel's fp32 output against its Float64 reference, norm-wise:
 * `max|out - ref| / max|ref|` must not exceed the kernel's tolerance. Norm-wise rather than element-wise,
 * because random signed inputs make some reference elements cancel to near zero.
 * @module
 */
import type { Verification } from '../pool/protocol.ts';

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
