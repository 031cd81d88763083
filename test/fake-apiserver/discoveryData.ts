// The built-in API surface of a v1.25 kube-apiserver. The core, apps and batch resource lists are taken
// verbatim from the recordings (003, 005, 006); the other groups of the recorded /apis list (004) are written
// here compactly in the same shape, so discovery clients (kubectl api-resources, client-go's memcache) find
// every group they are told about instead of failing with "unable to retrieve the complete list".

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB_VERBS = ['get', 'patch', 'update'];

/** [plural, kind, namespaced, shortNames, subresources, categories, verbs] */
export type CompactResource = [string, string, boolean, string[]?, string[]?, string[]?, string[]?];

export interface StaticGroupVersion {
  group: string;
  version: string;
  resources: CompactResource[];
}

/** Files holding the recorded APIResourceLists (served as recorded). */
export const RECORDED_RESOURCE_LISTS: Record<string, string> = {
  v1: '003-api-v1.json',
  'apps/v1': '005-apis-apps-v1.json',
  'batch/v1': '006-apis-batch-v1.json',
};

const create = ['create'];

export const STATIC_GROUP_VERSIONS: StaticGroupVersion[] = [
  { group: 'apiregistration.k8s.io', version: 'v1', resources: [['apiservices', 'APIService', false, [], ['status'], ['api-extensions']]] },
  { group: 'events.k8s.io', version: 'v1', resources: [['events', 'Event', true, ['ev']]] },
  { group: 'authentication.k8s.io', version: 'v1', resources: [['tokenreviews', 'TokenReview', false, [], [], [], create]] },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resources: [
      ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true, [], [], [], create],
      ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, [], [], [], create],
      ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, [], [], [], create],
      ['subjectaccessreviews', 'SubjectAccessReview', false, [], [], [], create],
    ],
  },
  ...['v2', 'v1', 'v2beta2'].map((version) => ({
    group: 'autoscaling',
    version,
    resources: [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['status'], ['all']] as CompactResource],
  })),
  {
    group: 'certificates.k8s.io',
    version: 'v1',
    resources: [['certificatesigningrequests', 'CertificateSigningRequest', false, ['csr'], ['approval', 'status']]],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resources: [
      ['ingressclasses', 'IngressClass', false],
      ['ingresses', 'Ingress', true, ['ing'], ['status']],
      ['networkpolicies', 'NetworkPolicy', true, ['netpol']],
    ],
  },
  { group: 'policy', version: 'v1', resources: [['poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], ['status']]] },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resources: [
      ['clusterrolebindings', 'ClusterRoleBinding', false],
      ['clusterroles', 'ClusterRole', false],
      ['rolebindings', 'RoleBinding', true],
      ['roles', 'Role', true],
    ],
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    resources: [
      ['csidrivers', 'CSIDriver', false],
      ['csinodes', 'CSINode', false],
      ['csistoragecapacities', 'CSIStorageCapacity', true],
      ['storageclasses', 'StorageClass', false, ['sc']],
      ['volumeattachments', 'VolumeAttachment', false, [], ['status']],
    ],
  },
  { group: 'storage.k8s.io', version: 'v1beta1', resources: [['csistoragecapacities', 'CSIStorageCapacity', true]] },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resources: [
      ['mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, [], [], ['api-extensions']],
      ['validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, [], [], ['api-extensions']],
    ],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resources: [['customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds'], ['status'], ['api-extensions']]],
  },
  { group: 'scheduling.k8s.io', version: 'v1', resources: [['priorityclasses', 'PriorityClass', false, ['pc']]] },
  { group: 'coordination.k8s.io', version: 'v1', resources: [['leases', 'Lease', true]] },
  { group: 'node.k8s.io', version: 'v1', resources: [['runtimeclasses', 'RuntimeClass', false]] },
  { group: 'discovery.k8s.io', version: 'v1', resources: [['endpointslices', 'EndpointSlice', true]] },
  ...['v1beta2', 'v1beta1'].map((version) => ({
    group: 'flowcontrol.apiserver.k8s.io',
    version,
    resources: [
      ['flowschemas', 'FlowSchema', false, [], ['status']] as CompactResource,
      ['prioritylevelconfigurations', 'PriorityLevelConfiguration', false, [], ['status']] as CompactResource,
    ],
  })),
];

/** Subresource verbs and kinds that are not the parent's kind. */
export function subresourceShape(sub: string, parentKind: string): { kind: string; verbs: string[]; group?: string; version?: string } {
  switch (sub) {
    case 'scale':
      return { kind: 'Scale', verbs: SUB_VERBS, group: 'autoscaling', version: 'v1' };
    case 'approval':
    case 'status':
      return { kind: parentKind, verbs: SUB_VERBS };
    default:
      return { kind: parentKind, verbs: SUB_VERBS };
  }
}

/** Kinds whose objects carry metadata.generation (spec changes bump it). Custom resources always do. */
export const KINDS_WITH_GENERATION = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'PodDisruptionBudget',
  'Ingress',
  'NetworkPolicy',
  'CustomResourceDefinition',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

/** The /apis group order of the recording (004); CRD groups follow, as the aggregator lists them. */
export const GROUP_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];
