/**
 * `run --repeat N`: the suite's cases run in N rounds (every case once per round), so a slow phase of a shared
 * machine spreads over all kernels instead of hitting one; each case's rounds are pooled into one measurement.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';
import type { Measurement } from '../results/bench-results.ts';
import { toMeasurement } from './to-measurement.ts';

/** The most rounds one run may take. */
export const MAX_REPEAT = 100;

/** Check a round count: an integer from 1 to {@link MAX_REPEAT}; a usage error naming `repeat` otherwise. */
export function checkRepeat(repeat: number): number {
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) {
    throw new UserError(
      msg`${param('repeat')} must be an integer from 1 to ${MAX_REPEAT}, not ${repeat}`,
      'usage',
    );
  }
  return repeat;
}

type Completed = Extract<Measurement, { state: 'completed' }>;
type Failed = Extract<Measurement, { state: 'errored' | 'invalid' | 'timed-out' }>;

const isFailure = (m: Measurement): m is Failed =>
  m.state === 'errored' || m.state === 'invalid' || m.state === 'timed-out';

/** `failure` marked with the round it happened in, where it has a text to say so. */
function markRound(failure: Failed, round: number, rounds: number, completed: number): Measurement {
  const where = `in round ${round} of ${rounds}`;
  switch (failure.state) {
    case 'errored':
      return {
        ...failure,
        error: { ...failure.error, message: `${failure.error.message} (${where})` },
        rounds: completed,
      };
    case 'invalid': {
      const { detail } = failure.verification;
      const text = detail === undefined ? where : `${detail} (${where})`;
      return { ...failure, verification: { ...failure.verification, detail: text }, rounds: completed };
    }
    case 'timed-out':
      return { ...failure, rounds: completed };
  }
}

/** The completed rounds of one case as one measurement: samples in round order, statistics and rates anew. */
function poolCompleted(done: readonly Completed[]): Completed {
  const first = done[0]!;
  // The round farthest from the reference speaks for the case's verification.
  const worst = done.reduce((a, b) =>
    (b.verification.maxRelError ?? Number.POSITIVE_INFINITY) >
    (a.verification.maxRelError ?? Number.POSITIVE_INFINITY)
      ? b
      : a,
  );
  const pooled = toMeasurement(
    {
      id: first.id,
      kernel: first.kernel,
      size: first.size,
      backend: first.backend,
      cost: { flops: first.flops, bytes: first.bytes },
      ...(first.renderer === undefined ? {} : { renderer: first.renderer }),
    },
    {
      type: 'kernel-reply',
      state: 'completed',
      backend: first.ranOn,
      verification: {
        passed: worst.verification.passed,
        maxRelError: worst.verification.maxRelError,
        toleranceRel: worst.verification.toleranceRel,
        ...(worst.verification.detail === undefined ? {} : { detail: worst.verification.detail }),
      },
      samplesSec: done.flatMap((m) => m.samplesSec),
      ...(first.timing === undefined ? {} : { timing: first.timing }),
    },
  );
  return { ...(pooled as Completed), rounds: done.length };
}

/**
 * Pool the measurements of several rounds of the same cases (`rounds[r][i]`: case i in round r + 1, the
 * same case list in every round) into one measurement per case, in the order of the cases. A case that
 * failed (errored, invalid, timed out) in any round is its first failure, marked with its round; otherwise
 * its completed rounds are pooled (samples concatenated in round order, statistics and rates recomputed);
 * a case no round completed nor failed (unsupported) is its first round's. Each measurement records in
 * `rounds` how many rounds completed it.
 */
export function poolMeasurements(rounds: readonly (readonly Measurement[])[]): Measurement[] {
  const [first] = rounds;
  if (first === undefined) return [];
  return first.map((head, i) => {
    const ofCase = rounds.map((round, r) => {
      const m = round[i];
      if (m === undefined || m.id !== head.id || m.backend !== head.backend) {
        throw new RangeError(`round ${r + 1} has no case ${head.id} on ${head.backend} at index ${i}`);
      }
      return m;
    });
    const done = ofCase.filter((m): m is Completed => m.state === 'completed');
    const failed = ofCase.findIndex(isFailure);
    if (failed >= 0) return markRound(ofCase[failed] as Failed, failed + 1, rounds.length, done.length);
    if (done.length > 0) return poolCompleted(done);
    return { ...head, rounds: 0 };
  });
}
