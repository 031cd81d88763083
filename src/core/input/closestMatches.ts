/** "Did you mean" suggestions for unknown names (resources, groups, contexts). */

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/**
 * Up to `limit` candidates close to `input`: a shared prefix/substring, or an edit distance within a third of
 * the length (typos like `deploymnets`), best first.
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 5): string[] {
  const needle = input.toLowerCase();
  if (!needle) return [];
  const scored: Array<[number, string]> = [];
  const threshold = Math.max(2, Math.ceil(needle.length / 3));
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    // The distance is at least the length difference: skip the quadratic computation when it cannot qualify
    // (a hostile 1 MB name would otherwise cost seconds).
    let score = Math.abs(needle.length - c.length) > threshold ? Infinity : editDistance(needle, c);
    if (c.startsWith(needle) || needle.startsWith(c)) score = Math.min(score, 1);
    else if (c.includes(needle) || needle.includes(c)) score = Math.min(score, 2);
    if (score <= threshold) scored.push([score, candidate]);
  }
  return scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1])).slice(0, limit).map(([, c]) => c);
}
