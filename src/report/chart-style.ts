/**
 * What every chart of the HTML report shares: the Vega-Lite config, the palette and the GPU colours, so a
 * GPU has one colour in every chart. Pure constants and helpers for `charts.ts` and its siblings.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Bound } from '../model/types.ts';
import type { ReportData } from './report-data.ts';

/** One layer of a layered spec. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Shared config. No ARIA attributes (they double a heatmap's size; the tables carry the numbers), and no
 * label truncation: text width is estimated without a canvas in Node, so limits would cut GPU names.
 */
export const CONFIG = {
  aria: false,
  background: 'white',
  // Short, since every text element repeats it; the page's CSS sets the font the reader sees.
  font: 'sans-serif',
  axis: { labelLimit: 0, titleFontWeight: 'normal' },
  legend: { labelLimit: 0, titleLimit: 0 },
  title: { anchor: 'start', fontSize: 14, fontWeight: 'bold', limit: 0 },
  view: { stroke: '#ddd' },
} as const;

/** Highlight of a GPU that beats a higher-TPP GPU. */
export const INVERSION_COLOR = '#d62728';
/** The first GPU, every other GPU's baseline. */
export const BASELINE_COLOR = '#7f7f7f';
/** Any other GPU. */
export const OTHER_COLOR = '#4c78a8';
/** TPP bars. */
export const TPP_COLOR = '#bab0ac';
/** Nothing to show: a GPU that does not fit. */
export const NONE_COLOR = '#e0e0e0';
/** What binds a workload. */
export const BOUND_COLORS: Readonly<Record<Bound, string>> = {
  compute: '#4c78a8',
  memory: '#f58518',
  interconnect: '#54a24b',
  capacity: '#b279a2',
};
/** SI-prefix number format (`2k`, `1P`). */
export const SI = '~s';
/** A GPU's colour, consistent over every chart: the report's GPU order on tableau20. */
export interface GpuColors {
  readonly domain: string[];
  readonly range: string[];
}

// biome-ignore format: a palette reads best as a block
const TABLEAU20 = [
  '#4c78a8', '#9ecae9', '#f58518', '#ffbf79', '#54a24b', '#88d27a', '#b79a20', '#f2cf5b', '#439894', '#83bcb6',
  '#e45756', '#ff9d98', '#79706e', '#bab0ac', '#d67195', '#fcbfd2', '#b279a2', '#d6a5c9', '#9e765f', '#d8b5a5',
];

/** Each GPU's colour: names in the report's order (GPU table, sweeps, TPP points), tableau20 cycled. */
export function gpuColors(data: ReportData): GpuColors {
  const domain: string[] = [];
  const add = (name: string) => {
    if (!domain.includes(name)) domain.push(name);
  };
  for (const g of data.gpus) add(g.name);
  for (const s of data.sweeps) for (const g of s.gpus) add(g.name);
  for (const p of data.tppPoints) add(p.name);
  return { domain, range: domain.map((_, i) => TABLEAU20[i % TABLEAU20.length]!) };
}
