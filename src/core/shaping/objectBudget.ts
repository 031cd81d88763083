/**
 * One object under the answer budget (SPEC §1 "Answers fit every client whole"), still valid JSON, saying what
 * was cut. Deterministic, in two steps:
 *  1. The longest string values are shortened, all to the same largest length that fits (a 40 KB
 *     `data["config.yaml"]`, a 20 KB annotation, a long condition message), each ending in `…[+N bytes]`.
 *  2. Only when the object is too big even then (thousands of small fields), whole fields are replaced by a
 *     `…[cut: N bytes]` marker: the smallest field whose removal is enough, else the largest, until it fits.
 * The first key of the answer, `…cut`, lists the paths that were cut.
 */
import { truncateUtf8 } from './annotationTrimmer';
import { isRecord } from '../isRecord';

type Json = unknown;
export const CUT_KEY = '…cut';
/** Bytes kept for the `…cut` note itself. */
const NOTE_RESERVE = 600;
const SHOWN_PATHS = 6;
/** What step 2 keeps of each value. */
const SHORT_VALUE = 64;
const KEEP_WHOLE = new Set(['.apiVersion', '.kind', '.metadata', '.metadata.name', '.metadata.namespace']);

const bytes = (value: Json): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Rebuilds `value` with `leaf` applied to every string and `node` given a chance to replace any subtree. */
/** `node` returns undefined to keep a subtree (Json is unknown, so the type cannot say it). */
function mapJson(
  value: Json, path: string, leaf: (s: string, path: string) => string, node?: (v: Json, path: string) => Json,
): Json {
  const replaced = node?.(value, path);
  if (replaced !== undefined) return replaced;
  if (typeof value === 'string') return leaf(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapJson(v, childPath(path, i), leaf, node));
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapJson(v, childPath(path, k), leaf, node);
    return out;
  }
  return value;
}

function longestString(value: Json): number {
  let max = 0;
  mapJson(value, '', (s) => { max = Math.max(max, Buffer.byteLength(s, 'utf8')); return s; });
  return max;
}

/** Every string longer than `cap` bytes shortened to it, with the paths that were. */
function capAt(value: Json, cap: number): { value: Json; cut: string[] } {
  const cut: string[] = [];
  const out = mapJson(value, '', (s, path) => {
    const shortened = truncateUtf8(s, cap);
    if (shortened !== s) cut.push(path);
    return shortened;
  });
  return { value: out, cut };
}

/** Step 1: the largest per-value length at which the object fits, or undefined when none does. */
function capStrings(value: Json, budget: number): { value: Json; cut: string[] } | undefined {
  // truncateUtf8 reads 0 as "no limit": one byte is the shortest cut.
  let low = 1;
  let high = longestString(value);
  if (bytes(capAt(value, low).value) > budget) return undefined;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytes(capAt(value, mid).value) <= budget) low = mid;
    else high = mid - 1;
  }
  return capAt(value, low);
}

/** Step 2: every replaceable subtree with its size. */
function subtrees(value: Json): Array<{ path: string; size: number }> {
  const out: Array<{ path: string; size: number }> = [];
  mapJson(value, '', (s) => s, (v, path) => {
    if (path !== '' && !KEEP_WHOLE.has(path)) out.push({ path, size: bytes(v) });
    return undefined;
  });
  return out;
}

function dropFields(value: Json, budget: number): { value: Json; cut: string[] } {
  const cut: string[] = [];
  let current = value;
  for (let excess = bytes(current) - budget; excess > 0; excess = bytes(current) - budget) {
    const candidates = subtrees(current).filter((t) => !t.path.startsWith('.metadata.name'));
    if (candidates.length === 0) break;
    const enough = candidates.filter((t) => t.size > excess).sort((a, b) => a.size - b.size)[0];
    const target = enough ?? candidates.sort((a, b) => b.size - a.size)[0]!;
    current = mapJson(current, '', (s) => s, (v, path) => (path === target.path ? `…[cut: ${bytes(v)} bytes]` : undefined));
    cut.push(target.path);
  }
  return { value: current, cut };
}

function describeCut(budget: number, shortened: string[], dropped: string[]): string {
  const list = (paths: string[]): string => {
    const shown = paths.slice(0, SHOWN_PATHS).map((p) => p.slice(1)).join(', ');
    return paths.length > SHOWN_PATHS ? `${shown} and ${paths.length - SHOWN_PATHS} more` : shown;
  };
  const parts: string[] = [];
  if (shortened.length > 0) parts.push(`${shortened.length} long value(s) shortened, each ending in …[+N bytes]: ${list(shortened)}`);
  if (dropped.length > 0) parts.push(`${dropped.length} field(s) replaced by …[cut: N bytes]: ${list(dropped)}`);
  return `Cut to fit the ${budget}-byte answer budget (the server's --max-answer-bytes / k8sMcp.maxAnswerBytes): ${parts.join('; ')}.`;
}

/**
 * `object` as JSON text of at most `budget` bytes (objects only; anything else is returned whole), less
 * `spentBytes` the answer holds besides (a write's headline): the note still names the budget the user set.
 */
export function fitObjectToBudget(object: Json, budget: number, spentBytes = 0): string {
  const text = JSON.stringify(object);
  if (Buffer.byteLength(text, 'utf8') <= budget - spentBytes || !isRecord(object)) return text;
  const room = budget - spentBytes - NOTE_RESERVE;
  let fitted = capStrings(object, room);
  let dropped: string[] = [];
  if (!fitted) {
    // Too big even with every value cut to nothing: keep a readable start of each value, then drop fields.
    const short = capAt(object, SHORT_VALUE);
    const slimmer = dropFields(short.value, room);
    fitted = { value: slimmer.value, cut: short.cut };
    dropped = slimmer.cut;
  }
  const note = describeCut(budget, fitted.cut, dropped);
  return JSON.stringify({ [CUT_KEY]: note, ...(fitted.value as Record<string, Json>) });
}
