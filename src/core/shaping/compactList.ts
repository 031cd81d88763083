/**
 * Turns what the API server answered for a list (a meta.k8s.io Table with PartialObjectMetadata rows, a
 * PartialObjectMetadataList, or a plain list) into the compact listing of scan_k8s_collection: per item the
 * identifying metadata plus kubectl's own printer columns (a pod's Ready/Status/Restarts), so one call answers
 * "what is broken" without shipping whole objects.
 */
import { LAST_APPLIED_ANNOTATION, trimAnnotations, type AnnotationRules } from './annotationTrimmer';
import { applyAnnotationBudget } from './annotationBudget';

export interface CompactListOptions {
  annotations: AnnotationRules;
  /** Per-item annotation budget in bytes (0 = none); see annotationBudget.ts. */
  annotationBudget: number;
  includeIds: boolean;
  /** When the list is one namespace, items do not repeat it. */
  namespace?: string | undefined;
  /** Listing Secrets: their last-applied annotation carries the data in clear. */
  maskLastApplied?: boolean;
}

export interface CompactItem {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created?: string;
  uid?: string;
  resourceVersion?: string;
  /** Values of the list's `columns`, in order. */
  cells?: unknown[];
}

/** One page as read from the API server; compactTable.ts turns it into the text an agent gets. */
export interface CompactList {
  kind: string;
  apiVersion: string;
  /** The namespace listed, when the list is one namespace. */
  namespace?: string;
  /** Printer columns (kubectl's), without Name, Age and Created At, which the items already carry. */
  columns: string[];
  items: CompactItem[];
  continue?: string;
  remainingItemCount?: number;
  /** What the page left out and why (items outside allowedNamespaces), for the header. */
  note?: string | undefined;
}

interface Metadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface TableColumn { name: string; priority?: number; format?: string }
interface TableRow { cells: unknown[]; object?: { metadata?: Metadata } }
export interface ListAnswer {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string; remainingItemCount?: number };
  columnDefinitions?: TableColumn[];
  rows?: TableRow[];
  items?: Array<{ metadata?: Metadata }>;
}

/** The creation time in other words: every item carries `created`, from which the answer gives one age column. */
const CREATION_COLUMNS = new Set(['Name', 'Age', 'Created At']);

/** Columns worth sending: kubectl's default (priority 0) columns minus the name and the creation time. */
function selectColumns(defs: TableColumn[]): number[] {
  const picked: number[] = [];
  defs.forEach((d, i) => {
    if ((d.priority ?? 0) !== 0) return;
    if (d.format === 'name' || CREATION_COLUMNS.has(d.name)) return;
    picked.push(i);
  });
  return picked;
}

function compactItem(md: Metadata, options: CompactListOptions): CompactItem {
  const item: CompactItem = { name: md.name ?? '' };
  if (md.namespace && md.namespace !== options.namespace) item.namespace = md.namespace;
  if (md.labels && Object.keys(md.labels).length > 0) item.labels = md.labels;
  let annotations = trimAnnotations(md.annotations, options.annotations);
  if (options.maskLastApplied && annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
    annotations = { ...annotations, [LAST_APPLIED_ANNOTATION]: '<masked>' };
  }
  if (options.annotationBudget > 0) annotations = applyAnnotationBudget(annotations, options.annotationBudget);
  if (annotations && Object.keys(annotations).length > 0) item.annotations = annotations;
  if (md.creationTimestamp) item.created = md.creationTimestamp;
  if (options.includeIds) {
    if (md.uid) item.uid = md.uid;
    if (md.resourceVersion) item.resourceVersion = md.resourceVersion;
  }
  return item;
}

export function compactList(answer: ListAnswer, fallbackKind: string, options: CompactListOptions): CompactList {
  const out: CompactList = { kind: fallbackKind, apiVersion: '', columns: [], items: [] };
  if (options.namespace) out.namespace = options.namespace;
  if (answer.kind === 'Table' && answer.columnDefinitions && answer.rows) {
    const defs = answer.columnDefinitions;
    const picked = selectColumns(defs);
    out.columns = picked.map((i) => defs[i]!.name);
    for (const row of answer.rows) {
      const first = row.cells[0]; // the Name column, when the server sent no object metadata
      const md = row.object?.metadata ?? { name: typeof first === 'string' ? first : '' };
      const item = compactItem(md, options);
      if (picked.length > 0) item.cells = picked.map((i) => row.cells[i] ?? null);
      out.items.push(item);
    }
  } else {
    for (const entry of answer.items ?? []) out.items.push(compactItem(entry.metadata ?? {}, options));
  }
  if (answer.metadata?.continue) out.continue = answer.metadata.continue;
  if (answer.metadata?.remainingItemCount !== undefined) out.remainingItemCount = answer.metadata.remainingItemCount;
  return out;
}
