/**
 * The text of a list answer (SPEC §1: columns named once, items as rows, what every item shares said once).
 * Line 1 is a JSON header; every further line is one item as a JSON array in the header's column order:
 *
 *   {"kind":"PodList","apiVersion":"v1","namespace":"lab-apps","count":2,"columns":["name","Ready","Status",
 *    "Restarts","age","label:app"],"shared":{"labels":{"tier":"web"}}}
 *   ["web-1","1/1","Running","0","2h","web"]
 *
 * A JSON object per item repeats every key on every line: for 300 configmaps that is most of the answer. Here a
 * label or annotation key that every item carries becomes a column (`label:app`), one that every item carries
 * with the same value goes once into `shared`, and whatever is left stays in a per-row object (`labels`,
 * `annotations`). Each line is still JSON, so a model reads it as a table and a program parses it line by line.
 */
import type { CompactItem, CompactList } from './compactList';

type StringMap = Record<string, string>;

export interface RenderOptions {
  /** Milliseconds since the epoch the ages are counted to. */
  now: number;
  /** The continue token to print (the caller's own wrapping of list.continue). */
  continueToken?: string | undefined;
  /** Said in the header's "note": what the page left out and why. */
  note?: string | undefined;
}

/** How the keys of one map-valued field (labels or annotations) are laid out over a page. */
interface Factored {
  shared: StringMap;
  /** Keys at least half the items carry (null where absent), not all with one value: one column each, sorted. */
  columns: string[];
  /** Whether some item has keys that are neither shared nor columns. */
  residual: boolean;
}

function factor(maps: Array<StringMap | undefined>): Factored {
  // One item shares nothing with anyone: its labels stay an object, as a reader expects.
  if (maps.length < 2) return { shared: {}, columns: [], residual: maps.some((m) => m && Object.keys(m).length > 0) };
  const seen = new Map<string, { count: number; value: string; same: boolean }>();
  for (const map of maps) {
    for (const [key, value] of Object.entries(map ?? {})) {
      const s = seen.get(key);
      if (!s) seen.set(key, { count: 1, value, same: true });
      else { s.count += 1; s.same &&= s.value === value; }
    }
  }
  const shared: StringMap = {};
  const columns: string[] = [];
  let residual = false;
  for (const [key, s] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (s.count === maps.length && s.same) shared[key] = s.value;
    else if (s.count * 2 >= maps.length) columns.push(key);
    else residual = true;
  }
  return { shared, columns, residual };
}

function rest(map: StringMap | undefined, f: Factored): StringMap {
  const out: StringMap = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!(key in f.shared) && !f.columns.includes(key)) out[key] = value;
  }
  return out;
}

