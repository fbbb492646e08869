/**
 * Sweep grids: which values each swept parameter takes, and the mixed-radix walk over their product.
 *
 * Axis syntax (one parameter's value; the CLI takes it as the flag's value):
 * - `1,2,4`            a list (any parameter kind; choices too, e.g. dtype `bf16,fp8`);
 * - `1..1024`          log-spaced by doubling: 1, 2, 4, ..., 1024 (the end is always included);
 * - `1..1024:20`       20 log-spaced points from 1 to 1024 (integer parameters round, duplicates drop);
 * - `0..4096+512`      linear steps of 512: 0, 512, ..., 4096;
 * - decimals where the parameter takes them (targetTpotMs `0.5..50`, `0.5..2+0.25`); an integer
 *   parameter's ends and step must be integers (`1.5k` = 1536 is one);
 * - numbers take `k`/`m` suffixes as powers of 1024 (`1k..128k` = 1024..131072, as in "4k context");
 *   `bytes` parameters take their own units (`1MB..1GB`, `1KiB..1GiB`);
 * - `integer-or-max` parameters (llm-serving `batch`) sweep like integers; a list may also hold `max`
 *   (`1,8,64,max`), which a range cannot.
 * A malformed or empty range is a UserError naming the parameter.
 * @module
 */
import { type Message, msg, param, paramList, UserError } from '../errors.ts';
import {
  isIntegerKind,
  isNumericKind as numeric,
  type ParamKind,
  type ParamSpec,
  type ParamValue,
  parseBytes,
  parseParam,
} from '../workloads/params.ts';

/** How an axis's values were produced. */
export type AxisSpacing = 'list' | 'log' | 'linear' | 'single';

/** One swept parameter and its values, already parsed against its spec. */
export interface SweepAxis {
  /** Param key, e.g. `batch`. */
  readonly key: string;
  /** Its spec's CLI flag, e.g. `--batch` (what a report shows a CLI user). */
  readonly flag: string;
  readonly kind: ParamKind;
  readonly spacing: AxisSpacing;
  readonly values: readonly ParamValue[];
}

/** The most values one axis may take (each axis's values are held in memory and sent to every worker). */
export const MAX_AXIS_VALUES = 100_000;
/**
 * The default limit on parameter combinations x GPUs (estimates, one output row each) a sweep evaluates; a
 * caller raises it with `maxEstimates` (the CLI's `--max-points`). Outputs stream, so the limit bounds time
 * and disk (about 50 bytes of CSV per estimate), not memory.
 */
export const MAX_GRID_ESTIMATES = 50_000_000;

const SUFFIX: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A number of an integer/number parameter: plain decimal, or with a `k`/`m`/`g` (x1024) suffix. */
function scalar(spec: ParamSpec, text: string): number {
  if (spec.kind === 'bytes') return parseBytes(text);
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmg]?)\s*$/i.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * (SUFFIX[(match[2] ?? '').toLowerCase()] ?? Number.NaN);
}

function bad(spec: ParamSpec, raw: string, why: string | Message): never {
  throw new UserError(msg`${param(spec.key)}: bad sweep range "${raw}": ${why}`, 'usage');
}

/** Whether `raw` asks for more than one value (a list or a range). */
export function isSweepValue(raw: string): boolean {
  return raw.includes(',') || raw.includes('..');
}

function logPoints(spec: ParamSpec, raw: string, lo: number, hi: number, count: number | null): number[] {
  if (lo <= 0)
    bad(spec, raw, 'a log-spaced range needs a start > 0; use a list or a linear step (a..b+step)');
  const out: number[] = [];
  if (count === null) {
    for (let v = lo; v < hi * (1 - 1e-12); v *= 2) out.push(v);
    out.push(hi);
  } else if (count === 1) {
    out.push(lo);
  } else {
    const ratio = (hi / lo) ** (1 / (count - 1));
    for (let i = 0; i < count; i++) out.push(i === count - 1 ? hi : lo * ratio ** i);
  }
  return out;
}

/** The parts of `a..b`, `a..b:count` or `a..b+step`; null when malformed. Decimals may hold `.` and `e+`. */
function rangeParts(text: string): { lo: string; hi: string; count?: string; step?: string } | null {
  const dots = text.indexOf('..');
  if (dots <= 0) return null;
  const lo = text.slice(0, dots);
  const rest = text.slice(dots + 2);
  const counted = /^(.+):(.+)$/.exec(rest);
  if (counted) return { lo, hi: counted[1]!, count: counted[2]! };
  // A `+` right after an exponent's `e` (`1e+3`) belongs to the number, not to a step.
  const stepped = /^(.*[^eE+])\+(.+)$/.exec(rest);
  if (stepped) return { lo, hi: stepped[1]!, step: stepped[2]! };
  return rest === '' ? null : { lo, hi: rest };
}

/** Round off the last bits of `lo + i * step` (0.1 + 2 * 0.1 is 0.30000000000000004). */
const tidy = (v: number): number => Number(v.toPrecision(12));

