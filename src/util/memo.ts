/**
 * The one cache helper of the model: a bounded map from string keys to values, and value keys for objects.
 *
 * Caches keyed on object identity (a WeakMap on a GpuSpec) miss in every sweep chunk, because a chunk's GPUs
 * and models arrive as structured clones. {@link objectKey} gives equal objects the same short key, so a
 * worker keeps its hits from chunk to chunk; the identity lookup stays the fast path.
 * @module
 */

/** A cache of values by key (a string, or a number) that forgets its oldest entries past `limit`. */
export interface Memo<V, K extends string | number = string> {
  /** The cached value of `key`, made by `make` on a miss. */
  get(key: K, make: () => V): V;
  readonly size: number;
}

/** A {@link Memo} holding at most `limit` entries (the oldest go first). */
export function memo<V, K extends string | number = string>(limit = 4096): Memo<V, K> {
  const entries = new Map<K, V>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit !== undefined || entries.has(key)) return hit as V;
      const value = make();
      if (entries.size >= limit) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, value);
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}

const keyByObject = new WeakMap<object, string>();
const keyByContent = new Map<string, string>();
/** Distinct contents given keys; past this the content map starts over (keys stay unique). */
const CONTENT_LIMIT = 1 << 14;
let nextKey = 0;

/**
 * A short key that equal JSON data share (`#0`, `#1`, ...): two structured clones of one GpuSpec get the same
 * key; objects that differ in any field get different ones. The object must be JSON data (no functions,
 * no cycles); its key is computed once per object.
 */
export function objectKey(value: object): string {
  const known = keyByObject.get(value);
  if (known !== undefined) return known;
  const content = JSON.stringify(value);
  let key = keyByContent.get(content);
  if (key === undefined) {
    if (keyByContent.size >= CONTENT_LIMIT) keyByContent.clear();
    key = `#${nextKey++}`;
    keyByContent.set(content, key);
  }
  keyByObject.set(value, key);
  return key;
}

/** A cache of values by object: identity first (one WeakMap lookup), then {@link objectKey} content, so clones hit. */
export interface ObjectMemo<V> {
  get(obj: object, make: () => V): V;
}

/** An {@link ObjectMemo} over a {@link memo} of `limit` contents. */
export function memoByObject<V>(limit = 4096): ObjectMemo<V> {
  const byContent = memo<V>(limit);
  const byObject = new WeakMap<object, V>();
  return {
    get(obj, make) {
      const hit = byObject.get(obj);
      if (hit !== undefined) return hit;
      const value = byContent.get(objectKey(obj), make);
      byObject.set(obj, value);
      return value;
    },
  };
}
