/**
 * Reads a scan_k8s_collection answer the way its description tells a model to: a JSON header line, a line of
 * tab-separated column names, then one tab-separated row per item ("-" = none, a cell starting with a quote,
 * brace or bracket is JSON). `items` puts every item back together, shared values included, so suites assert
 * on what an item is rather than on where the format put it.
 */
export interface ListHeader {
  kind: string;
  apiVersion: string;
  namespace?: string;
  count: number;
  remaining?: number;
  continue?: string;
  shared?: Record<string, unknown> & { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export interface ListedItem {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Printer columns, age, uid and resourceVersion by column name. */
  [column: string]: unknown;
}

export interface ListPage {
  header: ListHeader;
  /** Column names as printed (joined twins like `label:app=label:app.kubernetes.io/name` kept whole). */
  columns: string[];
  rows: unknown[][];
  items: ListedItem[];
}

function decodeCell(cell: string): unknown {
  if (cell === '-') return null;
  return /^["{[]/.test(cell) ? JSON.parse(cell) : cell;
}

function place(item: ListedItem, column: string, value: unknown): void {
  if (value === null) return;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (column.startsWith('label:')) item.labels[column.slice('label:'.length)] = text;
  else if (column.startsWith('annotation:')) item.annotations[column.slice('annotation:'.length)] = text;
  else if (column === 'labels' || column === 'annotations') Object.assign(item[column], value);
  else item[column] = value;
}

export function readCompactList(text: string): ListPage {
  const [headerLine, columnLine, ...rowLines] = text.split('\n');
  const header = JSON.parse(headerLine!) as ListHeader;
  const columns = columnLine ? columnLine.split('\t') : [];
  const rows = rowLines.map((line) => line.split('\t').map(decodeCell));
  const items = rows.map((row) => {
    const item: ListedItem = { name: '', labels: { ...header.shared?.labels }, annotations: { ...header.shared?.annotations } };
    if (header.namespace) item.namespace = header.namespace;
    for (const [key, value] of Object.entries(header.shared ?? {})) {
      if (key !== 'labels' && key !== 'annotations') place(item, key, value);
    }
    columns.forEach((column, c) => { for (const name of column.split('=')) place(item, name, row[c]); });
    return item;
  });
  return { header, columns, rows, items };
}
