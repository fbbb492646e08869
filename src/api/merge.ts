/**
 * `merge`: put the results files of a sharded run (`run --shard i/n` on n machines, e.g. the jobs of a CI
 * matrix) back into one results file, as if one machine had run the whole suite. The shards must be of one
 * suite, split the same way (shard count, package version, settings), each index once, no case in two
 * shards, and none missing; every problem is a UserError naming the file. Machines may differ: a different
 * CPU or GPU is allowed and listed in `selection.notes`.
 * @module
 */
import { UserError } from '../errors.ts';
import {
  type BenchResults,
  benchResultsDocument,
  benchResultsSchema,
  fastestPerCase,
  type Measurement,
} from '../results/bench-results.ts';
import { printable } from '../util/read-input.ts';
import { parseWith, readJsonFile } from '../util/schema.ts';

/** A document to merge and where it came from (the file, as given). */
export interface MergeInput {
  readonly label: string;
  readonly document: unknown;
}

/** A validated shard file. */
interface Shard {
  readonly label: string;
  readonly results: BenchResults;
  readonly shard: NonNullable<BenchResults['shard']>;
}

/** Validate one input: a tppbench-results document that holds a shard. */
function parseShardFile({ label, document }: MergeInput): Shard {
  const name = printable(label);
  const kind =
    typeof document === 'object' && document !== null ? (document as { kind?: unknown }).kind : undefined;
  if (kind !== 'tppbench-results') {
    const what = typeof kind === 'string' ? `a ${printable(kind)} document` : 'not a tppbench document';
    throw new UserError(`${name}: ${what}, not a results file (tppbench-results) of run --shard`);
  }
  const results = parseWith(benchResultsSchema, document, label);
  if (results.shard === undefined) {
    throw new UserError(`${name}: a results file of a whole run, not of one shard (run --shard i/n)`);
  }
  return { label: name, results, shard: results.shard };
}

/** `label` and the first shard disagree on `what`: a UserError naming both files and values. */
function mismatch(shard: Shard, first: Shard, what: string, value: (s: Shard) => string): UserError {
  return new UserError(
    `${shard.label}: ${what} ${value(shard)}, but ${first.label} has ${value(first)}: the shards are not of one split run`,
  );
}

/** Check that every shard is of the first one's split: suite, shard count, package version and settings. */
function checkSameRun(shards: readonly Shard[]): void {
  const [first, ...rest] = shards as [Shard, ...Shard[]];
  const checks: [string, (s: Shard) => string][] = [
    ['suite', (s) => s.results.suite],
    ['shard count', (s) => String(s.shard.count)],
    ['package version', (s) => s.results.environment.packageVersion],
    ['settings', (s) => JSON.stringify(s.results.settings)],
    ['repeat', (s) => String(s.results.repeat?.rounds ?? 1)],
  ];
  for (const shard of rest)
    for (const [what, value] of checks)
      if (value(shard) !== value(first)) throw mismatch(shard, first, what, value);
}

/**
 * Check that the shards are disjoint and complete: each index once, each case id in one shard, and every
 * index from 1 to the count present (the error lists the missing ones).
 */
function checkPartition(shards: readonly Shard[]): void {
  const byIndex = new Map<number, Shard>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other) {
      throw new UserError(
        `${other.label} and ${s.label} are both shard ${s.shard.index}/${s.shard.count}: give each shard once`,
      );
    }
    byIndex.set(s.shard.index, s);
  }
  const owner = new Map<string, Shard>();
  for (const s of shards) {
    for (const id of s.shard.caseIds) {
      const other = owner.get(id);
      if (other) {
        throw new UserError(
          `case ${id} is in shard ${other.shard.index}/${other.shard.count} (${other.label}) and in shard ${s.shard.index}/${s.shard.count} (${s.label}): the shards overlap`,
        );
      }
      owner.set(id, s);
    }
    const stray = s.results.measurements.find((m) => owner.get(m.id) !== s);
    if (stray) throw new UserError(`${s.label}: measurement ${stray.id} is not a case of its shard`);
  }
  const count = shards[0]!.shard.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const list = missing.map((i) => `${i}/${count}`).join(', ');
    throw new UserError(
      `missing shard${missing.length > 1 ? 's' : ''} ${list} of suite ${shards[0]!.results.suite} (given: ${shards.length} of ${count})`,
    );
  }
}

/** Notes on the machines when the shards ran on different CPUs or GPUs: allowed, but said. */
function environmentNotes(shards: readonly Shard[]): string[] {
  const fields: [string, (r: BenchResults) => string][] = [
    ['CPU', (r) => r.environment.cpuModel],
    ['GPU', (r) => r.environment.gpu?.name ?? 'none identified'],
  ];
  const notes: string[] = [];
  for (const [what, value] of fields) {
    const seen = new Map<string, string[]>();
    for (const s of shards) seen.set(value(s.results), [...(seen.get(value(s.results)) ?? []), s.label]);
    if (seen.size < 2) continue;
    const list = [...seen].map(([v, labels]) => `${v} (${labels.join(', ')})`).join('; ');
    notes.push(`merged shards ran on different machines: ${what} ${list}; the environment is the first's`);
  }
  return notes;
}

/**
 * Merge the results of every shard of one split run into one results file: measurements in the order one
 * run of the whole suite gives (by backend, then by case in suite order), `selection` and `environment`
 * from shard 1 (backends used and notes of all shards joined), the earliest `createdAt`, the longest
 * `wallTimeMs` (the shards run side by side), and no `shard` field. Inputs may come in any order.
 */
export function mergeResults(inputs: readonly MergeInput[]): BenchResults {
  if (inputs.length === 0) throw new UserError('merge: no results files given', 'usage');
  const shards = inputs.map(parseShardFile);
  checkSameRun(shards);
  checkPartition(shards);
  shards.sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  const { count } = first.shard;
  // Round-robin: case j of shard i was case j * count + (i - 1) of the suite.
  const position = new Map<string, number>();
  for (const s of shards) {
    for (const [j, id] of s.shard.caseIds.entries()) position.set(id, j * count + s.shard.index - 1);
  }
  const used = [...new Set(shards.flatMap((s) => s.results.selection.used))];
  const rank = (m: Measurement) => used.indexOf(m.backend) * (position.size + 1) + position.get(m.id)!;
  const measurements = shards
    .flatMap((s) => s.results.measurements)
    .map((m, order) => ({ m, order }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.order - b.order)
    .map(({ m }) => m);
  const notes = [
    ...new Set([...shards.flatMap((s) => s.results.selection.notes), ...environmentNotes(shards)]),
  ];
  const { fastest: _fastest, ...selection } = first.results.selection;
  return benchResultsDocument({
    suite: first.results.suite,
    createdAt: shards.map((s) => s.results.createdAt).sort()[0]!,
    wallTimeMs: Math.max(...shards.map((s) => s.results.wallTimeMs)),
    environment: first.results.environment,
    selection: {
      ...selection,
      used,
      notes,
      ...(used.length > 1 ? { fastest: fastestPerCase(measurements) } : {}),
    },
    settings: first.results.settings,
    ...(first.results.repeat === undefined ? {} : { repeat: first.results.repeat }),
    measurements,
  });
}

/** Read the shard files at `paths` and {@link mergeResults} them; a file that cannot be read is named. */
export function mergeResultFiles(paths: readonly string[]): BenchResults {
  return mergeResults(paths.map((label) => ({ label, document: readJsonFile(label) })));
}
