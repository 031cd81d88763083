// Shared shapes of the fake kube-apiserver.
//
// Objects travel as untyped wire JSON (the fake stores exactly what a real server would serialise), so
// `KObject` is the one thin adapter to untyped JSON; everything typed lives around it.

/** A Kubernetes object or any JSON map as it appears on the wire. */
export type KObject = { [key: string]: any };

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
