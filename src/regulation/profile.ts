/**
 * One GPU's regulatory profile: TPP, PD and the verdict under every built-in rule vintage.
 * @module
 */
import type { GpuSpec, Precision } from '../hardware/types.ts';
import { classify, classifyInputOf } from './rules.ts';
import { totalProcessingPerformance } from './tpp.ts';
import { type ClassifyInput, type CustomRule, RULE_IDS, type Verdict } from './types.ts';

/** TPP, PD and verdicts for one GPU. */
export interface RegulatoryProfile {
  readonly gpuId: string;
  readonly name: string;
  readonly tpp: number | null;
  readonly tppPrecision: Precision | null;
  readonly pd: number | null;
  readonly datacenter: boolean | null;
  /** Verdicts keyed by rule id; `custom` only when a what-if rule was given. */
  readonly verdicts: Readonly<Partial<Record<(typeof RULE_IDS)[number] | 'custom', Verdict>>>;
}

/** The profile of a catalog GPU, with an optional what-if rule. */
export function regulatoryProfile(gpu: GpuSpec, custom?: CustomRule): RegulatoryProfile {
  const input = classifyInputOf(gpu);
  return profileOf(gpu.id, input, totalProcessingPerformance(gpu).precision, custom);
}

/** The profile of any part described by its classification inputs. */
export function profileOf(
  id: string,
  input: ClassifyInput,
  tppPrecision: Precision | null,
  custom?: CustomRule,
): RegulatoryProfile {
  const verdicts: Partial<Record<(typeof RULE_IDS)[number] | 'custom', Verdict>> = {};
  for (const rule of RULE_IDS) verdicts[rule] = classify(input, rule);
  if (custom) verdicts.custom = classify(input, 'custom', custom);
  return {
    gpuId: id,
    name: input.name,
    tpp: input.tpp,
    tppPrecision,
    pd: input.pd,
    datacenter: input.datacenter,
    verdicts,
  };
}
