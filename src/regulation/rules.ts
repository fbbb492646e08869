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
import { all, check, describe, firstFailing, QUANTITY_LABEL } from './checks.ts';
import { performanceDensity, totalProcessingPerformance } from './tpp.ts';
import type { Check, ClassifyInput, CustomRule, RuleId, Verdict } from './types.ts';
import { RULE_IDS } from './types.ts';
import { classifyCustom } from './what-if.ts';

export { RULE_IDS };

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
