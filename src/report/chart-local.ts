/**
 * Vega-Lite specs of the local run and the model: each case's median with its confidence interval, the
 * self-check (measured against modelled), and the validation errors of the calibration points. Pure.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, SCHEMA } from './chart-style.ts';
import type { ReportData } from './report-data.ts';

/** The local cases' medians with their 95% confidence intervals (log axis). */
export function localKernelsSpec(data: ReportData): TopLevelSpec | null {
  const rows = (data.local?.kernels ?? []).filter(
    (k) => k.median !== null && k.median > 0 && k.ciLow !== null && k.ciHigh !== null && k.ciLow > 0,
  );
  if (rows.length === 0) return null;
  const units = [...new Set(rows.map((k) => k.unit))];
  const values = rows.map((k) => ({
    label: `${k.case} (${k.backend})`,
    median: k.median,
    lo: k.ciLow,
    hi: k.ciHigh,
  }));
  const y = { field: 'label', type: 'nominal', title: null, sort: values.map((v) => v.label) } as const;
  const title = `median (${units.length === 1 ? units[0] : 'see table for units'}), log`;
  return {
    $schema: SCHEMA,
    title: { text: 'Measured time per case', subtitle: 'median with its 95% confidence interval' },
    config: CONFIG,
    width: 420,
    height: { step: 18 },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#4c78a8', strokeWidth: 2 },
        encoding: {
          y,
          x: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title },
          x2: { field: 'hi' },
        },
      },
      {
        mark: { type: 'point', filled: true, color: '#1f3b5a', size: 40 },
        encoding: { y, x: { field: 'median', type: 'quantitative' } },
      },
    ],
  };
}

/** Measured against modelled time, per kernel, for both checks, with the y = x line. */
export function selfCheckSpec(data: ReportData): TopLevelSpec | null {
  const local = data.local;
  if (!local) return null;
  const catalogLabel = `catalog model (${local.catalogGpu ?? 'n/a'})`;
  const values = [
    ...local.selfCheck.map((r) => ({ ...r, check: 'roofline fitted to this run' })),
    ...local.catalogCheck.map((r) => ({ ...r, check: catalogLabel })),
  ]
    .filter((r) => r.measured > 0 && r.modelled > 0)
    .map((r) => ({ label: r.case, check: r.check, measured: r.measured, modelled: r.modelled }));
  if (values.length === 0) return null;
  const all = values.flatMap((v) => [v.measured, v.modelled]);
  const lo = Math.min(...all) / 1.5;
  const hi = Math.max(...all) * 1.5;
  const units = [...new Set([...local.selfCheck, ...local.catalogCheck].map((r) => r.unit))].join(', ');
  const scale = { type: 'log' as const, domain: [lo, hi], nice: false };
  return {
    $schema: SCHEMA,
    title: { text: 'Self-check: measured against modelled', subtitle: 'on the line = the model is exact' },
    config: CONFIG,
    width: 360,
    height: 360,
    layer: [
      {
        data: { values: [{ v: lo }, { v: hi }] },
        mark: { type: 'line', color: '#999', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'v', type: 'quantitative', scale, title: `measured (${units})` },
          y: { field: 'v', type: 'quantitative', scale, title: `modelled (${units})` },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: { field: 'measured', type: 'quantitative' },
          y: { field: 'modelled', type: 'quantitative' },
          color: {
            field: 'check',
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom', direction: 'vertical' },
          },
          shape: { field: 'check', type: 'nominal', title: null },
        },
      },
    ],
  };
}

/** The calibration points' relative errors (modelled over measured, minus 1), by group. */
export function validationSpec(data: ReportData): TopLevelSpec | null {
  const rows = data.model.validation.filter((r) => Number.isFinite(r.error));
  if (rows.length === 0) return null;
  const values = rows.map((r) => ({ label: `${r.group}: ${r.id}`, group: r.group, error: r.error }));
  return {
    $schema: SCHEMA,
    title: { text: 'Model validation error', subtitle: 'modelled / measured - 1, per calibration point' },
    config: CONFIG,
    width: 300,
    height: { step: 14 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: values.map((v) => v.label),
        axis: { labelFontSize: 9 },
      },
      x: { field: 'error', type: 'quantitative', title: 'error', axis: { format: '.0%' } },
      color: { field: 'group', type: 'nominal', title: 'group', legend: { orient: 'bottom' } },
    },
  };
}
