// The wire-faithful fake kube-apiserver: an HTTPS server on 127.0.0.1 (random port) with an in-memory store,
// seeded like the recording lab, and a generated kubeconfig. Start one per test suite.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServerState } from './apiContext';
import { Registry } from './discovery';
import { ObjectStore } from './objectStore';
import { Faults } from './faults';
import { loadPki } from './pki';
import { buildKubeconfig, closedPort } from './kubeconfig';
import { createApiServer, type RequestLogEntry } from './server';
import { seedCluster } from './seed';

export type { RequestLogEntry } from './server';
export { ObjectStore } from './objectStore';
export { Faults, type FailOptions } from './faults';
export { FAKE_TOKENS } from './auth';
export { CONTEXTS } from './kubeconfig';
export { SAMPLE_NAMESPACES } from './seed';
export type { KObject } from './types';

export interface FakeApiServer {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** A temp file holding kubeconfigYaml (removed on close). */
  kubeconfigPath: string;
  kubeconfigYaml: string;
  caPem: string;
  /** Every request received (discovery included), in order, logged before it is processed. */
  requests: RequestLogEntry[];
  clearRequests(): void;
  /** Seeding and inspection: put(obj), get(group, version, plural, ns|undefined, name), list(...), delete(...). */
  store: ObjectStore;
  /**
   * latencyMs, slowBodyMs, logLineDelayMs, failNext(count, status), dropNext(count), cutNext(count, bytes), noTables, execV4Only,
   * reset().
   */
  faults: Faults;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 'sample' (default): the recording lab's objects; 'empty': the namespaces only. */
  seed?: 'sample' | 'empty';
  /** Adds contexts fake-viewer-cert (viewer client certificate), fake-anonymous (no credentials), fake-staging. */
  extraContexts?: boolean;
  /** The simulated kubelet accepts only v4 exec subprotocols, like a 1.25 kubelet (also faults.execV4Only). */
  execV4Only?: boolean;
  /** Resources that refuse the Table representation (also faults.noTables). */
  noTables?: string[];
  /** Grant the viewer only what the real "view" ClusterRole grants (no nodes, no CRDs) instead of "all but secrets". */
  strictViewRole?: boolean;
}

export async function startFakeApiServer(opts: StartOptions = {}): Promise<FakeApiServer> {
  const pki = loadPki();
  let store: ObjectStore | undefined;
  const registry: Registry = new Registry(() => {
    const crdDef = registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    return store && crdDef ? store.items(crdDef) : [];
  });
  const liveStore = new ObjectStore(registry);
  store = liveStore;
  liveStore.subscribe((storage) => {
    if (storage === 'apiextensions.k8s.io/customresourcedefinitions') registry.invalidate();
  });
  seedCluster(liveStore, registry, pki.caCert, opts.seed ?? 'sample');

  const faults = new Faults();
  faults.execV4Only = opts.execV4Only ?? false;
  for (const r of opts.noTables ?? []) faults.noTables.add(r);
  const state: ServerState = {
    store: liveStore, registry, faults, authz: { strictViewRole: opts.strictViewRole },
    timers: new Set(), streams: new Set(), closing: false,
  };
  const requests: RequestLogEntry[] = [];
  const server = createApiServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert }, state, (e) => requests.push(e));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigYaml = buildKubeconfig(url, `https://127.0.0.1:${await closedPort()}`, pki, opts.extraContexts ?? false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-apiserver-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, kubeconfigYaml, { mode: 0o600 });

  return {
    url,
    port,
    kubeconfigPath,
    kubeconfigYaml,
    caPem: pki.caCert,
    requests,
    clearRequests: () => void requests.splice(0, requests.length),
    store: liveStore,
    faults,
    close: async () => {
      if (state.closing) return;
      state.closing = true;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      for (const end of [...state.streams]) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
