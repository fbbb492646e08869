/**
 * Formatting shared by the regression-check renderers (`check.ts`): verdict order, the headline counts,
 * signed percentages, thresholds, p-values, both sides of a metric in one display unit, and one row of
 * cells. Every number becomes text here once: `n/a` for a missing one, never `NaN` or `Infinity`.
 * @module
 */
import type { MetricVerdict, VerdictKind } from '../regress/types.ts';
import { formatSignificant } from './estimate.ts';
import { type Column, formatNumber } from './table.ts';

/** Display order of the verdicts: what needs attention first. */
const ORDER: readonly VerdictKind[] = [
  'regressed',
  'improved',
  'inconclusive',
  'missing-baseline',
  'missing-current',
  'pass',
];

/** Words of the headline, in its order. */
const HEADLINE: readonly (readonly [VerdictKind, string])[] = [
  ['regressed', 'regressed'],
  ['improved', 'improved'],
  ['pass', 'pass'],
  ['inconclusive', 'inconclusive'],
  ['missing-baseline', 'missing baseline'],
  ['missing-current', 'missing current'],
];

/** How many verdicts are of `kind`. */
export const countOf = (verdicts: readonly MetricVerdict[], kind: VerdictKind) =>
  verdicts.filter((v) => v.verdict === kind).length;

/** The verdicts by {@link ORDER}, stable within a verdict. */
export function ordered(verdicts: readonly MetricVerdict[]): MetricVerdict[] {
  return ORDER.flatMap((kind) => verdicts.filter((v) => v.verdict === kind));
}

/**
 * `2 regressed, 1 improved, 14 pass, 1 inconclusive (of 18)`: regressed and pass always, the others when
 * present. Counted from the verdicts, so the headline always agrees with the rows under it.
 */
export function headline(verdicts: readonly MetricVerdict[]): string {
  const parts = HEADLINE.filter(
    ([kind]) => kind === 'regressed' || kind === 'pass' || countOf(verdicts, kind) > 0,
  )
    .map(([kind, word]) => `${countOf(verdicts, kind)} ${word}`)
    .join(', ');
  return `${parts} (of ${verdicts.length})`;
}

/** Control characters (C0, DEL, C1) shown as `?` so an id cannot move the cursor or inject colour. */
export const visible = (s: string) => Array.from(s, (c) => (isControl(c.codePointAt(0)!) ? '?' : c)).join('');

/** C0 controls, DEL and C1 controls. */
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** Cut `s` to `n` characters with an ellipsis in the middle, keeping both ends of an id. */
export function cutMiddle(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 1) return '…'.slice(0, n);
  const head = Math.ceil((n - 1) / 2);
  const tail = n - 1 - head;
  return `${s.slice(0, head)}…${tail > 0 ? s.slice(-tail) : ''}`;
}

/** A relative change as a signed percentage: `+21.3%`, `-4.0%`, `+0.0012%`, `0%`, `n/a`. */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return 'n/a';
  if (change === 0) return '0%';
  const pct = change * 100;
  const sign = pct > 0 ? '+' : '-';
  const abs = Math.abs(pct);
  const body = abs < 0.1 ? Number(abs.toPrecision(2)).toString() : formatNumber(abs, 1);
  return `${sign}${body}%`;
}

/** A threshold as an unsigned percentage without trailing zeros: `5%`, `2.5%`, `1e-7%`. */
export function formatThreshold(threshold: number): string {
  if (!Number.isFinite(threshold)) return 'n/a';
  const pct = threshold * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.01) return `${Number(pct.toPrecision(1)).toExponential()}%`;
  return `${Number(pct.toFixed(2))}%`;
}

/** A p-value: `0.41`, `0.0002`, `<0.0001`, `n/a`. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'n/a';
  if (p >= 0.01) return p.toFixed(2);
  if (p >= 0.0001) return p.toFixed(4);
  return '<0.0001';
}

/** The bootstrap interval of the change: `+18.0%..+24.9%`, or `n/a`. */
function formatCi(ci: MetricVerdict['changeCi'], separator: string): string {
  return ci === null ? 'n/a' : `${formatChange(ci[0])}${separator}${formatChange(ci[1])}`;
}

/** Seconds scaled to the unit a reader expects for the magnitude. */
const TIME_SCALES: readonly (readonly [number, string])[] = [
  [1, 's'],
  [1e-3, 'ms'],
  [1e-6, 'µs'],
  [1e-9, 'ns'],
];

/**
 * The unit both sides of a verdict are shown in and the factor to it: a metric in seconds goes to s, ms, µs
 * or ns by the larger side's magnitude (so the two sides share a unit); any other unit stays as it is.
 */
function displayUnit(v: MetricVerdict): { unit: string; factor: number } {
  if (v.unit !== 's') return { unit: v.unit, factor: 1 };
  const sides = [v.baseline, v.current].filter((x): x is number => x !== null && Number.isFinite(x));
  const largest = Math.max(0, ...sides.map(Math.abs));
  const [scale, unit] = TIME_SCALES.find(([s]) => largest >= s) ?? TIME_SCALES[TIME_SCALES.length - 1]!;
  return { unit, factor: 1 / scale };
}

/** Both sides as numbers in the display unit, `n/a` when missing. */
function sides(v: MetricVerdict): { baseline: string; current: string; unit: string } {
  const { unit, factor } = displayUnit(v);
  const show = (x: number | null) => (x === null ? 'n/a' : formatSignificant(x * factor));
  return { baseline: show(v.baseline), current: show(v.current), unit };
}

/** The numbers of a verdict in one line, for JUnit bodies. */
export function numbersLine(v: MetricVerdict): string {
  const s = sides(v);
  const withUnit = (x: string) => (x === 'n/a' || s.unit === '' ? x : `${x} ${s.unit}`);
  const ci = v.changeCi === null ? '' : ` [95% CI ${formatCi(v.changeCi, ', ')}]`;
  const p = v.pValue === null ? '' : `, p ${formatP(v.pValue)}`;
  return `baseline ${withUnit(s.baseline)}, current ${withUnit(s.current)}, change ${formatChange(v.change)}${ci}${p}, threshold ${formatThreshold(v.threshold)}`;
}

/** One row of cells: verdict, metric, baseline, current, unit, change, CI, p, threshold, reason. */
export function cells(v: MetricVerdict, id: string): string[] {
  const s = sides(v);
  return [
    v.verdict,
    id,
    s.baseline,
    s.current,
    visible(s.unit),
    formatChange(v.change),
    formatCi(v.changeCi, '..'),
    formatP(v.pValue),
    formatThreshold(v.threshold),
    visible(v.reason),
  ];
}

/** Column headers of a verdict row ({@link cells}). */
export const HEADERS = [
  'verdict',
  'metric',
  'baseline',
  'current',
  'unit',
  'change',
  '95% CI',
  'p',
  'thr',
  'reason',
];
const RIGHT = new Set(['baseline', 'current', 'change', 'p', 'thr']);
/** The columns of a verdict row: numbers right-aligned. */
export const COLUMNS: readonly Column[] = HEADERS.map((header) => ({
  header,
  align: RIGHT.has(header) ? 'right' : 'left',
}));
