/**
 * Globs for context and namespace names: `*` any run of characters, `?` one character, everything else
 * literal. Not minimatch: context names are often ARNs such as `arn:aws:eks:eu-west-1:1234:cluster/prod`, and a
 * path glob's `*` stops at `/`, so `*prod` would not match them.
 */
export type NameMatcher = (name: string) => boolean;

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function globSource(pattern: string): string {
  return [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&'))).join('');
}

export function globMatcher(pattern: string): NameMatcher {
  return anyOf([pattern]);
}

/**
 * Matches a name against any of the patterns: exact names through one Set, every glob through one regular
 * expression, so a policy with many rules costs one lookup and one regex test per name, not one per rule.
 */
export function anyOf(patterns: readonly string[]): NameMatcher {
  const exact = new Set(patterns.filter((p) => !isGlob(p)));
  const globs = patterns.filter(isGlob);
  if (globs.length === 0) return (name) => exact.has(name);
  const re = new RegExp(`^(?:${globs.map(globSource).join('|')})$`, 's');
  return (name) => exact.has(name) || re.test(name);
}
