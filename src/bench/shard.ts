/**
 * Sharding a suite across machines (`run --shard i/n`): a deterministic split of its cases, so that n jobs
 * of a CI matrix each measure one part and `merge` puts the parts back together. The split is round-robin
 * over the cases in suite order (after the filter): case p (0-based) goes to shard `p mod n + 1`. It depends
 * only on the suite, the filter and n, never on the machine or its backends, so every job of a matrix agrees
 * on it; neighbouring cases (one kernel at growing sizes) land on different shards, which keeps their times
 * balanced, and shard sizes differ by at most one case.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';

/** The most shards a suite may be split into. */
export const MAX_SHARD_COUNT = 1000;

/** One part of a split: shard `index` of `count`, 1-based. */
export interface ShardSpec {
  /** 1-based, 1 <= index <= count. */
  readonly index: number;
  /** How many shards the suite is split into, 1..{@link MAX_SHARD_COUNT}. */
  readonly count: number;
}

/** Throw a usage error naming `shard` unless `spec` is a shard of a valid split. */
export function checkShard(spec: ShardSpec): ShardSpec {
  const { index, count } = spec;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARD_COUNT) {
    throw new UserError(
      msg`${param('shard')} ${index}/${count}: the shard count must be an integer from 1 to ${MAX_SHARD_COUNT}`,
      'usage',
    );
  }
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw new UserError(
      msg`${param('shard')} ${index}/${count}: the shard index must be an integer from 1 to ${count}`,
      'usage',
    );
  }
  return spec;
}

/** Parse `i/n` (`2/4`: the second of four shards); anything else is a usage error naming `shard`. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,7})\s*$/.exec(text);
  if (!match) {
    throw new UserError(
      msg`${param('shard')} "${text}" must be i/n: shard i of n, e.g. 1/4 (1 <= i <= n <= ${MAX_SHARD_COUNT})`,
      'usage',
    );
  }
  return checkShard({ index: Number(match[1]), count: Number(match[2]) });
}

/** The items of shard `spec.index` of `spec.count`: round-robin over `items` in their order. */
export function shardCases<T>(items: readonly T[], spec: ShardSpec): T[] {
  const { index, count } = checkShard(spec);
  return items.filter((_, position) => position % count === index - 1);
}

/**
 * The error for a shard left without cases: more shards than the suite has cases (after `filter`, when
 * given).
 */
export function emptyShardError(
  spec: ShardSpec,
  suite: string,
  caseCount: number,
  filter: string | undefined,
): UserError {
  const matching = filter === undefined ? '' : msg` matching ${param('filter')}`;
  return new UserError(
    msg`${param('shard')} ${spec.index}/${spec.count} has no case: suite ${suite} has ${caseCount} case(s)${matching}, so at most ${caseCount} shards`,
    'usage',
  );
}
