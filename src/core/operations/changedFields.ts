/**
 * The field paths a write would change, from the live object and a server-side dry run's result: what a person
 * asked to approve an apply needs to read ("spec.replicas, data.a"), not two whole objects. Paths stop at a
 * depth and at lists (a list is shown as changed as a whole), and the list is capped.
 */
import { isRecord } from '../isRecord';

/** Fields the API server changes on every write: naming them would hide the ones the manifest changes. */
const SERVER_FIELDS = new Set(['metadata.managedFields', 'metadata.resourceVersion', 'metadata.generation', 'metadata.uid', 'metadata.creationTimestamp', 'status']);
const MAX_DEPTH = 5;

export interface ChangedFields {
  paths: string[];
  /** Paths found beyond the cap. */
  more: number;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function collect(before: unknown, after: unknown, path: string, depth: number, out: string[]): void {
  if (SERVER_FIELDS.has(path)) return;
  // A field that appears (or goes) whole is named by its leaves, as a changed one is.
  if (before === undefined && isRecord(after)) before = {};
  if (after === undefined && isRecord(before)) after = {};
  if (isRecord(before) && isRecord(after) && depth < MAX_DEPTH) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) collect(before[key], after[key], path ? `${path}.${key}` : key, depth + 1, out);
    return;
  }
  if (!sameJson(before, after)) out.push(path);
}

/**
 * Paths (dotted, from the object's root) whose value differs between `live` and `result`. A missing live
 * object (a create) yields the result's fields.
 */
export function changedFields(live: unknown, result: unknown, cap = 12): ChangedFields {
  const all: string[] = [];
  collect(live ?? {}, result ?? {}, '', 0, all);
  return { paths: all.slice(0, cap), more: Math.max(0, all.length - cap) };
}
