/**
 * ECCN 3A090 verdicts under each rule vintage, with the clause that decided and the margin.
 *
 * - `oct-2023` (88 FR 73458): a.1 TPP >= 4800; a.2 TPP >= 1600 and PD >= 5.92; b.1 2400 <= TPP < 4800 and
 *   1.6 <= PD < 5.92; b.2 TPP >= 1600 and 3.2 <= PD < 5.92. Note 2: parts not designed or marketed for data
 *   centers are out unless TPP >= 4800.
 * - `oct-2022` (87 FR 62186): TPP >= 4800 and aggregate bidirectional I/O >= 600 GB/s. I/O is taken as
 *   scale-up link + host PCIe, both bidirectional (an interpretation; the rule counts all I/O to
 *   non-memory ICs).
 * - `jan-2026` (91 FR 1684): license review is case-by-case, not presumption of denial, for TPP < 21,000 and
 *   total DRAM bandwidth < 6,500 GB/s.
 * - `custom`: a what-if rule from the user.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import { performanceDensity, totalProcessingPerformance } from './tpp.ts';

/** Rule vintages. */
export const RULE_IDS = ['oct-2023', 'oct-2022', 'jan-2026'] as const;
/** A built-in rule vintage, or a user's what-if rule. */
export type RuleId = (typeof RULE_IDS)[number] | 'custom';

/** A user's what-if rule: caught when TPP and PD clear their thresholds, or DRAM bandwidth reaches the cap. */
export interface CustomRule {
  readonly minTpp: number;
  readonly minPd?: number | undefined;
  /** Bandwidth cap in bytes/s: a part at or above it is caught whatever its TPP. */
  readonly maxDramBandwidthBytesPerSec?: number | undefined;
}

/** What a rule needs to know about a part. */
export interface ClassifyInput {
  readonly name: string;
  readonly tpp: number | null;
  readonly pd: number | null;
  readonly datacenter: boolean | null;
  /** Aggregate bidirectional I/O to non-memory ICs, bytes/s (Oct-2022 test). */
  readonly ioBytesPerSec: number | null;
  readonly dramBandwidthBytesPerSec: number | null;
}

/** One threshold test, with its margin (value - threshold, in the quantity's unit). */
export interface Check {
  readonly clause: string;
  readonly quantity: 'tpp' | 'pd' | 'io-gbps' | 'dram-gbps';
  readonly value: number | null;
  readonly threshold: number;
  /** `>=`: passes at or above the threshold; `<`: passes strictly below it. */
  readonly comparison: '>=' | '<';
  /** null when the value is unknown. */
  readonly passed: boolean | null;
  readonly margin: number | null;
}

/** Outcome of a rule for one part. */
export type VerdictStatus =
  | 'controlled'
  | 'not-controlled'
  | 'excluded-note-2'
  | 'eligible-case-by-case'
  | 'presumption-of-denial'
  | 'indeterminate';

/** A rule's verdict: status, deciding clause, the tests behind it and a one-line explanation. */
export interface Verdict {
  readonly rule: RuleId;
  readonly status: VerdictStatus;
  /** e.g. `3A090.a.1`, `Note 2`; null when no clause caught the part. */
  readonly clause: string | null;
  readonly checks: readonly Check[];
  /** e.g. "TPP 2,368 is 32 below 3A090.b.1's 2,400; PD 2.91 is 0.29 below b.2's 3.2: not controlled". */
  readonly summary: string;
}

/** The inputs a rule needs, read from a catalog record. */
export function classifyInputOf(gpu: GpuSpec): ClassifyInput {
  const { tpp } = totalProcessingPerformance(gpu);
  const up = gpu.scaleUpBandwidthBytesPerSec.value;
  const pcie = gpu.pcieBandwidthBytesPerSec.value;
  return {
    name: gpu.name,
    tpp,
    pd: performanceDensity(tpp, gpu.dieAreaMm2.value),
    datacenter: gpu.datacenter.value,
    ioBytesPerSec: up === null || pcie === null ? null : up + pcie,
    dramBandwidthBytesPerSec: gpu.memoryBandwidthBytesPerSec.value,
  };
}

