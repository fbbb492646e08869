/**
 * The HTML report at scale: a synthetic report of 20 GPUs, 30 workloads (a bar chart each), a roofline per
 * GPU and a winner map reduced from a 1,000,000-point sweep (80 x 60 = 4,800 cells, built directly as the
 * report section), rendered as `tppbench report --format html` does: chart specs, Vega SVGs, the page.
 * A last row reduces a 999,000-result sweep document in the timed run (`sweepSection`) instead.
 * Targets: < 3000 ms per report, the first one included (it loads Vega); the HTML < 5 MB.
 */
import { sweepSection } from '../src/analysis/sweep-map.ts';
import { chartSpecs } from '../src/report/charts.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderChartSvgs } from '../src/report/svg.ts';
import { type BenchFile, type BenchRow, wallTimeMs } from './harness.ts';
import { syntheticReport, syntheticSweepDocument } from './synthetic-report.ts';

const data = syntheticReport({ gpus: 20, workloads: 30, sweepPoints: 1_000_000, cellsX: 80, cellsY: 60 });

async function render(): Promise<string> {
  return renderHtml(data, await renderChartSvgs(chartSpecs(data)));
}

/** The same report with its winner map reduced here from a 999,000-result sweep document. */
const sweepDoc = syntheticSweepDocument();
async function renderWithSweep(): Promise<string> {
  const section = sweepSection(sweepDoc, 'sweep-1m');
  const report = { ...data, sweeps: [section] };
  return renderHtml(report, await renderChartSvgs(chartSpecs(report)));
}

const bench: BenchFile = async () => {
  const map = data.sweeps.find((s) => s.view.kind === 'winner-map');
  const cells = map?.view.kind === 'winner-map' ? map.view.cells.length : 0;
  if (cells !== 4800) throw new Error(`expected a 4,800-cell winner map, got ${cells}`);
  let html = '';
  const cold = await wallTimeMs(async () => {
    html = await render();
  }, 1);
  const warm = await wallTimeMs(render, 5);
  const endToEnd = await wallTimeMs(renderWithSweep, 3);
  const sizeMB = Buffer.byteLength(html, 'utf8') / 1e6;
  const rows: BenchRow[] = [
    {
      name: 'html report 20 GPUs x 30 workloads + 4,800-cell map, first (loads vega)',
      unit: 'ms',
      higherIsBetter: false,
      target: { value: 3000, text: '< 3000 ms' },
      samples: cold,
    },
    {
      name: 'html report 20 GPUs x 30 workloads + 4,800-cell map',
      unit: 'ms',
      higherIsBetter: false,
      baseline: 'html report 20 GPUs x 30 workloads + 4,800-cell map, first (loads vega)',
      target: { value: 3000, text: '< 3000 ms' },
      samples: warm,
    },
    {
      name: 'html report with a 999,000-result sweep reduced in the run',
      unit: 'ms',
      higherIsBetter: false,
      target: { value: 3000, text: '< 3000 ms' },
      samples: endToEnd,
    },
    {
      name: 'html report size',
      unit: 'MB',
      higherIsBetter: false,
      target: { value: 5, text: '< 5 MB' },
      samples: [sizeMB],
    },
  ];
  return rows;
};
export default bench;
