/**
 * Reducing a sweep document for a report: a synthetic `tppbench sweep` document of 999,000 results (batch
 * 1..1000 x input length 128..128k at 333 values x 3 GPUs, rows as JSON.parse makes them, one params object
 * each) with 1,333 crossovers, reduced by `sweepSection` to an 80 x 60 winner map and a few boundary rows.
 * Target: < 1000 ms per reduction; the section's JSON (what the HTML embeds) < 5 MB.
 */
import { sweepSection } from '../src/analysis/sweep-map.ts';
import { type BenchFile, type BenchRow, wallTimeMs } from './harness.ts';
import { syntheticSweepDocument as syntheticDocument } from './synthetic-report.ts';

const bench: BenchFile = async () => {
  const doc = syntheticDocument();
  if (doc.results.length !== 999_000) throw new Error(`expected 999,000 results, got ${doc.results.length}`);
  const section = sweepSection(doc, 'warm-up');
  if (section.view.kind !== 'winner-map' || section.view.cells.length > 4800) throw new Error('not a map');
  const bytes = Buffer.byteLength(JSON.stringify(section));
  const times = await wallTimeMs(async () => sweepSection(doc, 'sweep'), 7);
  const rows: BenchRow[] = [
    {
      name: 'sweepSection, 999,000 results (1000 x 333 x 3 GPUs)',
      unit: 'ms',
      higherIsBetter: false,
      target: { value: 1000, text: '< 1000 ms' },
      samples: times,
    },
    {
      name: 'sweep section JSON size',
      unit: 'bytes',
      higherIsBetter: false,
      target: { value: 5e6, text: '< 5 MB' },
      samples: [bytes],
    },
  ];
  return rows;
};
export default bench;
