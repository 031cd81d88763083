/**
 * The one check before reading fields of untyped JSON (an API answer, a manifest, tool arguments): an object
 * with keys, not null and not an array.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
