// Shared shapes of the fake kube-apiserver.
//
// Objects travel as wire JSON (the fake stores exactly what a real server would serialise). What every
// handler relies on is typed: a stored object's type and object metadata, Status bodies and list metadata.
// The kind-specific rest (spec, status, data, …) stays `KObject`, the one thin adapter to untyped JSON; it is
// checked where it enters (objectShape.ts) and read defensively.

/** Any JSON map as it appears on the wire: the kind-specific parts of an object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one thin adapter to untyped wire JSON (see above)
export type KObject = { [key: string]: any };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ManagedFieldsEntry as serialised (managedFields.ts parses fieldsV1 into FieldSets). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: KObject;
  subresource?: string;
}

/** metav1.ObjectMeta: what the fake reads and maintains (name and uid are always set once stored). */
export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** An object as the store keeps it: type metadata, typed object metadata, and its kind-specific fields. */
export interface StoredObject extends KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** metav1.ListMeta. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string | undefined;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number | undefined;
}

/** metav1.Status, field order as the apiserver writes it (statusErrors.ts builds them). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

export interface GroupResource {
  group: string;
  resource: string;
}

/** A resource served by the fake, as discovery describes it plus what the handlers need to know. */
export interface ResourceDef {
  group: string;
  version: string;
  /** Plural name, e.g. `deployments`. */
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  /** Subresource name → discovery entry (`deployments/scale` is served as autoscaling/v1 Scale). */
  subresources: Map<string, SubresourceDef>;
  /** Objects of this resource bump metadata.generation when their spec changes. */
  hasGeneration: boolean;
  /** The store bucket; two group-versions share one when they are views of the same storage (events). */
  storage: string;
  /** Present for custom resources: the CRD version's schema, columns and scale paths. */
  crd?: CrdVersionInfo;
}

export interface SubresourceDef {
  name: string;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

export interface CrdVersionInfo {
  crdName: string;
  schema?: KObject;
  printerColumns: PrinterColumn[];
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  hasStatus: boolean;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** Who is calling, after authentication. */
export interface UserInfo {
  name: string;
  groups: string[];
}

export type QueryMap = Record<string, string | string[]>;
