/**
 * Render a calibration (pure): the fitted values, each point with its error, and the validation checks.
 * @module
 */
import { formatSignificant } from '../report/estimate.ts';
import { renderTable } from '../report/table.ts';
import type { CalibrationDocument } from './calibration-document.ts';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const num = (x: number | null) => (x === null ? '-' : formatSignificant(x));

/** The points, fitted values and errors of a calibration, as text. */
export function renderCalibration(doc: CalibrationDocument): string {
  const f = doc.fit;
  const curves = Object.entries(f.compute)
    .flatMap(([cls, c]) => (c ? [`${cls} etaMax ${c.etaMax} (kHalf ${c.kHalf})`] : []))
    .join(', ');
  const lines = [
    `calibration of ${doc.gpu} from a probe of ${doc.probe.device} (torch ${doc.probe.torch}, CUDA ${doc.probe.cuda})`,
    `compute: ${curves}; launch latency ${(f.launchLatencySec * 1e6).toFixed(1)} us; band +/-${Math.round(f.bands.compute * 100)}%`,
    `memory: efficiency ${f.memoryLine.intercept} + ${f.memoryLine.slope} x read fraction; band +/-${Math.round(f.bands.memory * 100)}%`,
    '',
    renderTable(
      [
        { header: 'gemm' },
        { header: 'shape' },
        { header: 'measured TFLOPS', align: 'right' },
        { header: 'fit', align: 'right' },
        { header: 'error', align: 'right' },
      ],
      doc.gemm.map((g) => [
        g.label,
        `${g.m}x${g.n}x${g.k} ${g.precision}`,
        formatSignificant(g.measuredTflops),
        formatSignificant(g.fittedTflops),
        pct(g.relativeError),
      ]),
    ),
    '',
    renderTable(
      [
        { header: 'memory' },
        { header: 'read fraction', align: 'right' },
        { header: 'measured eff.', align: 'right' },
        { header: 'fit', align: 'right' },
        { header: 'error', align: 'right' },
      ],
      doc.memory.map((m) => [
        m.kernel,
        m.readFraction.toFixed(2),
        m.measuredEfficiency.toFixed(3),
        m.fittedEfficiency.toFixed(3),
        pct(m.relativeError),
      ]),
    ),
  ];
  if (doc.checks.length > 0) {
    lines.push(
      '',
      'not fitted (validation): measured against the calibrated model',
      renderTable(
        [
          { header: 'check' },
          { header: 'measured ms', align: 'right' },
          { header: 'model ms', align: 'right' },
          { header: 'measured/model', align: 'right' },
          { header: 'efficiency', align: 'right' },
        ],
        doc.checks.map((c) => [
          c.what,
          num(c.measuredMs),
          num(c.modelMs),
          c.ratio === null ? '-' : c.ratio.toFixed(2),
          c.efficiency === null ? '-' : `${(c.efficiency * 100).toFixed(0)}% of ${c.basis}`,
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
