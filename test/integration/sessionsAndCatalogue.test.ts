import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpHost } from '../../src/server/http/httpHost';
import { startHarness, type McpHarness, WRITE_SUITE_POLICY } from '../support/mcpHarness';
import { waitFor } from '../support/waitFor';

const noLimits = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };

describe('resource catalogue', () => {
  let h: McpHarness;
  before(async () => {
    h = await startHarness({ server: { readWrite: true, policy: WRITE_SUITE_POLICY, catalogueTtlMs: 150, rateLimit: noLimits } });
  });
  after(async () => { await h.close(); });

  it('notices a new CRD and sends resources/list_changed', async () => {
    const before = await h.client.listResources();
    assert.equal(before.resources.some((r) => r.uri.includes('/gadgets')), false);
    const changed = new Promise<void>((resolve) => {
      h.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve());
    });
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.lab.example.com' },
      spec: {
        group: 'lab.example.com', scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    const out = await h.call('deploy_k8s_entity', { scope: 'cluster', api_group: 'apiextensions.k8s.io', api_version: 'v1', resource_kind: 'customresourcedefinitions', payload_manifest: crd });
    assert.equal(out.isError, false, out.text);
    await changed;
    const after = await h.client.listResources();
    assert.ok(after.resources.some((r) => r.uri === 'k8s://namespace/lab-apps/lab.example.com/v1/gadgets'));
  });

  it('advertises nothing with serve-resources off, while templates and tools keep working', async () => {
    const off = await startHarness({ sharedFake: h.fake, server: { serveResources: false, rateLimit: noLimits } });
    try {
      assert.deepEqual((await off.client.listResources()).resources, []);
      assert.equal((await off.client.listResourceTemplates()).resourceTemplates.length, 2);
      const read = await off.client.readResource({ uri: 'k8s://namespace/lab-apps/apps/v1/deployments/api-v1' });
      assert.match((read.contents[0] as { text: string }).text, /"kind":"Deployment"/);
    } finally {
      await off.close();
    }
  });
});

describe('many sessions over Streamable HTTP', function () {
  this.timeout(60000);
  it('serves 100 concurrent sessions doing mixed calls, each isolated', async () => {
    const h = await startHarness({ server: { rateLimit: noLimits } });
    const host = await startHttpHost(h.service, { host: '127.0.0.1', port: 0, transports: ['streamable-http'], authToken: 'tok' });
    try {
      const transports: StreamableHTTPClientTransport[] = [];
      const clients = await Promise.all(Array.from({ length: 100 }, async () => {
        const c = new Client({ name: 'many', version: '1' });
        const t = new StreamableHTTPClientTransport(new URL(`${host.url}/mcp`), { requestInit: { headers: { Authorization: 'Bearer tok' } } });
        transports.push(t);
        await c.connect(t);
        return c;
      }));
      assert.equal(h.service.sessionCount(), 101);
      const results = await Promise.all(clients.map((c, i) => c.callTool(i % 2
        ? { name: 'get_k8s_entity', arguments: { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' } }
        : { name: 'scan_k8s_collection', arguments: { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' } })));
      assert.equal(results.filter((r) => r.isError).length, 0);
      // A bad call in one session does not disturb the others.
      const bad = await clients[0]!.callTool({ name: 'get_k8s_entity', arguments: { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: '../x' } });
      assert.equal(bad.isError, true);
      const good = await clients[1]!.callTool({ name: 'get_k8s_entity', arguments: { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes', entity_name: 'lab-gpu-1' } });
      assert.equal(good.isError ?? false, false);
      // A client that ends its session (DELETE /mcp) is cleaned up on the server at once.
      await Promise.all(transports.map((t) => t.terminateSession()));
      await Promise.all(clients.map((c) => c.close()));
      await waitFor(() => h.service.sessionCount() === 1, { what: `the ended sessions to be cleaned up (${h.service.sessionCount()} open)` });
    } finally {
      await host.close();
      await h.close();
    }
  });
});

describe('HTTP session lifetime', function () {
  this.timeout(20_000);
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

  it('closes idle Streamable HTTP sessions but keeps one whose client listens on a GET stream', async () => {
    const h = await startHarness({ server: { rateLimit: noLimits } });
    const host = await startHttpHost(h.service, { host: '127.0.0.1', port: 0, transports: ['streamable-http'], idleSessionMs: 300 });
    const listener = new Client({ name: 'listener', version: '1' });
    try {
      // The SDK client opens the GET stream for server notifications right after initializing.
      await listener.connect(new StreamableHTTPClientTransport(new URL(`${host.url}/mcp`)));
      // A raw client that only POSTs an initialize and then goes quiet.
      const r = await fetch(`${host.url}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: init });
      const quiet = r.headers.get('mcp-session-id')!;
      await r.body?.cancel();
      assert.equal(h.service.sessionCount(), 3);
      // One sweep closes every idle session at once, and the listener has been quiet longer than the raw client:
      // had it counted as idle, it would have gone in the same sweep.
      await waitFor(() => h.service.sessionCount() < 3, { what: 'the idle sweep to close the quiet session' });
      assert.equal(h.service.sessionCount(), 2, 'the quiet session was closed, the listening one kept');
      const gone = await fetch(`${host.url}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': quiet }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
      assert.equal(gone.status, 404);
      const still = await listener.listTools();
      assert.ok(still.tools.length > 0);
    } finally {
      await listener.close();
      await host.close();
      await h.close();
    }
  });

  it('writes keep-alive comments on a quiet SSE stream', async () => {
    const h = await startHarness({ server: { rateLimit: noLimits } });
    const host = await startHttpHost(h.service, { host: '127.0.0.1', port: 0, transports: ['sse'], sseKeepAliveMs: 100 });
    const abort = new AbortController();
    try {
      const r = await fetch(`${host.url}/sse`, { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
      const reader = r.body!.getReader();
      let text = '';
      while (!text.includes(': keep-alive')) text += new TextDecoder().decode((await reader.read()).value as Uint8Array | undefined);
      assert.match(text, /^event: endpoint\ndata: \/messages\?sessionId=/);
    } finally {
      abort.abort();
      await host.close();
      await h.close();
    }
  });
});
