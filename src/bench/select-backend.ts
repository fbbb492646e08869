/**
 * Which backends a run uses. An explicit `--backend` (or a suite's list) must be delivered, or the run stops
 * with the reason; `auto` probes the suite's candidates, times a small GEMM on each that works, keeps every
 * one within {@link AUTO_SPEED_RANGE} of the fastest (the runner then takes the fastest verified result per
 * case), and says why each other backend was not used. Never a silent fallback.
 * @module
 */
import { msg, type ParamName, param, UserError } from '../errors.ts';
import type { Engines } from '../pool/engines.ts';
import { BACKENDS, type BackendName, type ProbeReply, type TimingOptions } from '../pool/protocol.ts';
import type { BenchEnvironment } from '../results/bench-results.ts';
import type { SuiteDefinition } from './suites.ts';

/** `--backend` values. */
export type BackendRequest = 'auto' | BackendName;

/** The outcome of backend selection. */
export interface BackendSelection {
  readonly requested: BackendRequest | 'suite';
  readonly used: readonly BackendName[];
  /** Why each other backend was not used, or how the choice was made. */
  readonly notes: readonly string[];
  readonly statuses: BenchEnvironment['backends'];
}

const CALIBRATION_SIZE = { m: 128, n: 128, k: 128 } as const;

/** Auto runs every working backend whose calibration GEMM is within this factor of the fastest one's. */
export const AUTO_SPEED_RANGE = 10;
const CALIBRATION_TIMING: TimingOptions = { warmupRuns: 1, minSamples: 3, minTimeMs: 10, maxTimeMs: 150 };

function status(reply: ProbeReply): BenchEnvironment['backends'][number] {
  if (reply.available) {
    return {
      backend: reply.backend,
      available: true,
      ...(reply.renderer === undefined ? {} : { renderer: reply.renderer }),
      ...(reply.adapter === undefined
        ? {}
        : { adapter: { ...reply.adapter, features: [...reply.adapter.features] } }),
    };
  }
  return { backend: reply.backend, available: false, reason: reply.reason };
}

/** Probe `backends`; one not available is a UserError naming `who` asked for it (`backend`, a suite). */
async function requireAll(engines: Engines, backends: readonly BackendName[], who: ParamName | string) {
  const replies = [];
  for (const backend of backends) {
    const reply = await engines.probe(backend);
    if (!reply.available)
      throw new UserError(msg`${who}: ${backend} is not available here: ${reply.reason}`, 'tool');
    replies.push(reply);
  }
  return replies;
}

/** GFLOP/s of a 128^3 GEMM on `backend`, or undefined if it did not complete. */
async function calibrate(
  engines: Engines,
  backend: BackendName,
  timeoutMs: number,
): Promise<number | undefined> {
  const outcome = await engines.run(
    {
      type: 'run-kernel',
      kernel: 'gemm',
      size: CALIBRATION_SIZE,
      backend,
      seed: 7,
      timing: CALIBRATION_TIMING,
      kernelModules: [],
    },
    timeoutMs,
  );
  if (outcome.state !== 'completed') return undefined;
  const sorted = [...outcome.samplesSec].sort((a, b) => a - b);
  const medianSec = sorted[Math.floor(sorted.length / 2)]!;
  return (2 * 128 ** 3) / medianSec / 1e9;
}

/** Decide the backends for `suite` given `--backend`. */
export async function selectBackends(
  engines: Engines,
  suite: SuiteDefinition,
  requested: BackendRequest,
  timeoutMs: number,
): Promise<BackendSelection> {
  if (requested !== 'auto') {
    const replies = await requireAll(engines, [requested], param('backend'));
    return {
      requested,
      used: [requested],
      notes: [`${requested}: requested with --backend`],
      statuses: replies.map(status),
    };
  }
  if (suite.backends) {
    const replies = await requireAll(engines, suite.backends, `suite ${suite.name}`);
    return {
      requested: 'suite',
      used: suite.backends,
      notes: [`backends listed by suite ${suite.name}`],
      statuses: replies.map(status),
    };
  }
  const notes: string[] = [];
  const replies: ProbeReply[] = [];
  for (const backend of suite.autoCandidates) {
    const reply = await engines.probe(backend);
    replies.push(reply);
    if (!reply.available) notes.push(`${backend}: ${reply.reason}`);
  }
  const available = replies.filter((r) => r.available).map((r) => r.backend);
  if (available.length === 0) {
    throw new UserError(`no backend works here for suite ${suite.name}: ${notes.join('; ')}`, 'tool');
  }
  const speeds = new Map<BackendName, number | undefined>();
  if (available.length > 1) {
    for (const backend of available) speeds.set(backend, await calibrate(engines, backend, timeoutMs));
  }
  const ranked =
    available.length > 1
      ? available
          .filter((b) => speeds.get(b) !== undefined)
          .sort((a, b) => (speeds.get(b) ?? 0) - (speeds.get(a) ?? 0))
      : available;
  const best = ranked.length > 0 ? speeds.get(ranked[0]!) : undefined;
  // Every backend within AUTO_SPEED_RANGE of the fastest runs every case; the runner then keeps the
  // fastest verified result per case, so a backend that is wrong or slow on one kernel does not decide it.
  const used = ranked.filter((b) => best === undefined || (speeds.get(b) ?? 0) * AUTO_SPEED_RANGE >= best);
  if (used.length === 0) used.push(available[0]!);
  for (const backend of available) {
    if (used.includes(backend)) continue;
    const speed = speeds.get(backend);
    notes.push(
      speed === undefined
        ? `${backend}: failed the calibration GEMM`
        : `${backend}: over ${AUTO_SPEED_RANGE}x slower here (${speed.toFixed(2)} vs ${best?.toFixed(2)} GFLOP/s on gemm 128^3)`,
    );
  }
  notes.unshift(
    `${used.join(', ')}: chosen by auto among ${suite.autoCandidates.join(', ')}; the fastest verified result of each case is kept`,
  );
  for (const backend of BACKENDS) {
    if (!suite.autoCandidates.includes(backend))
      notes.push(`${backend}: not a candidate of suite ${suite.name}`);
  }
  return { requested, used, notes, statuses: replies.map(status) };
}
