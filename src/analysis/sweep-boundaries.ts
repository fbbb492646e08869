/**
 * A sweep's crossovers as a short table of boundaries: one row per GPU pair, axis and direction of the flip
 * (below winner, above winner), over every line of the other axis, instead of one sentence per line.
 * A pair that flips back and forth along one line gives a row per flip: the k-th flip of a direction on a
 * line joins the k-th of that direction on the other lines.
 * Positions: a flip lies between `lastBelow` and `firstAbove` (adjacent integers on a refined integer axis,
 * two grid values on a list axis); a row's `atMin`/`atMax` are the smallest and largest midpoints (geometric
 * on a log axis), in the axis's positions; its text names the `lastBelow` range, as the sentences did.
 * @module
 */
import { formatAxisValue as formatValue } from '../report/crossover-text.ts';
import type { SweepBoundary } from '../report/report-data.ts';
import type { SweepDocument } from '../results/sweep.ts';
import type { ParamValue } from '../workloads/params.ts';

/** What the boundaries read of a shown axis. */
export interface ShownAxis {
  readonly key: string;
  /** The name in text: the flag without dashes, e.g. `input-len`. */
  readonly name: string;
  readonly log: boolean;
  /** Values in position order. */
  readonly display: readonly ParamValue[];
  /** Value -> index in `display`. */
  readonly index: ReadonlyMap<ParamValue, number>;
  /** Where a number falls on the axis, in chart positions. */
  position(value: number): number;
}

/** The boundary rows, and each kept flip's `[lastBelow, firstAbove]` positions per shown axis key. */
export interface SweepBoundaries {
  readonly rows: SweepBoundary[];
  readonly flips: ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

interface Group {
  readonly lo: number;
  readonly hi: number;
  readonly axis: number;
  readonly below: number;
  readonly above: number;
  readonly ordinal: number;
  count: number;
  atMin: number;
  atMax: number;
  lastBelowMin: number;
  lastBelowMax: number;
  /** Index range of the other shown axis over the group's lines (-1 on a line sweep). */
  otherMin: number;
  otherMax: number;
}

const midpoint = (log: boolean, a: number, b: number) =>
  log && a > 0 && b > 0 ? Math.sqrt(a) * Math.sqrt(b) : a + (b - a) / 2;

const span = (a: string, b: string) => (a === b ? a : `${a}..${b}`);

/**
 * Group the crossovers of `doc` along the shown axes whose other params sit on the shown slice (the held
 * axes at their values). Crossovers naming an unknown GPU or axis are skipped. Sorted by GPU pair (in
 * `doc.gpus` order), then axis, then position.
 */
export function sweepBoundaries(
  doc: SweepDocument,
  shown: readonly ShownAxis[],
  held: readonly { readonly key: string; readonly value: ParamValue }[],
): SweepBoundaries {
  const gpuIndex = new Map(doc.gpus.map((gpu, i) => [gpu.id, i]));
  const kept = doc.crossovers
    .filter((c) => shown.some((a) => a.key === c.axis) && held.every((h) => c.at[h.key] === h.value))
    .sort((a, b) => a.lastBelow - b.lastBelow);
  const groups = new Map<string, Group>();
  const ordinals = new Map<string, number>();
  const flips = new Map<string, [number, number][]>(shown.map((a) => [a.key, []]));
  for (const c of kept) {
    const ai = shown.findIndex((a) => a.key === c.axis);
    const axis = shown[ai]!;
    const other = shown[1 - ai];
    const [i, j] = [gpuIndex.get(c.gpus[0]!), gpuIndex.get(c.gpus[1]!)];
    const [below, above] = [gpuIndex.get(c.below.winner), gpuIndex.get(c.above.winner)];
    if (i === undefined || j === undefined || below === undefined || above === undefined) continue;
    const otherIndex = other ? other.index.get(c.at[other.key]!) : -1;
    if (otherIndex === undefined) continue;
    const [lo, hi] = i < j ? [i, j] : [j, i];
    const line = `${lo} ${hi} ${ai} ${below} ${above} ${otherIndex}`;
    const ordinal = ordinals.get(line) ?? 0;
    ordinals.set(line, ordinal + 1);
    const lastBelow = axis.position(c.lastBelow);
    const firstAbove = axis.position(c.firstAbove);
    flips.get(axis.key)!.push([lastBelow, firstAbove]);
    const at = midpoint(axis.log, lastBelow, firstAbove);
    const key = `${lo} ${hi} ${ai} ${below} ${above} ${ordinal}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        lo,
        hi,
        axis: ai,
        below,
        above,
        ordinal,
        count: 1,
        atMin: at,
        atMax: at,
        lastBelowMin: c.lastBelow,
        lastBelowMax: c.lastBelow,
        otherMin: otherIndex,
        otherMax: otherIndex,
      });
      continue;
    }
    group.count++;
    group.atMin = Math.min(group.atMin, at);
    group.atMax = Math.max(group.atMax, at);
    group.lastBelowMin = Math.min(group.lastBelowMin, c.lastBelow);
    group.lastBelowMax = Math.max(group.lastBelowMax, c.lastBelow);
    group.otherMin = Math.min(group.otherMin, otherIndex);
    group.otherMax = Math.max(group.otherMax, otherIndex);
  }
  const rows = [...groups.values()]
    .sort(
      (a, b) => a.lo - b.lo || a.hi - b.hi || a.axis - b.axis || a.atMin - b.atMin || a.ordinal - b.ordinal,
    )
    .map((group) => boundaryRow(doc, shown, group));
  return { rows, flips };
}

function boundaryRow(doc: SweepDocument, shown: readonly ShownAxis[], group: Group): SweepBoundary {
  const axis = shown[group.axis]!;
  const other = shown[1 - group.axis];
  const gpu = (i: number) => doc.gpus[i]!;
  const over = other
    ? ` over ${other.name} ${span(formatValue(other.display[group.otherMin]!), formatValue(other.display[group.otherMax]!))}`
    : '';
  const below = span(formatValue(group.lastBelowMin), formatValue(group.lastBelowMax));
  return {
    gpus: [gpu(group.lo).id, gpu(group.hi).id],
    axis: axis.key,
    below: gpu(group.below).id,
    above: gpu(group.above).id,
    atMin: group.atMin,
    atMax: group.atMax,
    count: group.count,
    text: `${gpu(group.below).name} wins for ${axis.name} <= ${below}${over}; ${gpu(group.above).name} above`,
  };
}
