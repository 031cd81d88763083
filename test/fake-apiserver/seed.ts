// The 'sample' cluster: five namespaces; in lab-apps 300 configmaps, deployments with their pods (ready,
// crash-looping, multi-container, one with 20,000 log lines), events, services and service accounts; in
// lab-data a secret, a pending pod and a completed one; four GPU nodes with heavy annotations; the widgets
// CRD with 100 widgets. 'empty' is the namespaces only. Timestamps start two hours ago.
import { createHash } from 'node:crypto';
import type { KObject } from './types';
import type { ObjectStore } from './objectStore';
import type { Registry } from './discovery';
import { configMap, event, namespace, namespaceDefaults, secret, service, serviceAccount, type SeedContext } from './seedBuilders';
import { deployment, pod, type PodState, type Workload } from './seedWorkloads';
import { gpuNode } from './seedNodes';
import { widget, widgetCrd } from './seedWidgets';
import { crashLog, generateLog, type LogStyle } from './logGenerator';

export const SAMPLE_NAMESPACES = ['default', 'kube-system', 'lab-apps', 'lab-data', 'lab-staging'];
const CLUSTER_AGE_MS = 2 * 3600 * 1000;

function eventSuffix(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 16);
}

function podEvents(ctx: SeedContext, p: KObject, at: number, crash = false): void {
  const node = p.spec.nodeName as string | undefined;
  const ev = (reason: string, message: string, component: string, t: number, extra: Partial<Parameters<typeof event>[1]> = {}): void => {
    event(ctx, { involved: p, reason, message, component, first: t, ...extra }, eventSuffix(`${p.metadata.name}/${reason}`));
  };
  if (!node) {
    ev('FailedScheduling', p.status.conditions[0].message, 'default-scheduler', at, { type: 'Warning' });
    return;
  }
  ev('Scheduled', `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${node}`, 'default-scheduler', at);
  for (const c of p.spec.containers as KObject[]) {
    const common = { host: node, fieldPath: `spec.containers{${c.name}}` };
    ev(`Pulled`, `Container image "${c.image}" already present on machine`, 'kubelet', at + 1, common);
    ev(`Created`, `Created container ${c.name}`, 'kubelet', at + 1, common);
    ev(`Started`, `Started container ${c.name}`, 'kubelet', at + 1, common);
    if (crash) {
      const msg = `Back-off restarting failed container ${c.name} in pod ${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`;
      ev('BackOff', msg, 'kubelet', at + 20, { ...common, type: 'Warning', count: 27, last: CLUSTER_AGE_MS / 1000 - 30 });
    }
  }
}

function setLogs(ctx: SeedContext, p: KObject, container: string, style: LogStyle, app: string, startAt: number, count?: number): void {
  const start = ctx.t0 + startAt * 1000;
  const end = Date.now() - 1000;
  const n = count ?? Math.max(10, Math.floor((end - start) / 3000));
  ctx.store.logs.set(p.metadata.namespace, p.metadata.name, container, () => generateLog(style, app, '1.4.2', start, end, n));
}

interface AppSpec {
  name: string;
  namespace?: string;
  mainContainer?: string;
  sidecarName?: string;
  init?: string;
  replicas: number;
  style: LogStyle;
  pods: { suffix: string; state: PodState }[];
  hash: string;
  sidecar?: boolean;
  logLines?: number;
}

function seedApp(ctx: SeedContext, app: AppSpec, createdAt: number): Workload {
  const ns = app.namespace ?? 'lab-apps';
  const w = deployment(ctx, {
    name: app.name,
    namespace: ns,
    mainContainer: app.mainContainer,
    initContainers: app.init ? [{ name: app.init, image: 'docker.io/library/busybox:1.36' }] : undefined,
    replicas: app.replicas,
    hash: app.hash,
    ready: app.pods.filter((p) => p.state.kind === 'running').length,
    createdAt,
    sidecars: app.sidecar ? [{ name: app.sidecarName ?? 'sidecar', image: 'docker.io/envoyproxy/envoy:v1.28.0', env: { ENVOY_UID: '0' } }] : undefined,
  });
  service(ctx, ns, app.name, `10.43.${10 + app.name.length}.${app.replicas * 7}`, createdAt);
  event(ctx, { involved: w.deployment, reason: 'ScalingReplicaSet', message: `Scaled up replica set ${w.replicaSet.metadata.name} to ${app.replicas}`, component: 'deployment-controller', first: createdAt }, eventSuffix(w.deployment.metadata.name));
  for (const { suffix, state } of app.pods) {
    const p = pod(ctx, w.replicaSet, w.template, `${w.replicaSet.metadata.name}-${suffix}`, state, createdAt + 1);
    const crash = state.kind === 'crashloop';
    podEvents(ctx, p, createdAt + 1, crash);
    if (crash) {
      const ns = p.metadata.namespace;
      const current = crashLog(app.name, ctx.t0 + state.lastStart * 1000);
      ctx.store.logs.set(ns, p.metadata.name, app.name, current, crashLog(app.name, ctx.t0 + (state.lastStart - 40) * 1000));
      continue;
    }
    const [main, ...others] = (p.spec.containers as KObject[]).map((c) => String(c.name));
    setLogs(ctx, p, main as string, app.style, app.name, createdAt + 2, app.logLines);
    for (const c of others) setLogs(ctx, p, c, 'envoy', app.name, createdAt + 2);
    if (app.init) setLogs(ctx, p, app.init, 'text', app.name, createdAt + 1, 3);
  }
  return w;
}

