/**
 * Pure renderers for `classify`: a block per part, or a catch table for a what-if rule over the catalog.
 * @module
 */
import type { ClassifyReport } from '../api/classify.ts';
import type { RegulatoryProfile, RuleId } from '../regulation/index.ts';
import { verdictLabel } from './gpus.ts';
import { formatNumber, renderTable } from './table.ts';

const RULE_TITLE: Record<RuleId, string> = {
  'oct-2023': '3A090 (Oct 2023)',
  'oct-2022': '3A090 (Oct 2022)',
  'jan-2026': 'Jan 2026 review',
  custom: 'what-if rule',
};

function block(p: RegulatoryProfile, rules: readonly RuleId[]): string {
  const dc =
    p.datacenter === null
      ? 'data-center status unknown'
      : p.datacenter
        ? 'data center'
        : 'not for data centers';
  const precision = p.tppPrecision ? ` (${p.tppPrecision})` : '';
  const head = `${p.name}${p.gpuId === 'part' ? '' : ` [${p.gpuId}]`}: TPP ${formatNumber(p.tpp)}${precision}, PD ${formatNumber(p.pd, 2)}, ${dc}`;
  const width = Math.max(...rules.map((r) => RULE_TITLE[r].length));
  const lines = rules
    .map((r) => [r, p.verdicts[r]] as const)
    .filter(([, v]) => v !== undefined)
    .map(([r, v]) => `  ${RULE_TITLE[r].padEnd(width)}  ${verdictLabel(v).padEnd(14)}  ${v!.summary}`);
  return [head, ...lines].join('\n');
}

/** Render a classify report; `rules` limits which verdicts are shown. */
export function renderClassify(report: ClassifyReport, rules: readonly RuleId[]): string {
  const whatIfOverCatalog = report.custom !== null && report.profiles.length > 1;
  if (!whatIfOverCatalog) return report.profiles.map((p) => block(p, rules)).join('\n\n');
  const caught = report.profiles.filter((p) => p.verdicts.custom?.status === 'controlled');
  const table = renderTable(
    [
      { header: 'id' },
      { header: 'TPP', align: 'right' },
      { header: 'PD', align: 'right' },
      { header: 'what-if' },
      { header: '3A090 (2023)' },
      { header: 'why' },
    ],
    report.profiles.map((p) => [
      p.gpuId,
      formatNumber(p.tpp),
      formatNumber(p.pd, 2),
      p.verdicts.custom?.status === 'controlled' ? 'CAUGHT' : verdictLabel(p.verdicts.custom),
      verdictLabel(p.verdicts['oct-2023']),
      p.verdicts.custom?.summary ?? '',
    ]),
  );
  return `${table}\n\nThe what-if rule catches ${caught.length} of ${report.profiles.length} GPUs${caught.length ? `: ${caught.map((p) => p.gpuId).join(', ')}` : ''}.`;
}
