// Deployments with their ReplicaSets and Pods, shaped like the recorded ones: `api-v1` is the recorded
// Deployment (010, written by `kubectl apply`, so it carries last-applied-configuration and a
// kubectl-client-side-apply manager); the others are built from it. Pods come in the states tests need:
// running and ready, crash-looping (013), pending (014), completed.
import type { KObject } from './types';
import { recordedBody } from './fixtures';
import { at, seedObject, type SeedContext } from './seedBuilders';
import { defaultPodSpec } from './defaults';

export interface ContainerInput {
  name: string;
  image: string;
  env?: Record<string, string>;
}

export interface DeploymentInput {
  name: string;
  namespace: string;
  replicas: number;
  version?: string;
  /** Extra containers after the main one (a sidecar). */
  sidecars?: ContainerInput[];
  /** The pod-template-hash (recorded names: api-v1-666bb449d6-jcxlq). */
  hash?: string;
  /** Ready replicas (default: all). */
  ready?: number;
  /** Name of the main container (default: the deployment's name). */
  mainContainer?: string;
  initContainers?: ContainerInput[];
  createdAt: number;
}

export interface Workload {
  deployment: KObject;
  replicaSet: KObject;
  template: KObject;
  hash: string;
}

const API_V1 = (): KObject => recordedBody('010-get-deployment.json');

/** Deterministic pod-template-hash-looking strings (k8s uses a safe-encoded FNV hash). */
export function shortHash(seed: string, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let out = '';
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 13), 2654435761);
    out += alphabet[(h >>> 0) % alphabet.length];
  }
  return out;
}