function rangeValues(spec: ParamSpec, raw: string): { values: number[]; spacing: AxisSpacing } {
  const parts = rangeParts(raw.trim());
  if (!parts) return bad(spec, raw, 'expected a..b, a..b:count or a..b+step');
  const lo = scalar(spec, parts.lo);
  const hi = scalar(spec, parts.hi);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) bad(spec, raw, 'both ends must be numbers');
  const integer = isIntegerKind(spec.kind);
  for (const [what, v] of [
    ['start', lo],
    ['end', hi],
  ] as const) {
    if (integer && !Number.isInteger(v)) {
      bad(spec, raw, msg`${param(spec.key)} takes integers; the ${what} ${v} is not one`);
    }
  }
  if (hi < lo) bad(spec, raw, `the end (${hi}) is below the start (${lo})`);
  if (parts.count !== undefined) {
    const count = Number(parts.count);
    if (!Number.isInteger(count) || count < 1)
      bad(spec, raw, 'the point count after ":" must be a positive integer');
    if (count > MAX_AXIS_VALUES) bad(spec, raw, `at most ${MAX_AXIS_VALUES} points per axis`);
    return { values: logPoints(spec, raw, lo, hi, count), spacing: 'log' };
  }
  if (parts.step !== undefined) {
    const step = scalar(spec, parts.step);
    if (!(step > 0)) bad(spec, raw, 'the step after "+" must be a positive number');
    if (integer && !Number.isInteger(step)) {
      bad(spec, raw, msg`${param(spec.key)} takes integers; the step ${step} is not one`);
    }
    const n = Math.floor((hi - lo) / step + 1e-9) + 1;
    if (n > MAX_AXIS_VALUES) bad(spec, raw, `at most ${MAX_AXIS_VALUES} points per axis (got ${n})`);
    return { values: Array.from({ length: n }, (_, i) => tidy(lo + i * step)), spacing: 'linear' };
  }
  return { values: logPoints(spec, raw, lo, hi, null), spacing: 'log' };
}

/**
 * Parse one parameter's sweep value into an axis. Every value is checked against the parameter's spec, so
 * batch `0..8+4` fails on the 0 as `batch must be a positive integer`.
 */
export function parseSweepAxis(spec: ParamSpec, raw: string): SweepAxis {
  const text = raw.trim();
  let spacing: AxisSpacing;
  let values: ParamValue[];
  if (text.includes('..')) {
    if (!numeric(spec.kind))
      bad(spec, raw, msg`${param(spec.key)} is not numeric; give a comma-separated list`);
    const range = rangeValues(spec, text);
    spacing = range.spacing;
    let numbers = range.values;
    // Log-spaced points between integer ends round (the ends themselves are integers already).
    if (isIntegerKind(spec.kind)) numbers = numbers.map((v) => Math.round(v));
    values = [...new Set(numbers)].map((v) => parseParam(spec, v));
  } else {
    spacing = text.includes(',') ? 'list' : 'single';
    const items = text.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) bad(spec, raw, 'empty list item');
    values = items.map((item) => {
      if (!numeric(spec.kind)) return parseParam(spec, item);
      const n = scalar(spec, item);
      return parseParam(spec, Number.isFinite(n) ? n : item);
    });
    values = [...new Set(values)];
  }
  return { key: spec.key, flag: spec.flag, kind: spec.kind, spacing, values };
}

/** A grid: the axes and the number of parameter combinations (points). The last axis varies fastest. */
export interface SweepGrid {
  readonly axes: readonly SweepAxis[];
  readonly points: number;
}

/**
 * Build a grid; more than `maxEstimates` (default {@link MAX_GRID_ESTIMATES}) points x GPUs is a UserError
 * naming the swept parameters and `maxEstimates`, raised before any work.
 */
export function sweepGrid(
  axes: readonly SweepAxis[],
  gpuCount: number,
  maxEstimates: number = MAX_GRID_ESTIMATES,
): SweepGrid {
  let points = 1;
  for (const axis of axes) points *= axis.values.length;
  if (points * gpuCount > maxEstimates) {
    throw new UserError(
      msg`the sweep has ${points} points x ${gpuCount} GPUs = ${points * gpuCount} estimates, over the limit of ${maxEstimates}: narrow ${paramList(axes.map((a) => a.key))} or raise ${param('maxEstimates')}`,
      'usage',
    );
  }
  return { axes, points };
}

/** Write the axis values of point `index` into `target` (mixed radix, last axis fastest). */
export function assignPoint(grid: SweepGrid, index: number, target: Record<string, ParamValue>): void {
  let rest = index;
  for (let a = grid.axes.length - 1; a >= 0; a--) {
    const axis = grid.axes[a]!;
    const n = axis.values.length;
    target[axis.key] = axis.values[rest % n]!;
    rest = Math.floor(rest / n);
  }
}

/** The index of each axis at point `index`. */
export function pointCoordinates(grid: SweepGrid, index: number): number[] {
  const out = new Array<number>(grid.axes.length);
  let rest = index;
  for (let a = grid.axes.length - 1; a >= 0; a--) {
    const n = grid.axes[a]!.values.length;
    out[a] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/** The point index of axis coordinates. */
export function pointIndex(grid: SweepGrid, coordinates: readonly number[]): number {
  let index = 0;
  for (let a = 0; a < grid.axes.length; a++) index = index * grid.axes[a]!.values.length + coordinates[a]!;
  return index;
}
