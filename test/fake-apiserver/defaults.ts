// API defaulting for the built-in kinds tests create, as the apiserver fills them in before storage (104:
// a dry-run Deployment create comes back with strategy, revisionHistoryLimit, progressDeadlineSeconds and
// per-container terminationMessagePath/Policy and imagePullPolicy).
import type { KObject, ResourceDef } from './types';
import { isPlainObject } from './jsonValues';
import { orderMetadata } from './wireObject';

function setDefault(obj: KObject, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

/** imagePullPolicy: Always for `:latest` or untagged images, IfNotPresent otherwise. */
function pullPolicy(image: string): string {
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: KObject): void {
  for (const p of (c.ports ?? []) as KObject[]) setDefault(p, 'protocol', 'TCP');
  if (c.resources === undefined) {
    // Keep Go's field order: resources comes before the termination message fields.
    const entries = Object.entries(c);
    const idx = entries.findIndex(([k]) => ['volumeMounts', 'livenessProbe', 'readinessProbe', 'terminationMessagePath', 'imagePullPolicy', 'securityContext'].includes(k));
    entries.splice(idx < 0 ? entries.length : idx, 0, ['resources', {}]);
    for (const k of Object.keys(c)) delete c[k];
    Object.assign(c, Object.fromEntries(entries));
  }
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', pullPolicy(c.image));
}

export function defaultPodSpec(spec: KObject): void {
  const containers = [...((spec.initContainers ?? []) as KObject[]), ...((spec.containers ?? []) as KObject[])];
  for (const c of containers) if (isPlainObject(c)) defaultContainer(c);
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
}

function defaultTemplate(spec: KObject): void {
  const template = spec.template;
  if (!isPlainObject(template)) return;
  // ObjectMeta order puts creationTimestamp before labels (104).
  template.metadata = orderMetadata({ creationTimestamp: null, ...(isPlainObject(template.metadata) ? template.metadata : {}) });
  if (isPlainObject(template.spec)) defaultPodSpec(template.spec);
}

export function applyDefaults(def: ResourceDef, obj: KObject, creating: boolean): void {
  if (def.crd) return;
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  switch (def.kind) {
    case 'Deployment':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      setDefault(spec, 'strategy', {});
      if (spec.strategy.type === undefined) spec.strategy.type = 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {};
        setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
        setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      if (!spec) return;
      if (def.kind !== 'DaemonSet' && def.kind !== 'Job') setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'Pod':
      if (spec) defaultPodSpec(spec);
      if (creating) {
        if (spec) {
          setDefault(spec, 'serviceAccountName', 'default');
          setDefault(spec, 'serviceAccount', spec.serviceAccountName);
          setDefault(spec, 'enableServiceLinks', true);
        }
        obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
      }
      break;
    case 'Service':
      if (!spec) return;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const p of (spec.ports ?? []) as KObject[]) {
        setDefault(p, 'protocol', 'TCP');
        setDefault(p, 'targetPort', p.port);
      }
      break;
    case 'Namespace':
      obj.spec = { finalizers: ['kubernetes'], ...(spec ?? {}) };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      if (creating) obj.status = { phase: 'Active' };
      break;
    case 'ServiceAccount':
    case 'ConfigMap':
    default:
      break;
  }
}
