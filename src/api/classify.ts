/**
 * `classify`: 3A090 verdicts for catalog GPUs or for a described part, under chosen rules and what-if rules.
 * @module
 */

import { msg, param, UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import {
  type ClassifyInput,
  type CustomRule,
  classifyInputOf,
  performanceDensity,
  profileOf,
  type RegulatoryProfile,
  RULE_IDS,
  totalProcessingPerformance,
} from '../regulation/index.ts';

/** A part described by numbers instead of a catalog id. */
export interface PartDescription {
  readonly tpp: number;
  readonly dieAreaMm2?: number | undefined;
  readonly datacenter?: boolean | undefined;
  /** Aggregate bidirectional I/O, GB/s (for the Oct-2022 rule). */
  readonly ioGBps?: number | undefined;
  /** DRAM bandwidth, GB/s (for the Jan-2026 test and bandwidth caps). */
  readonly dramGBps?: number | undefined;
}

/** What to classify: catalog ids, a described part, or (with only a what-if rule) the whole catalog. */
export interface ClassifyOptions extends LoadCatalogOptions {
  readonly gpus?: readonly string[] | undefined;
  readonly part?: PartDescription | undefined;
  readonly custom?: CustomRule | undefined;
}

/** Profiles for each classified part, in input order. */
export interface ClassifyReport {
  readonly rules: readonly string[];
  readonly custom: CustomRule | null;
  readonly profiles: readonly RegulatoryProfile[];
}

/** The built-in rule ids. */
export const CLASSIFY_RULES = RULE_IDS;

/** Classify catalog GPUs, a described part, or the whole catalog against a what-if rule. */
export function classifyParts(options: ClassifyOptions): ClassifyReport {
  const { gpus, part, custom } = options;
  if (gpus?.length && part)
    throw new UserError(
      msg`${param('gpus')} cannot be combined with ${param('part')}: classify one or the other`,
    );
  let profiles: RegulatoryProfile[];
  if (part) {
    const input: ClassifyInput = {
      name: 'described part',
      tpp: part.tpp,
      pd: performanceDensity(part.tpp, part.dieAreaMm2 ?? null),
      datacenter: part.datacenter ?? null,
      ioBytesPerSec: part.ioGBps === undefined ? null : part.ioGBps * 1e9,
      dramBandwidthBytesPerSec: part.dramGBps === undefined ? null : part.dramGBps * 1e9,
    };
    profiles = [profileOf('part', input, null, custom)];
  } else {
    const catalog = loadCatalog(options);
    if (!gpus?.length && !custom) {
      throw new UserError(
        msg`classify needs ${param('gpus')}, a ${param('part')} or a ${param('custom')} rule`,
        'usage',
      );
    }
    const chosen = gpus?.length ? catalog.getEach(gpus, 'gpus') : catalog.gpus;
    profiles = chosen.map((gpu) =>
      profileOf(gpu.id, classifyInputOf(gpu), totalProcessingPerformance(gpu).precision, custom),
    );
  }
  return { rules: [...RULE_IDS, ...(custom ? ['custom'] : [])], custom: custom ?? null, profiles };
}
