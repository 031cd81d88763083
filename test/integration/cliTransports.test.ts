/**
 * The built command-line program (dist/cli.js, as `npx k8s-mcp-interface` runs it) end to end, once per
 * transport, with the SDK's real client transports.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { CLI, runCli as run, startHttpCli } from '../support/cliProcess';
import { startConnectProxy } from '../support/connectProxy';

const getDeployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };

async function firstText(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = await client.callTool({ name, arguments: args });
  return { text: (r.content as Array<{ text: string }>)[0]!.text, isError: r.isError === true };
}

describe('command-line program', function () {
  this.timeout(30000);
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });

  describe('flags', () => {
    it('prints help listing every flag with defaults and environment variables', async () => {
      const r = await run(['--help']);
      assert.equal(r.code, 0);
      for (const flag of ['--transport', '--port', '--read-write', '--serve-resources', '--enable-rate-limiting', '--allow-secret-values', '--kubeconfig', '--context']) {
        assert.ok(r.stdout.includes(flag), flag);
      }
      assert.match(r.stdout, /MCP_TRANSPORT/);
    });
    it('prints the version', async () => {
      const r = await run(['--version']);
      assert.equal(r.code, 0);
      assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+/);
    });
    for (const [args, needle] of [
      [['--bogus'], /Unknown flag --bogus/],
      [['--transport', 'carrier-pigeon'], /--transport must be/],
      [['--port', 'eighty'], /--port takes a whole number/],
      [['--read-write=maybe'], /--read-write takes true or false/],
      [['--host', '0.0.0.0'], /auth-token/],
      [['--max-answer-bytes', '1000'], /--max-answer-bytes must be between 2048 and 1048576, not 1000/],
      [['--max-answer-bytes=2000000'], /--max-answer-bytes must be between 2048 and 1048576/],
      [['--max-answer-bytes', '16k'], /--max-answer-bytes takes a whole number/],
    ] as Array<[string[], RegExp]>) {
      it(`exits 2 with a clear message for ${args.join(' ')}`, async () => {
        const r = await run(args);
        assert.equal(r.code, 2);
        assert.match(r.stderr, needle);
        assert.equal(r.stdout, '');
      });
    }
  });

  it('serves a real MCP client over stdio, logging only to stderr', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--context', 'fake-admin'], stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['get_k8s_entity', 'scan_k8s_collection']);
      const out = await firstText(client, 'get_k8s_entity', getDeployment);
      assert.equal(out.isError, false, out.text);
      assert.equal((JSON.parse(out.text) as { metadata: { name: string } }).metadata.name, 'api-v1');
    } finally {
      await client.close();
    }
  });

  it('reports a kubeconfig it was not told to use and cannot read as a tool error, not a crash', async () => {
    // Only a kubeconfig named with --kubeconfig is refused at start; one found through KUBECONFIG is served.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-home-'));
    const transport = new StdioClientTransport({
      command: process.execPath, args: [CLI, '--transport', 'stdio'], stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: '/nonexistent/kubeconfig' },
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const out = await firstText(client, 'get_k8s_entity', getDeployment);
      assert.equal(out.isError, true);
      assert.match(out.text, /Cannot read kubeconfig \/nonexistent\/kubeconfig/);
    } finally {
      await client.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('loads the packages the bundle defers (WebSocket, proxy agent, annotation patterns, YAML) when a call needs them', async () => {
    // build/lazyModules.mjs replaces ws, the proxy agents and minimatch with stand-ins that load them on first
    // use; only the bundle has them, so this runs the bundle through a CONNECT proxy (https-proxy-agent).
    const proxy = await startConnectProxy();
    const doc = parse(fake.kubeconfigYaml) as { clusters: Array<{ cluster: Record<string, unknown> }> };
    for (const c of doc.clusters) c.cluster['proxy-url'] = proxy.url;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-lazy-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, stringify(doc), { mode: 0o600 });
    // This client cannot ask the person (no elicitation), and this test is about loading, not approval.
    const env = { ...getDefaultEnvironment(), K8S_MCP_CONFIRM_FALLBACK: 'allow' };
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--transport', 'stdio', '--read-write', '--kubeconfig', kubeconfig, '--context', 'fake-admin'], env, stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const exec = await firstText(client, 'interact_k8s_endpoint', {
        scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'auth-v1-6b9fcbc6fc-k9mnp',
        action_path: 'exec', request_payload: { command: ['echo', 'lazy'] },
      });
      assert.equal(exec.isError, false, exec.text);
      assert.equal((JSON.parse(exec.text) as { stdout: string }).stdout, 'lazy\n');
      const deployments = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps' };
      assert.match((await firstText(client, 'scan_k8s_collection', deployments)).text, /deployment\.kubernetes\.io\/revision/);
      const list = await firstText(client, 'scan_k8s_collection', { ...deployments, omit_annotation_keys: ['deployment.kubernetes.io/*'] });
      assert.equal(list.isError, false, list.text);
      assert.doesNotMatch(list.text, /deployment\.kubernetes\.io\/revision/);
      const apply = await firstText(client, 'deploy_k8s_entity', {
        scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', dry_run: true,
        payload_manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lazy-yaml\ndata:\n  key: value\n',
      });
      assert.equal(apply.isError, false, apply.text);
      assert.ok(proxy.tunnels.length >= 2, `tunnels: ${proxy.tunnels.join(', ')}`);
    } finally {
      await client.close();
      proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('HTTP transports', () => {
    const token = 'test-token-123';
    let cli: { child: ChildProcess; base: string; stderr: string };
    before(async () => { cli = await startHttpCli(['--transport', 'streamable-http', '--kubeconfig', fake.kubeconfigPath, '--auth-token', token]); });
    after(() => { cli.child.kill('SIGTERM'); });

    it('serves Streamable HTTP at /mcp with a bearer token', async () => {
      const client = new Client({ name: 'http-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${cli.base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      try {
        const out = await firstText(client, 'get_k8s_entity', getDeployment);
        assert.equal(out.isError, false, out.text);
      } finally {
        await client.close();
      }
    });

    it('answers /healthz without a token', async () => {
      const r = await fetch(`${cli.base}/healthz`);
      assert.equal(r.status, 200);
    });

    it('refuses a missing or wrong token, a foreign Host and a foreign Origin', async () => {
      const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
      const post = (headers: Record<string, string>) => fetch(`${cli.base}/mcp`, {
        method: 'POST', body: JSON.stringify(init), headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
      });
      assert.equal((await post({})).status, 401);
      assert.equal((await post({ Authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await post({ Authorization: `Bearer ${token}`, Origin: 'http://evil.example' })).status, 403);
      // fetch does not let us set Host; a raw request does.
      const http = await import('node:http');
      const url = new URL(cli.base);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: '/mcp', method: 'POST', headers: { Host: 'evil.example', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
        req.on('error', reject);
        req.end(JSON.stringify(init));
      });
      assert.equal(status, 403);
    });

    it('lets a browser client on any localhost port through CORS, preflight without the token', async () => {
      const origin = 'http://localhost:6274'; // the MCP Inspector's page
      const pre = await fetch(`${cli.base}/mcp`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,mcp-session-id' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), origin);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization.*Mcp-Session-Id/);
      const init = await fetch(`${cli.base}/mcp`, {
        method: 'POST', headers: { Origin: origin, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser', version: '1' } } }),
      });
      assert.equal(init.status, 200);
      assert.match(init.headers.get('access-control-expose-headers') ?? '', /Mcp-Session-Id/);
      assert.ok(init.headers.get('mcp-session-id'));
      await init.body?.cancel();
    });

    it('answers OAuth discovery with a JSON 404 (not a 401 that starts a sign-in flow)', async () => {
      const r = await fetch(`${cli.base}/.well-known/oauth-protected-resource`);
      assert.equal(r.status, 404);
      assert.match(((await r.json()) as { error_description: string }).error_description, /static bearer token/);
    });

    it('takes the Host header case-insensitively and starts a new session for an initialize with a stale id', async () => {
      const http = await import('node:http');
      const url = new URL(cli.base);
      const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
      const answer = await new Promise<{ status: number; session: string | undefined }>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: '/mcp', method: 'POST', headers: {
          Host: `LOCALHOST:${url.port}`, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': 'stale-session-from-before-a-restart',
        } }, (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, session: res.headers['mcp-session-id'] as string | undefined }); });
        req.on('error', reject);
        req.end(init);
      });
      assert.equal(answer.status, 200);
      assert.ok(answer.session && answer.session !== 'stale-session-from-before-a-restart');
    });

    it('refuses malformed JSON, oversized bodies and unknown sessions with JSON-RPC errors', async () => {
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
      const bad = await fetch(`${cli.base}/mcp`, { method: 'POST', headers, body: '{not json' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /Parse error/);
      const big = await fetch(`${cli.base}/mcp`, { method: 'POST', headers, body: JSON.stringify({ x: 'a'.repeat(5 * 1024 * 1024) }) });
      assert.equal(big.status, 413);
      const unknown = await fetch(`${cli.base}/mcp`, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': 'nope' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
      assert.equal(unknown.status, 404);
      const health = await fetch(`${cli.base}/healthz`);
      assert.equal(health.status, 200, 'the server stays up');
    });
  });

  it('serves SSE at /sse and /messages (the default transport)', async () => {
    const cli = await startHttpCli(['--kubeconfig', fake.kubeconfigPath]);
    const client = new Client({ name: 'sse-test', version: '1.0.0' });
    try {
      await client.connect(new SSEClientTransport(new URL(`${cli.base}/sse`)));
      const out = await firstText(client, 'scan_k8s_collection', { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes' });
      assert.equal(out.isError, false, out.text);
      await client.close();
      // A Streamable HTTP client pointed at /mcp learns where to go.
      const wrong = await fetch(`${cli.base}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(wrong.status, 404);
      assert.match(await wrong.text(), /runs the SSE transport: connect to \/sse/);
    } finally {
      cli.child.kill('SIGTERM');
    }
  });

  it('binds a non-loopback address without a token only when explicitly allowed, with a warning', async () => {
    const cli = await startHttpCli(['--transport', 'streamable-http', '--host', '0.0.0.0', '--allow-unauthenticated-network', '--kubeconfig', fake.kubeconfigPath]);
    try {
      const health = await fetch(`http://127.0.0.1:${new URL(cli.base).port}/healthz`);
      assert.equal(health.status, 200);
      assert.match(cli.stderr, /without an auth token/);
    } finally {
      cli.child.kill('SIGTERM');
    }
  });

  it('binds an IPv6 loopback written with brackets (--host [::1])', async () => {
    const cli = await startHttpCli(['--transport', 'streamable-http', '--host', '[::1]', '--kubeconfig', fake.kubeconfigPath]);
    try {
      assert.match(cli.base, /^http:\/\/\[::1\]:\d+$/);
      assert.equal((await fetch(`${cli.base}/healthz`)).status, 200);
      assert.doesNotMatch(cli.stderr, /without an auth token/);
    } finally {
      cli.child.kill('SIGTERM');
    }
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const cli = await startHttpCli(['--transport', 'streamable-http', '--kubeconfig', fake.kubeconfigPath]);
    const code = await new Promise<number | null>((resolve) => { cli.child.on('exit', resolve); cli.child.kill('SIGTERM'); });
    assert.equal(code, 0);
  });
});
