/**
 * What-if rules: the user's own TPP and PD thresholds and an optional DRAM bandwidth cap.
 * @module
 */
import { all, check, describe } from './checks.ts';
import type { ClassifyInput, CustomRule, Verdict } from './types.ts';

/** A user's what-if rule. */
export function classifyCustom(input: ClassifyInput, rule: CustomRule): Verdict {
  const clause = 'what-if';
  const core = [check(clause, 'tpp', input.tpp, '>=', rule.minTpp)];
  if (rule.minPd !== undefined) core.push(check(clause, 'pd', input.pd, '>=', rule.minPd));
  const cap =
    rule.maxDramBandwidthBytesPerSec === undefined
      ? undefined
      : check(
          'what-if bandwidth cap',
          'dram-gbps',
          input.dramBandwidthBytesPerSec === null ? null : input.dramBandwidthBytesPerSec / 1e9,
          '>=',
          rule.maxDramBandwidthBytesPerSec / 1e9,
        );
  const checks = cap ? [...core, cap] : core;
  const byThresholds = all(core);
  const byCap = cap?.passed ?? false;
  const text = checks.map((c) => describe(c, c.clause));
  if (byThresholds === true || byCap === true) {
    const which = byThresholds === true ? clause : 'what-if bandwidth cap';
    return {
      rule: 'custom',
      status: 'controlled',
      clause: which,
      checks,
      summary: `${text.join('; ')}: caught`,
    };
  }
  if (byThresholds === null || cap?.passed === null) {
    return {
      rule: 'custom',
      status: 'indeterminate',
      clause: null,
      checks,
      summary: `${text.join('; ')}: cannot decide`,
    };
  }
  return {
    rule: 'custom',
    status: 'not-controlled',
    clause: null,
    checks,
    summary: `${text.join('; ')}: not caught`,
  };
}
