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
      // A zero median (a timer too coarse for the case) has no rate: store 0, never Infinity (JSON null).
      const rate = (amount: number) => (statistics.medianSec > 0 ? amount / statistics.medianSec : 0);
      return {
        ...base,
        state: 'completed',
        ranOn: outcome.backend,
        ...(identity.renderer === undefined ? {} : { renderer: identity.renderer }),
        verification: outcome.verification,
        samplesSec: [...outcome.samplesSec],
        ...(outcome.timing === undefined ? {} : { timing: outcome.timing }),
        statistics,
        flopsPerSec: rate(identity.cost.flops),
        bytesPerSec: rate(identity.cost.bytes),
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
