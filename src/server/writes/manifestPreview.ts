/** Best-effort parse of a manifest given as a JSON/YAML string, for display only (never for sending). */
import { parse } from 'yaml';

export function parseManifestLoosely(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return parse(value) as unknown;
  } catch {
    return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  }
}