const QUANTITY_LABEL: Record<Check['quantity'], string> = {
  tpp: 'TPP',
  pd: 'PD',
  'io-gbps': 'I/O GB/s',
  'dram-gbps': 'DRAM GB/s',
};

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = formatters.get(key);
  if (!f) {
    // Creating an Intl formatter is costly; a cached one makes a verdict ~100x cheaper.
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
    formatters.set(key, f);
  }
  return f;
}

/** Format a quantity for a summary: TPP and bandwidths as whole numbers with separators, PD to 2 places. */
export function formatQuantity(quantity: Check['quantity'], value: number, exact = false): string {
  const digits = quantity === 'pd' ? 2 : 0;
  return formatter(exact ? 0 : digits, digits).format(value);
}

function check(
  clause: string,
  quantity: Check['quantity'],
  value: number | null,
  comparison: '>=' | '<',
  threshold: number,
): Check {
  if (value === null) return { clause, quantity, value, threshold, comparison, passed: null, margin: null };
  const passed = comparison === '>=' ? value >= threshold : value < threshold;
  return { clause, quantity, value, threshold, comparison, passed, margin: value - threshold };
}

/** "TPP 2,368 is 32 below 3A090.b.1's 2,400" */
function describe(c: Check, clauseLabel = c.clause): string {
  const label = QUANTITY_LABEL[c.quantity];
  if (c.value === null) return `${label} unknown for ${clauseLabel}`;
  const margin = Math.abs(c.margin ?? 0);
  const where =
    c.margin === 0
      ? 'exactly at'
      : `${formatQuantity(c.quantity, margin)} ${c.margin! > 0 ? 'above' : 'below'}`;
  return `${label} ${formatQuantity(c.quantity, c.value)} is ${where} ${clauseLabel}'s ${formatQuantity(c.quantity, c.threshold, true)}`;
}

const all = (checks: Check[]): boolean | null =>
  checks.some((c) => c.passed === false) ? false : checks.every((c) => c.passed === true) ? true : null;
const firstFailing = (checks: Check[]): Check | undefined =>
  checks.find((c) => c.passed === false) ?? checks.find((c) => c.passed === null);

/** Oct-2023 3A090 verdict. */
export function classifyOct2023(input: ClassifyInput): Verdict {
  const { tpp, pd } = input;
  const clauses: Array<[string, Check[]]> = [
    ['3A090.a.1', [check('3A090.a.1', 'tpp', tpp, '>=', 4800)]],
    ['3A090.a.2', [check('3A090.a.2', 'tpp', tpp, '>=', 1600), check('3A090.a.2', 'pd', pd, '>=', 5.92)]],
    [
      '3A090.b.1',
      [
        check('3A090.b.1', 'tpp', tpp, '>=', 2400),
        check('3A090.b.1', 'tpp', tpp, '<', 4800),
        check('3A090.b.1', 'pd', pd, '>=', 1.6),
        check('3A090.b.1', 'pd', pd, '<', 5.92),
      ],
    ],
    [
      '3A090.b.2',
      [
        check('3A090.b.2', 'tpp', tpp, '>=', 1600),
        check('3A090.b.2', 'pd', pd, '>=', 3.2),
        check('3A090.b.2', 'pd', pd, '<', 5.92),
      ],
    ],
  ];
  const checks = clauses.flatMap(([, c]) => c);
  const caught = clauses.find(([, c]) => all(c) === true);
  const undecided = clauses.some(([, c]) => all(c) === null);
  if (caught) {
    const [clause, clauseChecks] = caught;
    const why = clauseChecks.filter((c) => c.comparison === '>=').map((c) => describe(c));
    const notDatacenter = input.datacenter === false;
    if (notDatacenter && (tpp ?? 0) < 4800) {
      const note = check('Note 2', 'tpp', tpp, '>=', 4800);
      return {
        rule: 'oct-2023',
        status: 'excluded-note-2',
        clause: 'Note 2',
        checks: [...checks, note],
        summary: `${describe(note)} and the part is not designed or marketed for data centers: excluded by Note 2 (would be ${clause}: ${why.join('; ')})`,
      };
    }
    return {
      rule: 'oct-2023',
      status: 'controlled',
      clause,
      checks,
      summary: `${why.join('; ')}: controlled (${clause})`,
    };
  }
  if (undecided) {
    const unknownWhat = checks.filter((c) => c.passed === null).map((c) => QUANTITY_LABEL[c.quantity]);
    return {
      rule: 'oct-2023',
      status: 'indeterminate',
      clause: null,
      checks,
      summary: `${[...new Set(unknownWhat)].join(' and ')} unknown (no applicable die area?): cannot decide between clauses`,
    };
  }
  // Not caught: the misses of the lowest bars (b.1 and b.2) explain the verdict.
  const b1 = firstFailing(clauses[2]![1])!;
  const b2 = firstFailing(clauses[3]![1])!;
  const misses = [describe(b1), describe(b2, b2.clause.replace('3A090.', ''))];
  return {
    rule: 'oct-2023',
    status: 'not-controlled',
    clause: null,
    checks,
    summary: `${misses.join('; ')}: not controlled`,
  };
}

