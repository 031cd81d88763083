/**
 * Globs for context and namespace names: `*` any run of characters, `?` one character, everything else
 * literal. Not minimatch: context names are often ARNs such as `arn:aws:eks:eu-west-1:1234:cluster/prod`, and a
 * path glob's `*` stops at `/`, so `*prod` would not match them.
 */
export type NameMatcher = (name: string) => boolean;

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

export function globMatcher(pattern: string): NameMatcher {
  if (!isGlob(pattern)) return (name) => name === pattern;
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 's');
  return (name) => re.test(name);
}
