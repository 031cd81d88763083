// The bits of the built-in OpenAPI schema that field ownership depends on: which lists are associative (merged
// by key, tracked as `k:{...}` in managedFields), which are sets (`v:`), which structs are atomic, and the
// zero object of each kind (Go's encoder always emits non-pointer structs, so `spec` and `template` exist
// before a create and never get a "." of their own). Custom resources have no list types: every list is atomic.
import type { KObject } from './types';

export type ListKind = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

export interface SchemaContext {
  /** Built-in kinds use the hints below; custom resources are schemaless for ownership purposes. */
  builtin: boolean;
  kind: string;
}

const KEYED_BY_NAME = new Set(['containers', 'initContainers', 'ephemeralContainers', 'env', 'volumes', 'imagePullSecrets']);

/** The element a path ends with, without its `f:` prefix (`ports` for `f:ports`). */
function lastField(path: readonly string[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const el = path[i] as string;
    if (el.startsWith('f:')) return el.slice(2);
  }
  return '';
}

export function listKindFor(path: readonly string[], ctx: SchemaContext): ListKind {
  if (!ctx.builtin) return path.join('/') === 'f:metadata/f:finalizers' ? { type: 'set' } : { type: 'atomic' };
  const field = lastField(path);
  const parent = path[path.length - 2] ?? '';
  if (KEYED_BY_NAME.has(field)) return { type: 'map', keys: ['name'] };
  switch (field) {
    case 'ports':
      // Container ports are keyed by containerPort+protocol, Service ports by port+protocol.
      return parent.startsWith('k:') ? { type: 'map', keys: ['containerPort', 'protocol'] } : { type: 'map', keys: ['port', 'protocol'] };
    case 'volumeMounts':
      return { type: 'map', keys: ['mountPath'] };
    case 'volumeDevices':
      return { type: 'map', keys: ['devicePath'] };
    case 'conditions':
      return { type: 'map', keys: ['type'] };
    case 'ownerReferences':
      return { type: 'map', keys: ['uid'] };
    case 'topologySpreadConstraints':
      return { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] };
    case 'podIPs':
    case 'hostIPs':
      return { type: 'map', keys: ['ip'] };
    case 'finalizers':
      return { type: 'set' };
    default:
      return { type: 'atomic' };
  }
}

/** Structs marked `+structType=atomic` in the built-in types: owned and compared as one leaf. */
const ATOMIC_STRUCTS = new Set(['fieldRef', 'resourceFieldRef', 'involvedObject', 'regarding', 'related']);

/**
 * Atomic structs: metav1.LabelSelector in workload specs (`f:selector` is one leaf), object references, and
 * ownerReferences items (`k:{"uid":...}` with nothing below it).
 */
export function isAtomicMap(path: readonly string[], value: KObject, ctx: SchemaContext): boolean {
  if (!ctx.builtin) return false;
  const last = path[path.length - 1] ?? '';
  if (last.startsWith('k:') && path[path.length - 2] === 'f:ownerReferences') return true;
  const field = lastField(path);
  if (ATOMIC_STRUCTS.has(field) && last === `f:${field}`) return true;
  if ((field === 'selector' || field === 'labelSelector' || field === 'namespaceSelector') && ('matchLabels' in value || 'matchExpressions' in value)) return true;
  return false;
}

/** Key fields of a list item, defaulted like the apiserver does before tracking (protocol: TCP). */
export function itemKey(item: KObject, keys: string[]): KObject {
  const out: KObject = {};
  for (const k of [...keys].sort()) {
    if (item[k] !== undefined) out[k] = item[k];
    else if (k === 'protocol') out[k] = 'TCP';
  }
  return out;
}

const podSpecZero = (): KObject => ({ containers: [] });
const templateZero = (): KObject => ({ metadata: {}, spec: podSpecZero() });

/** The object a create is compared against: the kind's zero value as Go would encode it. */
export function zeroObject(ctx: SchemaContext): KObject {
  if (!ctx.builtin) return { metadata: {} };
  switch (ctx.kind) {
    case 'ConfigMap':
    case 'Secret':
    case 'ServiceAccount':
    case 'ClusterRole':
    case 'Role':
    case 'ClusterRoleBinding':
    case 'RoleBinding':
      return { metadata: {} };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return { metadata: {}, spec: { template: templateZero(), strategy: {} }, status: {} };
    case 'Job':
      return { metadata: {}, spec: { template: templateZero() }, status: {} };
    case 'CronJob':
      return { metadata: {}, spec: { jobTemplate: { metadata: {}, spec: { template: templateZero() } } }, status: {} };
    case 'Pod':
      return { metadata: {}, spec: podSpecZero(), status: {} };
    case 'Event':
      // reportingComponent/Instance are non-omitempty strings: "" exists before any write.
      return { metadata: {}, involvedObject: {}, source: {}, reportingComponent: '', reportingInstance: '' };
    case 'Node':
      return { metadata: {}, spec: {}, status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} } };
    case 'Service':
      return { metadata: {}, spec: {}, status: { loadBalancer: {} } };
    default:
      return { metadata: {}, spec: {}, status: {} };
  }
}