/** kubectl's age (k8s.io/apimachinery duration.HumanDuration): 45s, 5m30s, 2h10m, 12h, 3d4h, 40d, 2y. */
export function humanAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const two = (big: number, unit: string, small: number, smallUnit: string): string => (small === 0 ? `${big}${unit}` : `${big}${unit}${small}${smallUnit}`);
  if (minutes < 10) return two(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return two(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return two(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  if (hours < 24 * 365 * 8) return two(Math.floor(days / 365), 'y', days % 365, 'd');
  return `${Math.floor(days / 365)}y`;
}

/** The one namespace every item is in, when the list spans namespaces but this page does not. */
function commonNamespace(items: CompactItem[]): string | undefined {
  const first = items[0]?.namespace;
  return items.length > 1 && first && items.every((i) => i.namespace === first) ? first : undefined;
}

interface Table {
  columns: string[];
  rows: unknown[][];
  shared: Record<string, unknown>;
}

/** Every item as a row; labels and annotations factored into columns, shared values and a per-row rest. */
function tabulate(list: CompactList, now: number, namespaceColumn: boolean): Table {
  const { items } = list;
  const labels = factor(items.map((i) => i.labels));
  const annotations = factor(items.map((i) => i.annotations));
  const ids = items.some((i) => i.uid !== undefined || i.resourceVersion !== undefined);
  const columns = ['name', ...(namespaceColumn ? ['namespace'] : []), ...list.columns, 'age',
    ...labels.columns.map((k) => `label:${k}`), ...annotations.columns.map((k) => `annotation:${k}`),
    ...(labels.residual ? ['labels'] : []), ...(annotations.residual ? ['annotations'] : []),
    ...(ids ? ['uid', 'resourceVersion'] : [])];
  const rows = items.map((item) => {
    const row: unknown[] = [item.name];
    if (namespaceColumn) row.push(item.namespace ?? null);
    for (let c = 0; c < list.columns.length; c++) row.push(item.cells?.[c] ?? null);
    row.push(item.created ? humanAge(now - Date.parse(item.created)) : null);
    for (const key of labels.columns) row.push(item.labels?.[key] ?? null);
    for (const key of annotations.columns) row.push(item.annotations?.[key] ?? null);
    if (labels.residual) row.push(rest(item.labels, labels));
    if (annotations.residual) row.push(rest(item.annotations, annotations));
    if (ids) row.push(item.uid ?? null, item.resourceVersion ?? null);
    return row;
  });
  const shared: Record<string, unknown> = {};
  if (Object.keys(labels.shared).length > 0) shared.labels = labels.shared;
  if (Object.keys(annotations.shared).length > 0) shared.annotations = annotations.shared;
  return { columns, rows, shared };
}

/**
 * Columns whose value is the same on every row (all pods Running, all 118m old) go into `shared`; a column
 * equal on every row to an earlier one (`app` and `app.kubernetes.io/name` usually are) is joined to it as
 * `label:app=label:app.kubernetes.io/name`. The name column always stays.
 */
function foldColumns(table: Table): Table {
  const { rows } = table;
  if (rows.length < 2) return table;
  const text = table.columns.map((_, c) => rows.map((r) => JSON.stringify(r[c])));
  const keep: number[] = [0];
  const names = [table.columns[0]!];
  const shared: Record<string, unknown> = {};
  for (let c = 1; c < table.columns.length; c++) {
    const values = text[c]!;
    if (values.every((v) => v === values[0])) { shared[table.columns[c]!] = rows[0]![c]; continue; }
    const twin = keep.findIndex((k) => text[k]!.every((v, r) => v === values[r]));
    if (twin >= 0) { names[twin] = `${names[twin]}=${table.columns[c]}`; continue; }
    keep.push(c);
    names.push(table.columns[c]!);
  }
  return { columns: names, rows: rows.map((r) => keep.map((c) => r[c])), shared: { ...shared, ...table.shared } };
}

/** Written for a missing value (a label an item lacks, an empty map). */
export const NONE = '-';

/**
 * One cell of a row: plain text, or JSON when plain text would be ambiguous (a tab, a line break, a leading
 * quote, brace or bracket, surrounding spaces, an empty string or a literal "-") and for maps.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'string') {
    const plain = value !== '' && value !== NONE && !/[\t\n\r]/.test(value) && !/^["{[\s]|\s$/.test(value);
    return plain ? value : JSON.stringify(value);
  }
  if (typeof value === 'object' && Object.keys(value).length === 0) return NONE;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

export function renderCompactList(list: CompactList, options: RenderOptions): string {
  const namespace = list.namespace ?? commonNamespace(list.items);
  const namespaceColumn = namespace === undefined && list.items.some((i) => i.namespace);
  const table = foldColumns(tabulate(list, options.now, namespaceColumn));
  const header: Record<string, unknown> = { kind: list.kind, apiVersion: list.apiVersion };
  if (namespace !== undefined) header.namespace = namespace;
  header.count = list.items.length;
  if (list.remainingItemCount !== undefined) header.remaining = list.remainingItemCount;
  if (options.continueToken) header.continue = options.continueToken;
  if (options.note) header.note = options.note;
  if (Object.keys(table.shared).length > 0) header.shared = table.shared;
  const lines = [JSON.stringify(header)];
  if (table.rows.length > 0) lines.push(table.columns.join('\t'), ...table.rows.map((row) => row.map(cell).join('\t')));
  return lines.join('\n');
}
