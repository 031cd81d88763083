// meta.k8s.io Table and PartialObjectMetadata(List) representations. Rows carry a PartialObjectMetadata by
// default (includeObject=Metadata is the default, 086), the full object with includeObject=Object, nothing with
// None. Custom resources are printed from the CRD's additionalPrinterColumns (034), integer columns as numbers
// and date columns as ages.
import type { KObject, PrinterColumn, ResourceDef } from './types';
import { errors } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { ageOf } from './timeFormat';
import { DEFAULT_PRINTER, NAME_DESCRIPTION, PRINTERS, type ColumnDefinition } from './printers';
import { toWire } from './wireObject';

export function partialObjectMetadata(obj: KObject, apiVersion: string): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

export function partialObjectMetadataList(items: KObject[], listMeta: KObject, apiVersion: string): KObject {
  return { kind: 'PartialObjectMetadataList', apiVersion, metadata: listMeta, items: items.map((o) => partialObjectMetadata(o, apiVersion)) };
}

/** A tiny JSONPath: `.a.b`, `.a[0].b`, `.a[?(@.type=="Ready")].status`. */
export function jsonPath(obj: unknown, path: string): unknown {
  const tokens = path.replace(/^\{|\}$/g, '').match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let cur: unknown = obj;
  for (const t of tokens) {
    if (cur === undefined || cur === null) return undefined;
    if (t.startsWith('.')) {
      cur = isPlainObject(cur) ? cur[t.slice(1)] : undefined;
      continue;
    }
    const inner = t.slice(1, -1);
    const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']?([^"']*)["']?\)$/.exec(inner);
    if (filter && Array.isArray(cur)) cur = cur.find((item) => isPlainObject(item) && String(item[filter[1] as string]) === filter[2]);
    else if (Array.isArray(cur)) cur = cur[Number(inner)];
    else return undefined;
  }
  return cur;
}

/** The CRD table convertor's cellForJSONValue. */
function crdCell(column: PrinterColumn, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? (Number.isNaN(Date.parse(value)) ? '<invalid>' : ageOf(value, now)) : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function crdPrinter(def: ResourceDef): { columns: ColumnDefinition[]; cells: (o: KObject, now: number) => unknown[] } {
  const defined = def.crd?.printerColumns ?? [];
  // A CRD without printer columns still gets an Age column.
  const cols: PrinterColumn[] = defined.length ? defined : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION(), priority: 0 },
      ...cols.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o, now) => [o.metadata?.name, ...cols.map((c) => crdCell(c, jsonPath(o, c.jsonPath), now))],
  };
}

export function renderTable(
  def: ResourceDef, items: KObject[], tableMeta: KObject, apiVersion: string, includeObject: string | undefined,
): KObject {
  const mode = includeObject ?? 'Metadata';
  if (!['None', 'Metadata', 'Object', ''].includes(mode)) throw errors.badRequest(`unrecognized includeObject value: "${mode}"`);
  const now = Date.now();
  const printer = def.crd ? undefined : (PRINTERS[def.kind] ?? DEFAULT_PRINTER);
  const crd = def.crd ? crdPrinter(def) : undefined;
  const columns = crd ? crd.columns : (printer as NonNullable<typeof printer>).columns();
  const rows = items.map((obj) => {
    const row: KObject = { cells: crd ? crd.cells(obj, now) : (printer as NonNullable<typeof printer>).cells(obj, now) };
    const conditions = printer?.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    if (mode === 'Object') row.object = toWire(def, obj);
    else if (mode !== 'None') row.object = partialObjectMetadata(obj, apiVersion);
    return row;
  });
  return { kind: 'Table', apiVersion, metadata: tableMeta, columnDefinitions: columns, rows };
}
