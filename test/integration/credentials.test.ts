// How the server authenticates with kubeconfigs a real user has: exec credential plugins (tokens and client
// certificates, run once for a burst of calls, bounded by the call's deadline, named when missing), tokenFile
// and impersonation, http:// servers such as `kubectl proxy`, and a cluster's proxy-url, all against the fake
// API server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'yaml';
import { FAKE_TOKENS } from '../fake-apiserver/auth';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import type { ServerOptions } from '../../src/server/options';
import { startConnectProxy } from '../support/connectProxy';
import { startHarness, WRITE_SUITE_POLICY } from '../support/mcpHarness';
import { waitFor } from '../support/waitFor';

const noLimits = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
const GPU_NODE = { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes', entity_name: 'lab-gpu-1' };

interface KubeconfigDoc {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
}

describe('credentials', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let dir: string;
  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-creds-'));
  });
  after(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A kubeconfig with one extra context `name` for `user`, on the fake's cluster unless `cluster` says otherwise. */
  function kubeconfigWith(name: string, user: Record<string, unknown>, cluster?: Record<string, unknown>): string {
    const doc = parse(fake.kubeconfigYaml) as KubeconfigDoc;
    const base = doc.contexts[0]!.context;
    doc.users.push({ name: `${name}-user`, user });
    if (cluster) doc.clusters.push({ name: `${name}-cluster`, cluster });
    doc.contexts.push({ name, context: { ...base, cluster: cluster ? `${name}-cluster` : base.cluster, user: `${name}-user` } });
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
  }

  /** An executable ExecCredential plugin that logs each run to `runs` and prints `status` (or hangs). */
  function plugin(name: string, status: Record<string, unknown> | 'hang'): { command: string; runs: string } {
    const runs = path.join(dir, `${name}.runs`);
    const command = path.join(dir, name);
    if (status === 'hang') {
      // A shell script records its run within milliseconds even on a loaded machine; a Node plugin could still be
      // starting when the call's deadline stops it, so its run would go unrecorded. `exec` keeps the pid.
      fs.writeFileSync(command, `#!/bin/sh\necho $$ >> '${runs}'\nexec sleep 600\n`, { mode: 0o755 });
      return { command, runs };
    }
    const body = `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: ${JSON.stringify(status)} }));`;
    fs.writeFileSync(command, `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(runs)}, process.pid + '\\n');\n${body}\n`, { mode: 0o755 });
    return { command, runs };
  }
  /** The process ids of a plugin's runs, in order. */
  const runPids = (runs: string): number[] => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).map(Number) : []);
  const runCount = (runs: string): number => runPids(runs).length;
  const isRunning = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

  type Call = (tool: string, args: Record<string, unknown>) => Promise<{ text: string; isError: boolean }>;
  async function withServer<T>(
    kubeconfig: string, context: string, fn: (call: Call) => Promise<T>, server: Partial<ServerOptions> = {},
  ): Promise<T> {
    const options = { kubeconfig: { explicitPath: kubeconfig }, rateLimit: noLimits, ...server };
    const h = await startHarness({ sharedFake: fake, server: options });
    try {
      return await fn((tool, args) => h.call(tool, { ...args, context }));
    } finally {
      await h.close();
    }
  }

  it('sends the token an exec plugin returns, and runs the plugin once for a burst of calls', async () => {
    const p = plugin('token-plugin', { token: FAKE_TOKENS.admin });
    const kc = kubeconfigWith('token-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: p.command, interactiveMode: 'Never' } });
    await withServer(kc, 'token-plugin', async (call) => {
      fake.clearRequests();
      const results = await Promise.all([
        call('get_k8s_entity', GPU_NODE),
        call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' }),
        call('get_k8s_entity', { ...GPU_NODE, entity_name: 'lab-gpu-2' }),
      ]);
      for (const r of results) assert.equal(r.isError, false, r.text);
      assert.ok(fake.requests.length > 3, 'discovery and the calls reached the API server');
      assert.ok(fake.requests.every((q) => q.user === 'lab-admin-token'), 'every request carried the plugin token');
      assert.equal(runCount(p.runs), 1);
    });
  });

  it('uses a client certificate an exec plugin returns', async () => {
    const doc = parse(fake.kubeconfigYaml) as KubeconfigDoc;
    const admin = doc.users.find((u) => u.name === doc.contexts.find((c) => c.name === 'fake-admin')!.context.user)!.user;
    const pem = (field: string): string => Buffer.from(String(admin[field]), 'base64').toString('utf8');
    const p = plugin('cert-plugin', { clientCertificateData: pem('client-certificate-data'), clientKeyData: pem('client-key-data') });
    const kc = kubeconfigWith('cert-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: p.command, interactiveMode: 'Never' } });
    await withServer(kc, 'cert-plugin', async (call) => {
      fake.clearRequests();
      const r = await call('get_k8s_entity', GPU_NODE);
      assert.equal(r.isError, false, r.text);
      const users = new Set(fake.requests.map((q) => q.user));
      assert.deepEqual([...users], [fake.requests[0]!.user]);
      assert.notEqual(fake.requests[0]!.user, 'system:anonymous');
    });
  });

  it('gives up on a plugin that never answers when the call\'s deadline passes, and stops it', async () => {
    const p = plugin('hanging-plugin', 'hang');
    const kc = kubeconfigWith('hanging-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: p.command, interactiveMode: 'Never' } });
    await withServer(kc, 'hanging-plugin', async (call) => {
      fake.clearRequests();
      const started = Date.now();
      const r = await call('get_k8s_entity', GPU_NODE);
      assert.equal(r.isError, true);
      assert.match(r.text, /within 2 s/);
      assert.ok(Date.now() - started < 6000, `answered after ${Date.now() - started} ms`);
      assert.equal(fake.requests.length, 0);
      // The plugin is stopped, not left waiting for ever, and the next call runs it afresh instead of
      // waiting on the stuck run.
      const [first] = runPids(p.runs);
      await waitFor(() => !isRunning(first!), { what: 'the timed-out plugin to be stopped' });
      assert.match((await call('get_k8s_entity', GPU_NODE)).text, /within 2 s/);
      assert.equal(runCount(p.runs), 2);
    }, { requestTimeoutMs: 1500 });
  });

  it('tells the plugin it cannot be interactive and, with provideClusterInfo, which cluster it is for', async () => {
    const infoFile = path.join(dir, 'exec-info.json');
    const command = path.join(dir, 'info-plugin');
    fs.writeFileSync(command, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(infoFile)}, process.env.KUBERNETES_EXEC_INFO || '');\n`
      + `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: ${JSON.stringify(FAKE_TOKENS.admin)} } }));\n`, { mode: 0o755 });
    const kc = kubeconfigWith('info-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command, provideClusterInfo: true, env: [{ name: 'FOO', value: 'bar' }] } });
    await withServer(kc, 'info-plugin', async (call) => {
      assert.equal((await call('get_k8s_entity', GPU_NODE)).isError, false);
    });
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { apiVersion: string; kind: string; spec: { interactive: boolean; cluster: Record<string, unknown> } };
    const fakeCluster = (parse(fake.kubeconfigYaml) as KubeconfigDoc).clusters[0]!.cluster;
    assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1beta1');
    assert.equal(info.kind, 'ExecCredential');
    assert.equal(info.spec.interactive, false);
    assert.equal(info.spec.cluster.server, fakeCluster.server);
    assert.equal(info.spec.cluster['certificate-authority-data'], fakeCluster['certificate-authority-data']);
  });

  it('runs an exec plugin given relative to the kubeconfig file, like kubectl', async () => {
    const p = plugin('relative-plugin', { token: FAKE_TOKENS.admin });
    const kc = kubeconfigWith('relative-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './relative-plugin', interactiveMode: 'Never' } });
    await withServer(kc, 'relative-plugin', async (call) => {
      const r = await call('get_k8s_entity', GPU_NODE);
      assert.equal(r.isError, false, r.text);
      assert.equal(runCount(p.runs), 1);
    });
  });

  it('reads tokenFile relative to the kubeconfig, without its trailing newline', async () => {
    fs.mkdirSync(path.join(dir, 'tokens'), { recursive: true });
    const tokenPath = path.join(dir, 'tokens', 'token');
    fs.writeFileSync(tokenPath, `${FAKE_TOKENS.viewer}\n`);
    const kc = kubeconfigWith('token-file', { tokenFile: 'tokens/token' });
    await withServer(kc, 'token-file', async (call) => {
      fake.clearRequests();
      const r = await call('get_k8s_entity', GPU_NODE);
      assert.equal(r.isError, false, r.text);
      assert.ok(fake.requests.length > 0 && fake.requests.every((q) => q.user === 'lab-viewer-token'));
    });
  });

  it('sends every impersonation field of the user entry (as, as-groups, as-uid, as-user-extra)', async () => {
    const kc = kubeconfigWith('impersonating', {
      token: FAKE_TOKENS.admin, as: 'jane', 'as-groups': ['devs', 'oncall'], 'as-uid': 'u-42', 'as-user-extra': { 'reason/why': ['debugging'] },
    });
    await withServer(kc, 'impersonating', async (call) => {
      fake.clearRequests();
      await call('get_k8s_entity', GPU_NODE);
      const headers = fake.requests.at(-1)!.headers;
      assert.equal(headers['impersonate-user'], 'jane');
      assert.equal(headers['impersonate-group'], 'devs, oncall');
      assert.equal(headers['impersonate-uid'], 'u-42');
      assert.equal(headers['impersonate-extra-reason%2fwhy'], 'debugging');
    });
  });

  it('names a missing exec plugin and the PATH searched', async () => {
    const kc = kubeconfigWith('missing-plugin', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'no-such-auth-plugin', args: ['token'] } });
    await withServer(kc, 'missing-plugin', async (call) => {
      fake.clearRequests();
      const out = await call('get_k8s_entity', GPU_NODE);
      assert.equal(out.isError, true);
      assert.match(out.text, /credential plugin "no-such-auth-plugin".*not found.*Searched PATH: /);
      assert.equal(fake.requests.length, 0);
    });
  });

  it('talks to an http:// server (kubectl proxy) with the context\'s token', async () => {
    // Like kubectl proxy: plain HTTP in front of the API server, passing requests (and their token) through.
    const target = new URL(String((parse(fake.kubeconfigYaml) as KubeconfigDoc).clusters[0]!.cluster.server));
    const proxy = http.createServer((req, res) => {
      const forward = {
        host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, rejectUnauthorized: false,
      };
      const upstream = https.request(forward, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const kc = kubeconfigWith('via-proxy', { token: FAKE_TOKENS.admin }, { server: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      await withServer(kc, 'via-proxy', async (call) => {
        fake.clearRequests();
        const r = await call('get_k8s_entity', GPU_NODE);
        assert.equal(r.isError, false, r.text);
        assert.ok(fake.requests.length > 0 && fake.requests.every((q) => q.user === 'lab-admin-token'));
      });
    } finally {
      proxy.close();
    }
  });

  it('goes through the cluster\'s proxy-url (HTTP CONNECT) for requests and for exec', async () => {
    const proxy = await startConnectProxy();
    try {
      const doc = parse(fake.kubeconfigYaml) as KubeconfigDoc;
      const fakeCluster = doc.clusters[0]!.cluster;
      const target = new URL(String(fakeCluster.server));
      const kc = kubeconfigWith('proxied', { token: FAKE_TOKENS.admin }, { ...fakeCluster, 'proxy-url': proxy.url });
      await withServer(kc, 'proxied', async (call) => {
        const r = await call('get_k8s_entity', GPU_NODE);
        assert.equal(r.isError, false, r.text);
        const exec = await call('interact_k8s_endpoint', {
          scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'auth-v1-6b9fcbc6fc-k9mnp',
          action_path: 'exec', request_payload: { command: ['echo', 'through the proxy'] },
        });
        assert.equal(exec.isError, false, exec.text);
        assert.equal((JSON.parse(exec.text) as { stdout: string }).stdout, 'through the proxy\n');
      }, { readWrite: true, policy: WRITE_SUITE_POLICY });
      assert.ok(proxy.tunnels.length >= 2, `tunnels: ${proxy.tunnels.join(', ')}`);
      assert.ok(proxy.tunnels.every((t) => t === `${target.hostname}:${target.port}`));
    } finally {
      proxy.close();
    }
  });
});
