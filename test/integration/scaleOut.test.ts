/**
 * SPEC §8 scale-out, end to end with the built program: two stateless replicas (dist/cli.js with --stateless,
 * identity passthrough, TLS and metrics, as deploy/ runs them) behind a round-robin proxy written here, which
 * re-encrypts to them the way an ingress would. One SDK client makes 50 calls through it; any replica answers
 * any request. Then each replica's /metrics, and TLS handshakes it must refuse.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FAKE_TOKENS, startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { loadPki } from '../fake-apiserver/pki';
import { fixturePath } from '../fake-apiserver/fixtures';
import { repoRoot } from '../support/repoRoot';

const CLI = path.join(repoRoot(), 'dist', 'cli.js');
const getDeployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const listPods = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', limit: 2 };

interface Replica { child: ChildProcess; url: URL; output: () => string }

/** Starts one replica on a free port; resolves once it logs the HTTPS URL it serves. */
function startReplica(kubeconfig: string): Promise<Replica> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--transport', 'streamable-http', '--stateless', '--auth-mode', 'passthrough',
      '--metrics', '--tls-cert', fixturePath('pki', 'server.crt'), '--tls-key', fixturePath('pki', 'server.key'), '--kubeconfig', kubeconfig],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer): void => {
      output += d.toString();
      const m = /at (https:\/\/[^\s]+?)\/mcp\n/.exec(output);
      if (m) resolve({ child, url: new URL(m[1]!), output: () => output });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => reject(new Error(`replica exited with ${code}: ${output}`)));
  });
}

/** A plain-HTTP front that sends each request to the next replica in turn over HTTPS (trusting the test CA). */
async function roundRobinProxy(replicas: Replica[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  const served = replicas.map(() => 0);
  let next = 0;
  const ca = loadPki().caCert;
  const server = http.createServer((req, res) => {
    const index = next++ % replicas.length;
    served[index]!++;
    const target = replicas[index]!.url;
    const upstream = https.request({
      host: target.hostname, port: target.port, method: req.method, path: req.url, ca,
      headers: { ...req.headers, host: target.host },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502).end(); });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function get(replica: Replica, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get({ host: replica.url.hostname, port: replica.url.port, path: pathname, ca: loadPki().caCert }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** A TLS handshake limited to the given protocol versions: resolves with the negotiated version or the error code. */
function handshake(replica: Replica, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: replica.url.hostname, port: Number(replica.url.port), ca: loadPki().caCert, ...options }, () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.end();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Every `name{labels} value` sample of the k8s_mcp_ metrics. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text.split('\n').filter((line) => line.startsWith('k8s_mcp_')).map((line) => {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    return { name: m[1]!, labels, value: Number(m[3]) };
  });
}

describe('scale-out: stateless replicas behind a Service', function () {
  this.timeout(60_000);
  let fake: FakeApiServer;
  let replicas: Replica[];
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    replicas = await Promise.all([startReplica(fake.kubeconfigPath), startReplica(fake.kubeconfigPath)]);
    proxy = await roundRobinProxy(replicas);
  });
  after(async () => {
    await proxy?.close();
    for (const r of replicas ?? []) r.child.kill('SIGTERM');
    await fake?.close();
  });

  it('serves one client through 50 calls spread over both replicas, with no session error', async () => {
    const client = new Client({ name: 'scale-out', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${FAKE_TOKENS.viewer}` } } }));
    try {
      const failures: string[] = [];
      for (let i = 0; i < 50; i++) {
        const [name, args] = i % 2 === 0 ? ['get_k8s_entity', getDeployment] as const : ['scan_k8s_collection', listPods] as const;
        const r = await client.callTool({ name, arguments: args });
        if (r.isError) failures.push((r.content as Array<{ text: string }>)[0]!.text);
      }
      assert.deepEqual(failures, []);
      assert.ok(proxy.served.every((n) => n >= 25), `requests per replica: ${proxy.served.join(', ')}`);
      assert.ok(fake.requests.every((r) => r.user === 'lab-viewer-token'), 'every API request ran as the caller');
    } finally {
      await client.close();
    }
  });

  it('counts the calls in /metrics by tool, outcome, verb and code, with no identities or names in any label', async () => {
    const texts = await Promise.all(replicas.map(async (r) => (await get(r, '/metrics')).body));
    const all = texts.flatMap(samples);
    const total = (name: string, labels: Record<string, string>): number =>
      all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    assert.equal(total('k8s_mcp_tool_calls_total', { tool: 'get_k8s_entity', outcome: 'ok' }), 25);
    assert.equal(total('k8s_mcp_tool_calls_total', { tool: 'scan_k8s_collection', outcome: 'ok' }), 25);
    assert.equal(total('k8s_mcp_tool_call_duration_seconds_count', { tool: 'get_k8s_entity' }), 25);
    assert.equal(total('k8s_mcp_tool_call_duration_seconds_bucket', { tool: 'get_k8s_entity', le: '30' }), 25);
    assert.ok(total('k8s_mcp_apiserver_requests_total', { verb: 'GET', code: '200' }) >= 50);
    assert.equal(total('k8s_mcp_open_sessions', {}), 0, 'stateless replicas keep no sessions');
    const allowedKeys = new Set(['tool', 'outcome', 'verb', 'code', 'category', 'le']);
    for (const s of all) for (const key of Object.keys(s.labels)) assert.ok(allowedKeys.has(key), `${s.name} has label ${key}`);
    for (const text of texts) {
      for (const secret of ['api-v1', 'lab-apps', 'lab-viewer', FAKE_TOKENS.viewer, 'token:', '127.0.0.1']) assert.ok(!text.includes(secret), secret);
    }
  });

  it('refuses TLS 1.0 and 1.1 handshakes, serves TLS 1.2 and 1.3, and keeps serving after a failed or plain-HTTP handshake', async () => {
    const [replica] = replicas;
    // SECLEVEL=0 lets this client offer the old protocols at all, so it is the server that refuses them, with
    // the protocol_version alert its minimum version sends.
    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      const outcome = await handshake(replica!, { minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' });
      assert.equal(outcome, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', version);
    }
    assert.equal(await handshake(replica!, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), 'TLSv1.2');
    assert.equal(await handshake(replica!, {}), 'TLSv1.3');
    const plain = await fetch(`http://${replica!.url.host}/healthz`).then((r) => r.status, (err: Error) => err.message);
    assert.notEqual(plain, 200);
    assert.equal((await get(replica!, '/healthz')).status, 200);
  });

  it('logs no token', () => {
    for (const r of replicas) {
      for (const token of Object.values(FAKE_TOKENS)) assert.ok(!r.output().includes(token));
      assert.match(r.output(), /serving MCP \(streamable-http; stateless, each caller's own token \(passthrough\), metrics at \/metrics\)/);
    }
  });
});