function renameDeployment(d: KObject, input: DeploymentInput): KObject {
  const { name } = input;
  const version = input.version ?? '1.4.2';
  const text = JSON.stringify(d).replace(/api-v1/g, name).replace(/1\.4\.2/g, version);
  const out = JSON.parse(text) as KObject;
  out.spec.replicas = input.replicas;
  const containers = out.spec.template.spec.containers as KObject[];
  if (input.mainContainer) (containers[0] as KObject).name = input.mainContainer;
  if (input.initContainers?.length) {
    out.spec.template.spec.initContainers = input.initContainers.map((c) => ({ name: c.name, image: c.image, command: ['sh', '-c', 'until nc -z db.lab-data.svc 5432; do sleep 1; done'], resources: {} }));
  }
  for (const s of input.sidecars ?? []) {
    containers.push({
      name: s.name,
      image: s.image,
      ports: [{ name: 'admin', containerPort: 9901, protocol: 'TCP' }],
      env: Object.entries(s.env ?? {}).map(([k, v]) => ({ name: k, value: v })),
      resources: { limits: { cpu: '200m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
    });
  }
  defaultPodSpec(out.spec.template.spec);
  return out;
}

export function deployment(ctx: SeedContext, input: DeploymentInput): Workload {
  const recorded = API_V1();
  const base = input.name === 'api-v1' && !input.sidecars && !input.mainContainer ? recorded : renameDeployment(recorded, input);
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...meta } = base.metadata;
  meta.namespace = input.namespace;
  const ready = input.ready ?? input.replicas;
  const hash = input.hash ?? shortHash(`${input.namespace}/${input.name}`, 9);
  const conditionTime = at(ctx, input.createdAt + 2);
  const available = ready >= input.replicas;
  const status: KObject = { observedGeneration: 1, replicas: input.replicas, updatedReplicas: input.replicas };
  if (ready) status.readyReplicas = ready;
  if (ready) status.availableReplicas = ready;
  if (!available) status.unavailableReplicas = input.replicas - ready;
  status.conditions = [
    available
      ? { type: 'Available', status: 'True', lastUpdateTime: conditionTime, lastTransitionTime: conditionTime, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', lastUpdateTime: conditionTime, lastTransitionTime: conditionTime, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    { type: 'Progressing', status: 'True', lastUpdateTime: conditionTime, lastTransitionTime: at(ctx, input.createdAt), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${input.name}-${hash}" has successfully progressed.` },
  ];
  const dep = seedObject(
    ctx,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta, annotations: { ...meta.annotations, 'deployment.kubernetes.io/revision': '1' } }, spec: base.spec, status },
    { manager: 'kubectl-client-side-apply', at: input.createdAt },
    { manager: 'kube-controller-manager', at: input.createdAt + 2 },
  );
  const template = structuredClone(dep.spec.template) as KObject;
  template.metadata.labels = { ...template.metadata.labels, 'pod-template-hash': hash };
  const rs = seedObject(
    ctx,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${input.name}-${hash}`,
        namespace: input.namespace,
        labels: template.metadata.labels,
        annotations: { 'deployment.kubernetes.io/desired-replicas': String(input.replicas), 'deployment.kubernetes.io/max-replicas': String(input.replicas + 1), 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: input.name, uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: input.replicas, selector: { matchLabels: { ...dep.spec.selector.matchLabels, 'pod-template-hash': hash } }, template },
      status: {
        replicas: input.replicas, fullyLabeledReplicas: input.replicas,
        readyReplicas: ready || undefined, availableReplicas: ready || undefined, observedGeneration: 1,
      },
    },
    { manager: 'kube-controller-manager', at: input.createdAt },
    { manager: 'kube-controller-manager', at: input.createdAt + 2 },
  );
  return { deployment: dep, replicaSet: rs, template, hash };
}

export type PodState =
  | { kind: 'running'; node: string; ip: string }
  | { kind: 'crashloop'; node: string; ip: string; restarts: number; lastStart: number; lastFinish: number }
  | { kind: 'pending'; message: string }
  | { kind: 'completed'; node: string; ip: string; finishedAt: number };

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function containerStatus(ctx: SeedContext, c: KObject, podName: string, state: PodState, startedAt: number): KObject {
  const id = `containerd://${shortHash(`${podName}/${c.name}`, 32)}${shortHash(`${c.name}/${podName}`, 32)}`;
  const base = { name: c.name, image: c.image, imageID: `${String(c.image).split(':')[0]}@sha256:${shortHash(String(c.image), 64)}` };
  if (state.kind === 'crashloop') {
    return {
      name: c.name,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 20s restarting failed container=${c.name} pod=${podName}` } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(ctx, state.lastStart), finishedAt: at(ctx, state.lastFinish), containerID: id } },
      ready: false,
      restartCount: state.restarts,
      image: base.image,
      imageID: base.imageID,
      containerID: id,
      started: false,
    };
  }
  if (state.kind === 'completed') {
    const terminated = { exitCode: 0, reason: 'Completed', startedAt: at(ctx, startedAt), finishedAt: at(ctx, state.finishedAt), containerID: id };
    return {
      name: c.name, state: { terminated }, lastState: {}, ready: false, restartCount: 0,
      image: base.image, imageID: base.imageID, containerID: id, started: false,
    };
  }
  return {
    name: c.name, state: { running: { startedAt: at(ctx, startedAt) } }, lastState: {}, ready: true, restartCount: 0,
    image: base.image, imageID: base.imageID, containerID: id, started: true,
  };
}

function podStatus(ctx: SeedContext, pod: KObject, state: PodState, createdAt: number): KObject {
  const t = at(ctx, createdAt + 1);
  const cond = (type: string, status: string, extra: KObject = {}): KObject =>
    ({ type, status, lastProbeTime: null, lastTransitionTime: t, ...extra });
  if (state.kind === 'pending') {
    return { phase: 'Pending', conditions: [cond('PodScheduled', 'False', { reason: 'Unschedulable', message: state.message })], qosClass: 'Burstable' };
  }
  const containers = pod.spec.containers as KObject[];
  const ready = state.kind === 'running';
  const names = `[${containers.map((c) => c.name).join(' ')}]`;
  const notReady = state.kind === 'completed' ? { reason: 'PodCompleted' } : { reason: 'ContainersNotReady', message: `containers with unready status: ${names}` };
  return {
    phase: state.kind === 'completed' ? 'Succeeded' : 'Running',
    conditions: [
      cond('Initialized', 'True', state.kind === 'completed' ? { reason: 'PodCompleted' } : {}),
      cond('Ready', ready ? 'True' : 'False', ready ? {} : notReady),
      cond('ContainersReady', ready ? 'True' : 'False', ready ? {} : notReady),
      cond('PodScheduled', 'True'),
    ],
    hostIP: '127.0.0.1',
    podIP: state.ip,
    podIPs: [{ ip: state.ip }],
    startTime: t,
    ...(pod.spec.initContainers
      ? { initContainerStatuses: (pod.spec.initContainers as KObject[]).map((c) => containerStatus(ctx, c, pod.metadata.name, { kind: 'completed', node: '', ip: '', finishedAt: createdAt + 1 }, createdAt)) }
      : {}),
    containerStatuses: containers.map((c) => containerStatus(ctx, c, pod.metadata.name, state, createdAt + 1)),
    qosClass: 'Burstable',
  };
}

/** A pod created by `owner` (a ReplicaSet or Job) from `template`, in `state`. */
export function pod(
  ctx: SeedContext, owner: KObject | undefined, template: KObject, name: string, state: PodState, createdAt: number,
): KObject {
  const spec = structuredClone(template.spec) as KObject;
  const tokenVolume = `kube-api-access-${shortHash(name, 5)}`;
  spec.volumes = [
    ...((spec.volumes ?? []) as KObject[]),
    {
      name: tokenVolume,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    },
  ];
  for (const c of spec.containers as KObject[]) {
    c.volumeMounts = [...((c.volumeMounts ?? []) as KObject[]), { name: tokenVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
  }
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (state.kind !== 'pending') spec.nodeName = state.node;
  Object.assign(spec, { tolerations: TOLERATIONS, priority: 0, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority' });
  const metadata: KObject = { name, namespace: owner?.metadata.namespace ?? template.metadata.namespace, labels: template.metadata.labels };
  if (owner) {
    metadata.generateName = `${owner.metadata.name}-`;
    metadata.ownerReferences = [{
      apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid,
      controller: true, blockOwnerDeletion: true,
    }];
  }
  if (template.metadata.annotations) metadata.annotations = template.metadata.annotations;
  const obj: KObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  obj.status = podStatus(ctx, obj, state, createdAt);
  return seedObject(ctx, obj, { manager: owner ? 'kube-controller-manager' : 'kubectl-client-side-apply', at: createdAt }, { manager: state.kind === 'pending' ? 'kube-scheduler' : 'kubelet', at: createdAt + 2 });
}
