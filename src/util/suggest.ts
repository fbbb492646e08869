/**
 * "Did you mean" suggestions for mistyped ids.
 * @module
 */

/** Levenshtein distance between two strings (case-sensitive). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `limit` candidates close to `input`: by edit distance, or sharing a prefix or substring. */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  return candidates
    .map((candidate) => {
      const c = candidate.toLowerCase();
      const contains = c.includes(needle) || needle.includes(c) ? 0 : 1;
      return { candidate, score: contains * 100 + editDistance(needle, c) };
    })
    .filter(({ score }) => score < 100 || score - 100 <= Math.max(2, Math.floor(needle.length / 2)))
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