function seedLabApps(ctx: SeedContext): void {
  const age = CLUSTER_AGE_MS / 1000;
  for (let i = 0; i < 300; i++) {
    const id = String(i).padStart(3, '0');
    const rps = 100 + i;
    const yaml = `feature_flags:\n  new_checkout: ${i % 2 === 0}\n  dark_mode: ${i % 4 < 2}\n  shard: ${i}\nlimits:\n  rps: ${rps}\n  burst: ${rps * 2}\n`;
    configMap(
      ctx,
      'lab-apps',
      `cm-${id}`,
      { app: i % 2 === 0 ? 'web-frontend' : 'api-v1', shard: String(i % 10) },
      { 'lab.example.com/checksum': `sha256:${(i * 7919).toString(16).padStart(12, '0')}` },
      { LOG_LEVEL: i % 25 === 0 ? 'debug' : 'info', 'config.yaml': yaml },
      60 + Math.floor(i / 10),
    );
  }
  serviceAccount(ctx, 'lab-apps', 'builder', 95);
  const running = (node: number, ip: number): PodState => ({ kind: 'running', node: `lab-gpu-${node}`, ip: `10.42.${node}.${ip}` });
  seedApp(ctx, { name: 'api-v1', hash: '666bb449d6', replicas: 2, style: 'json', pods: [{ suffix: 'jcxlq', state: running(1, 5) }, { suffix: 'r7fz8', state: running(3, 4) }] }, 100);
  seedApp(ctx, { name: 'auth-v1', hash: '6b9fcbc6fc', replicas: 1, style: 'logfmt', pods: [{ suffix: 'k9mnp', state: running(2, 5) }] }, 102);
  seedApp(
    ctx,
    { name: 'checkout', hash: 'dfd5b95b4', replicas: 1, style: 'text', pods: [{ suffix: '7klg4', state: { kind: 'crashloop', node: 'lab-gpu-1', ip: '10.42.1.4', restarts: 27, lastStart: age - 95, lastFinish: age - 94 } }] },
    104,
  );
  seedApp(ctx, { name: 'web', hash: '7c9d8f6b5', replicas: 1, style: 'nginx', sidecar: true, pods: [{ suffix: 'x2k4p', state: running(4, 6) }] }, 106);
  // The recordings' multi-container pod (043/044): containers app and proxy.
  seedApp(ctx, { name: 'sidecar-demo', hash: '66cf764b95', replicas: 1, style: 'json', mainContainer: 'app', sidecar: true, sidecarName: 'proxy', pods: [{ suffix: 'ttbgg', state: running(3, 7) }] }, 107);
  seedApp(ctx, { name: 'chatty', hash: '5f7d9c8b4', replicas: 1, style: 'json', logLines: 20000, pods: [{ suffix: 'w5xkq', state: running(2, 9) }] }, 108);
}

function seedLabData(ctx: SeedContext): void {
  const password = 'S3cr3t-lab-password-do-not-leak';
  secret(ctx, 'lab-data', 'db-credentials', { app: 'db' }, { password, url: `postgres://shop:${password}@db.lab-data.svc:5432/shop`, username: 'shop' }, 70);
  serviceAccount(ctx, 'lab-data', 'reporter', 70);
  const train = { name: 'train', image: 'registry.lab.example.com/shop/train:0.9.1', resources: { limits: { 'nvidia.com/gpu': '16' }, requests: { 'nvidia.com/gpu': '16' } }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' };
  const pendingTemplate = {
    metadata: { namespace: 'lab-data', labels: { app: 'gpu-job', 'lab.example.com/behaviour': 'pending' } },
    spec: { containers: [train], restartPolicy: 'Never', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler' },
  };
  const pending = pod(ctx, undefined, pendingTemplate, 'gpu-job-pending', { kind: 'pending', message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.' }, 110);
  podEvents(ctx, pending, 110);
  const migrate = { name: 'migrate', image: 'registry.lab.example.com/shop/migrate:0042', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' };
  const jobTemplate = { metadata: { namespace: 'lab-data', labels: { 'job-name': 'migrate-0042' } }, spec: { containers: [migrate], restartPolicy: 'Never', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler' } };
  const done = pod(ctx, undefined, jobTemplate, 'migrate-0042-9xlp6', { kind: 'completed', node: 'lab-gpu-1', ip: '10.42.1.8', finishedAt: 130 }, 112);
  podEvents(ctx, done, 112);
  // A pod with an init container (117).
  seedApp(ctx, { name: 'data-api', namespace: 'lab-data', hash: 'f9cd879d8', replicas: 1, style: 'json', init: 'wait-for-db', pods: [{ suffix: 'mhz5g', state: { kind: 'running', node: 'lab-gpu-3', ip: '10.42.3.20' } }] }, 114);
  const start = ctx.t0 + 113_000;
  ctx.store.logs.set('lab-data', done.metadata.name, 'migrate', ['Applying migration 0042_add_orders_index', 'CREATE INDEX orders_created_at_idx ON orders (created_at)', 'Migration 0042 applied in 1.42s'].map((line, i) => ({ time: start + i * 700, line })));
}

export function seedCluster(store: ObjectStore, registry: Registry, caPem: string, kind: 'sample' | 'empty'): void {
  const ctx: SeedContext = { store, registry, t0: Date.now() - CLUSTER_AGE_MS, caPem };
  SAMPLE_NAMESPACES.forEach((ns, i) => {
    namespace(ctx, ns, i < 2 ? 0 : 50);
    namespaceDefaults(ctx, ns, i < 2 ? 0 : 50);
  });
  if (kind === 'empty') return;
  for (let i = 1; i <= 4; i++) gpuNode(ctx, i, i === 1);
  widgetCrd(ctx, 30);
  seedLabApps(ctx);
  seedLabData(ctx);
  for (let i = 0; i < 100; i++) widget(ctx, 'lab-apps', i, 90);
  configMap(ctx, 'kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, undefined, { Corefile: '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n' }, 5);
}
