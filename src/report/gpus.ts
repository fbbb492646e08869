/**
 * Pure renderer of the GPU table.
 * @module
 */
import type { GpuSummary, KeySpecs } from '../api/gpus.ts';
import type { Verdict } from '../regulation/types.ts';
import { formatNumber, renderTable } from './table.ts';

/** Short label of a verdict for a table cell. */
export function verdictLabel(verdict: Verdict | undefined): string {
  if (!verdict) return '';
  switch (verdict.status) {
    case 'controlled':
      return verdict.clause ?? 'controlled';
    case 'not-controlled':
      return 'not controlled';
    case 'excluded-note-2':
      return 'out (Note 2)';
    case 'eligible-case-by-case':
      return 'case-by-case';
    case 'presumption-of-denial':
      return 'denial';
    case 'indeterminate':
      return 'unknown';
  }
}

const MARK = '*';

/** The GPU table as text, with a legend for unverified figures. */
export function renderGpuTable(rows: readonly GpuSummary[]): string {
  const spec = (g: GpuSummary, key: keyof KeySpecs, digits: number) =>
    formatNumber(g.keySpecs[key], digits) + (g.unverified.includes(key) ? MARK : '');
  const table = renderTable(
    [
      { header: 'id' },
      { header: 'name' },
      { header: 'TPP', align: 'right' },
      { header: 'PD', align: 'right' },
      { header: '3A090 (2023)' },
      { header: '2022 rule' },
      { header: 'Jan-2026' },
      { header: 'BF16 TF', align: 'right' },
      { header: 'FP8 TF', align: 'right' },
      { header: 'Mem GB', align: 'right' },
      { header: 'Mem TB/s', align: 'right' },
      { header: 'Link GB/s', align: 'right' },
    ],
    rows.map((g) => [
      g.id,
      g.name,
      formatNumber(g.regulation.tpp),
      formatNumber(g.regulation.pd, 2),
      verdictLabel(g.regulation.verdicts['oct-2023']),
      verdictLabel(g.regulation.verdicts['oct-2022']),
      verdictLabel(g.regulation.verdicts['jan-2026']),
      spec(g, 'bf16Tflops', 1),
      spec(g, 'fp8Tflops', 1),
      spec(g, 'memoryGB', 0),
      spec(g, 'memoryTBps', 2),
      spec(g, 'linkGBps', 0),
    ]),
  );
  return `${table}\n\n${MARK} unverified source. TPP = max dense TOPS x bit length; PD = TPP / die mm². Sources: \`tppbench gpus --json\`.`;
}
