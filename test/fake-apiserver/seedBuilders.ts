// Small builders for seeded cluster state. Each returns a complete object as a real cluster would hold it,
// including managedFields written by the component that would have written it (kubectl-create,
// kube-controller-manager, kubelet...), so field ownership behaves the same as on a real cluster.
import type { KObject } from './types';
import type { ObjectStore } from './objectStore';
import type { Registry } from './discovery';
import { managedFieldsForUpdate } from './managedFields';
import { rfc3339 } from './timeFormat';

export interface SeedContext {
  store: ObjectStore;
  registry: Registry;
  /** When the simulated cluster came up (ms). */
  t0: number;
  caPem: string;
}

/** A timestamp `seconds` after the cluster came up. */
export function at(ctx: SeedContext, seconds: number): string {
  return rfc3339(ctx.t0 + seconds * 1000);
}

export interface Writer {
  manager: string;
  /** Seconds after t0. */
  at: number;
}

/**
 * Stores `obj` with managedFields as if `main` had created it and `status` (if any) had then written its
 * status through the status subresource.
 */
export function seedObject(ctx: SeedContext, obj: KObject, main: Writer, status?: Writer): KObject {
  const def = ctx.registry.byKind(String(obj.apiVersion), String(obj.kind));
  if (!def) throw new Error(`seed: no resource for ${obj.apiVersion} ${obj.kind}`);
  const withoutStatus: KObject = { ...obj };
  // Built-in status is a struct that always exists (no "." of its own); a custom resource's is optional.
  if (def.crd) delete withoutStatus.status;
  else if (obj.status !== undefined) withoutStatus.status = {};
  const createdFields = managedFieldsForUpdate(def, undefined, withoutStatus, main.manager, at(ctx, main.at), undefined);
  const created = { ...withoutStatus, metadata: { ...withoutStatus.metadata, managedFields: createdFields } };
  let managedFields = created.metadata.managedFields;
  if (status && obj.status !== undefined) managedFields = managedFieldsForUpdate(def, created, obj, status.manager, at(ctx, status.at), 'status');
  const creationTimestamp = obj.metadata.creationTimestamp ?? at(ctx, main.at);
  return ctx.store.put({ ...obj, metadata: { ...obj.metadata, creationTimestamp, managedFields } });
}

export function namespace(ctx: SeedContext, name: string, createdAt: number): KObject {
  return seedObject(
    ctx,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    { manager: 'kube-apiserver', at: createdAt },
  );
}

/** What every namespace gets from the controllers: the CA bundle configmap and the default service account. */
export function namespaceDefaults(ctx: SeedContext, ns: string, createdAt: number): void {
  seedObject(
    ctx,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: ns,
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': ctx.caPem },
    },
    { manager: 'kube-controller-manager', at: createdAt },
  );
  serviceAccount(ctx, ns, 'default', createdAt);
}

export function serviceAccount(ctx: SeedContext, ns: string, name: string, createdAt: number): KObject {
  return ctx.store.put({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, creationTimestamp: at(ctx, createdAt) } });
}

export function configMap(
  ctx: SeedContext, ns: string, name: string, labels: KObject, annotations: KObject | undefined, data: KObject, createdAt: number,
): KObject {
  const metadata: KObject = { name, namespace: ns, labels };
  if (annotations) metadata.annotations = annotations;
  return seedObject(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data }, { manager: 'kubectl-create', at: createdAt });
}

/** Secrets are stored with base64 data, as the API returns them. */
export function secret(
  ctx: SeedContext, ns: string, name: string, labels: KObject, values: Record<string, string>, createdAt: number,
): KObject {
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return seedObject(ctx, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns, labels }, data, type: 'Opaque' }, { manager: 'kubectl-create', at: createdAt });
}

export function service(ctx: SeedContext, ns: string, app: string, clusterIP: string, createdAt: number): KObject {
  return seedObject(
    ctx,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace: ns, labels: { app } },
      spec: {
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
        selector: { app },
        clusterIP,
        clusterIPs: [clusterIP],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    },
    { manager: 'kubectl-client-side-apply', at: createdAt },
  );
}

export interface EventInput {
  involved: KObject;
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  component: string;
  host?: string;
  fieldPath?: string;
  count?: number;
  first: number;
  last?: number;
}

/** A core/v1 Event as the kubelet or a controller records it (083). */
export function event(ctx: SeedContext, input: EventInput, suffix: string): KObject {
  const inv = input.involved;
  const source: KObject = { component: input.component };
  if (input.host) source.host = input.host;
  const involvedObject: KObject = {
    kind: inv.kind,
    namespace: inv.metadata.namespace,
    name: inv.metadata.name,
    uid: inv.metadata.uid,
    apiVersion: inv.apiVersion,
    resourceVersion: inv.metadata.resourceVersion,
  };
  if (input.fieldPath) involvedObject.fieldPath = input.fieldPath;
  return seedObject(
    ctx,
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${inv.metadata.name}.${suffix}`, namespace: inv.metadata.namespace },
      involvedObject,
      reason: input.reason,
      message: input.message,
      source,
      firstTimestamp: at(ctx, input.first),
      lastTimestamp: at(ctx, input.last ?? input.first),
      count: input.count ?? 1,
      type: input.type ?? 'Normal',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    },
    { manager: input.component, at: input.last ?? input.first },
  );
}
