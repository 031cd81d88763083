// Field selectors: the fields each kind supports (every kind: metadata.name and metadata.namespace) and the
// two error shapes of a v1.25 apiserver: kinds with their own conversion function say
// `field label not supported: X`, the rest fall back to the generic message of 030.
import type { KObject, ResourceDef } from './types';
import { errors } from './statusErrors';
import { getPath } from './jsonValues';

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Kinds with a field label conversion function, and the extra fields they support. */
const KIND_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Event: EVENT_FIELDS,
  Namespace: ['status.phase'],
  Secret: ['type'],
  ReplicationController: ['status.replicas'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
  CertificateSigningRequest: ['spec.signerName'],
};

/** events.k8s.io/v1 names for the same Event fields. */
const EVENTS_V1_ALIASES: Record<string, string> = {
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
};

interface FieldRequirement {
  field: string;
  value: string;
  equal: boolean;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** fields.ParseSelector: comma-separated `field=value`, `field==value` or `field!=value` terms. */
function parse(selector: string): FieldRequirement[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i] as string;
    if (ch === '\\' && i + 1 < selector.length) {
      cur += ch + selector[++i];
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms
    .filter((t) => t !== '')
    .map((term) => {
      for (const [op, equal] of [['!=', false], ['==', true], ['=', true]] as const) {
        const idx = term.indexOf(op);
        if (idx >= 0) return { field: term.slice(0, idx), value: unescape(term.slice(idx + op.length)), equal };
      }
      throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    });
}

function fieldValue(obj: KObject, field: string): string {
  if (field === 'source') return String(obj.source?.component ?? '');
  const v = getPath(obj, field);
  // Unset booleans read as their zero value.
  if (v === undefined || v === null) return field === 'spec.unschedulable' ? 'false' : '';
  return typeof v === 'string' ? v : JSON.stringify(v); // numbers and booleans print the same either way
}

export type ObjectMatcher = (obj: KObject) => boolean;

/** Parses `?fieldSelector=` for a resource; unsupported fields are a 400 like the apiserver's. */
export function parseFieldSelector(def: ResourceDef, selector: string | undefined): ObjectMatcher {
  if (!selector || !selector.trim()) return () => true;
  const reqs = parse(selector);
  const extra = def.crd ? undefined : KIND_FIELDS[def.kind];
  for (const r of reqs) {
    if (def.kind === 'Event' && EVENTS_V1_ALIASES[r.field]) r.field = EVENTS_V1_ALIASES[r.field] as string;
    if (r.field === 'metadata.name' || r.field === 'metadata.namespace') continue;
    if (extra?.includes(r.field)) continue;
    if (extra) throw errors.badRequest(`field label not supported: ${r.field}`);
    throw errors.badRequest(`"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
  return (obj) => reqs.every((r) => (fieldValue(obj, r.field) === r.value) === r.equal);
}
