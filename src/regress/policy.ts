/**
 * The regression policy: how big a change counts (default 5% of the median), the tolerance for estimates,
 * how many samples a statistical verdict needs and the significance level; per kernel or metric overrides.
 * A policy file is JSON, every field optional, validated once here.
 * @module
 */
import { z } from 'zod';
import { parseWith } from '../util/schema.ts';
import type { Metric, Policy } from './types.ts';

/** The policy when no file is given. */
export const DEFAULT_POLICY: Policy = {
  threshold: 0.05,
  estimateTolerance: 1e-9,
  minSamples: 5,
  alpha: 0.005,
  overrides: {},
};

/**
 * The threshold of one metric: an override by metric id wins over one by kernel name, which wins over the
 * policy's default.
 */
export function thresholdFor(policy: Policy, metric: Pick<Metric, 'id' | 'kernel'>): number {
  const overrides = policy.overrides;
  const byId = Object.hasOwn(overrides, metric.id) ? overrides[metric.id]?.threshold : undefined;
  const byKernel = Object.hasOwn(overrides, metric.kernel) ? overrides[metric.kernel]?.threshold : undefined;
  return byId ?? byKernel ?? policy.threshold;
}

const threshold = z
  .number({ error: 'must be a positive number' })
  .refine((v) => Number.isFinite(v) && v > 0, { error: 'must be a positive number' });

const policySchema = z.strictObject({
  threshold: threshold.optional(),
  estimateTolerance: z
    .number({ error: 'must be a number >= 0' })
    .refine((v) => Number.isFinite(v) && v >= 0, { error: 'must be a number >= 0' })
    .optional(),
  minSamples: z
    .number({ error: 'must be an integer >= 2' })
    .refine((v) => Number.isInteger(v) && v >= 2, { error: 'must be an integer >= 2' })
    .optional(),
  alpha: z
    .number({ error: 'must be a number between 0 and 1' })
    .refine((v) => v > 0 && v < 1, { error: 'must be a number between 0 and 1' })
    .optional(),
  overrides: z
    .record(
      z.string().min(1, { error: 'keys must be a metric id or kernel name' }),
      z.strictObject({ threshold: threshold.optional() }, { error: 'must be an object { threshold }' }),
      { error: 'must be an object of metric id or kernel name -> { threshold }' },
    )
    .optional(),
});

/**
 * Validate a parsed policy file (`label` names it in errors: `policy.json: overrides.gemm.threshold must be
 * a positive number`) and fill the defaults.
 */
export function parsePolicy(data: unknown, label: string): Policy {
  const parsed = parseWith(policySchema, data, label);
  // fromEntries defines own properties, so a key such as `__proto__` stays a plain key.
  const overrides = Object.fromEntries(
    Object.entries(parsed.overrides ?? {}).map(([key, value]) => [
      key,
      value.threshold === undefined ? {} : { threshold: value.threshold },
    ]),
  );
  return {
    threshold: parsed.threshold ?? DEFAULT_POLICY.threshold,
    estimateTolerance: parsed.estimateTolerance ?? DEFAULT_POLICY.estimateTolerance,
    minSamples: parsed.minSamples ?? DEFAULT_POLICY.minSamples,
    alpha: parsed.alpha ?? DEFAULT_POLICY.alpha,
    overrides,
  };
}