/** Oct-2022 3A090.a verdict: TPP >= 4800 and I/O >= 600 GB/s. */
export function classifyOct2022(input: ClassifyInput): Verdict {
  const io = input.ioBytesPerSec === null ? null : input.ioBytesPerSec / 1e9;
  const checks = [
    check('3A090.a (2022)', 'tpp', input.tpp, '>=', 4800),
    check('3A090.a (2022)', 'io-gbps', io, '>=', 600),
  ];
  const caught = all(checks);
  const parts = checks.map((c) => describe(c));
  if (caught === true)
    return {
      rule: 'oct-2022',
      status: 'controlled',
      clause: '3A090.a (2022)',
      checks,
      summary: `${parts.join(' and ')}: controlled`,
    };
  if (caught === null)
    return {
      rule: 'oct-2022',
      status: 'indeterminate',
      clause: null,
      checks,
      summary: `${parts.join('; ')}: cannot decide`,
    };
  const miss = checks.filter((c) => c.passed === false).map((c) => describe(c));
  return {
    rule: 'oct-2022',
    status: 'not-controlled',
    clause: null,
    checks,
    summary: `${miss.join('; ')}: not controlled`,
  };
}

/** Jan-2026 licence review test: case-by-case when TPP < 21,000 and DRAM bandwidth < 6,500 GB/s. */
export function classifyJan2026(input: ClassifyInput): Verdict {
  const dram = input.dramBandwidthBytesPerSec === null ? null : input.dramBandwidthBytesPerSec / 1e9;
  const clause = 'case-by-case (2026)';
  const checks = [check(clause, 'tpp', input.tpp, '<', 21000), check(clause, 'dram-gbps', dram, '<', 6500)];
  const ok = all(checks);
  const parts = checks.map((c) => describe(c, 'the case-by-case limit'));
  if (ok === null)
    return {
      rule: 'jan-2026',
      status: 'indeterminate',
      clause: null,
      checks,
      summary: `${parts.join('; ')}: cannot decide`,
    };
  return ok
    ? {
        rule: 'jan-2026',
        status: 'eligible-case-by-case',
        clause,
        checks,
        summary: `${parts.join('; ')}: eligible for case-by-case review`,
      }
    : {
        rule: 'jan-2026',
        status: 'presumption-of-denial',
        clause: null,
        checks,
        summary: `${checks
          .filter((c) => c.passed === false)
          .map((c) => describe(c, 'the case-by-case limit'))
          .join('; ')}: not eligible (presumption of denial)`,
      };
}

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

/** Verdict of one rule for a part. */
export function classify(input: ClassifyInput, rule: RuleId, custom?: CustomRule): Verdict {
  switch (rule) {
    case 'oct-2023':
      return classifyOct2023(input);
    case 'oct-2022':
      return classifyOct2022(input);
    case 'jan-2026':
      return classifyJan2026(input);
    case 'custom':
      if (!custom) throw new TypeError('classify: a custom rule needs its thresholds');
      return classifyCustom(input, custom);
  }
}
