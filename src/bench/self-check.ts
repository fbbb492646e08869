/**
 * The model self-check: predict every local kernel's time with the model's own `opTime` (the code that
 * predicts an H100), fed the local profile, and report the error per kernel and the median error. The
 * cases the profile was fitted on (its peak GEMM and triad) are shown but left out of the median: calibrate
 * and validate never on the same data.
 * @module
 */

import { median } from 'simple-statistics';
import { opTime } from '../model/roofline.ts';
import type { OpTime } from '../model/types.ts';
import type { BackendName } from '../pool/protocol.ts';
import type { BenchResults } from '../results/bench-results.ts';
import { type LocalProfile, localOpResources, localProfileFromResults } from './profile.ts';

/** One kernel's prediction against its measurement. */
export interface SelfCheckRow {
  readonly id: string;
  readonly backend: BackendName;
  readonly measuredSec: number;
  readonly predictedSec: number;
  /** (predicted - measured) / measured x 100. */
  readonly errorPercent: number;
  readonly bound: OpTime['bound'];
  /** `calibration` rows fitted the profile; only `check` rows count in the median. */
  readonly role: 'calibration' | 'check';
}

/** The self-check of a results file. */
export interface SelfCheck {
  readonly profile: LocalProfile;
  readonly rows: readonly SelfCheckRow[];
  /** Median of |errorPercent| over `check` rows; null without any. */
  readonly medianAbsErrorPercent: number | null;
}

/** Bytes a kernel reads, as a fraction of its traffic (the model's memory line takes it). */
const READ_FRACTION: Readonly<Record<string, number>> = { 'stream-copy': 0.5, 'stream-triad': 2 / 3 };

/** Run the self-check on `results`. */
export function modelSelfCheck(results: BenchResults): SelfCheck {
  const profile = localProfileFromResults(results);
  const rows: SelfCheckRow[] = [];
  for (const m of results.measurements) {
    if (m.state !== 'completed') continue;
    const backendProfile = profile.backends.find((b) => b.backend === m.ranOn);
    const resources = backendProfile && localOpResources(backendProfile);
    if (!backendProfile || !resources) continue;
    const predicted = opTime(
      {
        op: m.id,
        flops: m.flops,
        bytes: m.bytes,
        readFraction: READ_FRACTION[m.kernel] ?? 0.9,
        precision: m.flops > 0 ? 'fp32' : null,
        shape: null,
      },
      resources,
    );
    const measuredSec = m.statistics.medianSec;
    const isCalibration = m.id === backendProfile.peakSource || m.id === backendProfile.bandwidthSource;
    rows.push({
      id: m.id,
      backend: m.ranOn,
      measuredSec,
      predictedSec: predicted.timeSec,
      errorPercent: ((predicted.timeSec - measuredSec) / measuredSec) * 100,
      bound: predicted.bound,
      role: isCalibration ? 'calibration' : 'check',
    });
  }
  const checks = rows.filter((r) => r.role === 'check').map((r) => Math.abs(r.errorPercent));
  return { profile, rows, medianAbsErrorPercent: checks.length > 0 ? median(checks) : null };
}
