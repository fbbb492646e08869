/**
 * `gpus`: the catalog as rows with TPP, PD, verdicts and key specs.
 * @module
 */

import { msg, param, UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import type { GpuSpec, Sourced } from '../hardware/types.ts';
import { type RegulatoryProfile, regulatoryProfile } from '../regulation/index.ts';
import { closest } from '../util/suggest.ts';

/** Key specs in display units (decimal). `null` = not known. */
export interface KeySpecs {
  readonly bf16Tflops: number | null;
  readonly fp8Tflops: number | null;
  readonly memoryGB: number | null;
  readonly memoryTBps: number | null;
  /** Scale-up link, bidirectional aggregate. */
  readonly linkGBps: number | null;
}

/** One row of the GPU table. */
export interface GpuSummary {
  readonly id: string;
  readonly name: string;
  readonly regulation: RegulatoryProfile;
  readonly keySpecs: KeySpecs;
  /** Names of key-spec fields whose source is unverified (shown with a marker). */
  readonly unverified: readonly (keyof KeySpecs)[];
  /** The full catalog record, with every source. */
  readonly spec: GpuSpec;
}

/** Fields `sort` accepts. Numbers sort largest first, text A to Z; `reverse` flips either. */
export const GPU_SORT_FIELDS = [
  'catalog',
  'id',
  'name',
  'tpp',
  'pd',
  'bf16',
  'fp8',
  'memory',
  'bandwidth',
  'link',
  'launch',
] as const;
/** One of {@link GPU_SORT_FIELDS}. */
export type GpuSortField = (typeof GPU_SORT_FIELDS)[number];

/** Options for {@link listGpus}. */
export interface ListGpusOptions extends LoadCatalogOptions {
  readonly sort?: string | undefined;
  readonly reverse?: boolean | undefined;
}

const scaled = (s: Sourced<number>, factor: number) => (s.value === null ? null : s.value / factor);

/** Summarise one catalog GPU. */
export function summarizeGpu(spec: GpuSpec): GpuSummary {
  const fields: Record<keyof KeySpecs, Sourced<number>> = {
    bf16Tflops: spec.peakDenseOpsPerSec.bf16,
    fp8Tflops: spec.peakDenseOpsPerSec.fp8,
    memoryGB: spec.memoryCapacityBytes,
    memoryTBps: spec.memoryBandwidthBytesPerSec,
    linkGBps: spec.scaleUpBandwidthBytesPerSec,
  };
  const keySpecs: KeySpecs = {
    bf16Tflops: scaled(fields.bf16Tflops, 1e12),
    fp8Tflops: scaled(fields.fp8Tflops, 1e12),
    memoryGB: scaled(fields.memoryGB, 1e9),
    memoryTBps: scaled(fields.memoryTBps, 1e12),
    linkGBps: scaled(fields.linkGBps, 1e9),
  };
  const unverified = (Object.keys(fields) as (keyof KeySpecs)[]).filter(
    (k) => fields[k].value !== null && !fields[k].verified,
  );
  return { id: spec.id, name: spec.name, regulation: regulatoryProfile(spec), keySpecs, unverified, spec };
}

const sortKey: Record<GpuSortField, (g: GpuSummary) => number | string | null> = {
  catalog: () => 0,
  id: (g) => g.id,
  name: (g) => g.name,
  tpp: (g) => g.regulation.tpp,
  pd: (g) => g.regulation.pd,
  bf16: (g) => g.keySpecs.bf16Tflops,
  fp8: (g) => g.keySpecs.fp8Tflops,
  memory: (g) => g.keySpecs.memoryGB,
  bandwidth: (g) => g.keySpecs.memoryTBps,
  link: (g) => g.keySpecs.linkGBps,
  launch: (g) => g.spec.launchDate.value,
};

/** Check a `sort` value. */
export function parseGpuSortField(value: string): GpuSortField {
  if ((GPU_SORT_FIELDS as readonly string[]).includes(value)) return value as GpuSortField;
  const near = closest(value, GPU_SORT_FIELDS);
  throw new UserError(
    msg`${param('sort')}: unknown field "${value}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (one of ${GPU_SORT_FIELDS.join(', ')})`,
  );
}

/** The GPU table: every catalog GPU (with a user file applied), sorted as asked. Unknown values sort last. */
export function listGpus(options: ListGpusOptions = {}): GpuSummary[] {
  const field = parseGpuSortField(options.sort ?? 'catalog');
  const rows = loadCatalog(options).gpus.map(summarizeGpu);
  if (field === 'catalog') return options.reverse ? rows.reverse() : rows;
  const key = sortKey[field];
  const numeric = !['id', 'name', 'launch'].includes(field);
  const sign = (numeric ? -1 : 1) * (options.reverse ? -1 : 1);
  return rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  });
}
