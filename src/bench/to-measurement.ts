/**
 * Turn a worker's outcome for one case into the measurement stored in results: statistics from the raw
 * samples, then flop and byte rates from the median. Only a completed, verified case has a speed.
 * @module
 */
import type { KernelCost, KernelSize } from '../../kernels/types.ts';
import type { BackendName, KernelOutcome } from '../pool/protocol.ts';
import type { Measurement } from '../results/bench-results.ts';
import { summarizeSamples } from './stats.ts';

/** What identifies a case in results. */
export interface CaseIdentity {
  readonly id: string;
  readonly kernel: string;
  readonly size: KernelSize;
  readonly backend: BackendName;
  readonly cost: KernelCost;
  /** GL/WebGPU renderer of the backend, if any. */
  readonly renderer?: string;
}

/** The measurement for `outcome`. */
export function toMeasurement(identity: CaseIdentity, outcome: KernelOutcome): Measurement {
  const base = {
    id: identity.id,
    kernel: identity.kernel,
    size: { ...identity.size },
    backend: identity.backend,
    flops: identity.cost.flops,
    bytes: identity.cost.bytes,
  };
  switch (outcome.state) {
    case 'completed': {
      const statistics = summarizeSamples(outcome.samplesSec);
      const medianSec = Math.max(statistics.medianSec, Number.MIN_VALUE);
      return {
        ...base,
        state: 'completed',
        ranOn: outcome.backend,
        ...(identity.renderer === undefined ? {} : { renderer: identity.renderer }),
        verification: outcome.verification,
        samplesSec: [...outcome.samplesSec],
        ...(outcome.timing === undefined ? {} : { timing: outcome.timing }),
        statistics,
        flopsPerSec: identity.cost.flops / medianSec,
        bytesPerSec: identity.cost.bytes / medianSec,
      };
    }
    case 'invalid':
      return { ...base, state: 'invalid', ranOn: outcome.backend, verification: outcome.verification };
    case 'errored':
      return {
        ...base,
        state: 'errored',
        phase: outcome.phase,
        error: { name: outcome.error.name, message: outcome.error.message },
      };
    case 'timed-out':
      return { ...base, state: 'timed-out', timeoutMs: outcome.timeoutMs };
    case 'unsupported':
      return { ...base, state: 'unsupported', reason: outcome.reason };
  }
}
