/**
 * SPEC §8 identity passthrough over real HTTP with the SDK's client transports: each request's bearer token is
 * the Kubernetes credential, so the fake API server's RBAC applies per caller; the kubeconfig (an admin client
 * certificate here) is never used. Proof comes from the fake's request log.
 */
import * as assert from 'node:assert/strict';
import { FAKE_TOKENS, startFakeApiServer } from '../fake-apiserver/index';
import { callAs } from '../fake-apiserver/testClient';
import { MAX_TOKEN_BYTES } from '../../src/server/http/callerAuth';
import { createMetrics } from '../../src/server/metrics';
import {
  callTool as call, connectAs, initializeWith as initialize, ISSUER,
  startPassthroughHost as start, stopPassthroughHost as stop, type PassthroughHost as Started,
} from '../support/passthroughHost';

const getDeployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const listSecrets = { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-apps' };
const configMap = (name: string) => ({
  scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging',
  payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } },
});

describe('identity passthrough', function () {
  this.timeout(30_000);
  let s: Started;
  before(async () => { s = await start(); });
  after(() => stop(s));

  for (const transport of ['streamable-http', 'sse'] as const) {
    it(`${transport}: a viewer token reads, and gets the API server's 403 on Secrets and on a write; every request carried it`, async () => {
      const viewer = await connectAs(s, FAKE_TOKENS.viewer, transport);
      s.h.fake.clearRequests();
      const read = await call(viewer, 'get_k8s_entity', getDeployment);
      assert.equal(read.isError, false, read.text);
      assert.match(read.text, /"name":"api-v1"/);
      const secrets = await call(viewer, 'scan_k8s_collection', listSecrets);
      assert.equal(secrets.isError, true);
      assert.match(secrets.text, /lab-viewer-token.*cannot list resource "secrets"/);
      const write = await call(viewer, 'deploy_k8s_entity', configMap(`viewer-${transport}`));
      assert.equal(write.isError, true);
      assert.match(write.text, /lab-viewer-token.*cannot/);
      assert.equal(s.h.fake.store.get('', 'v1', 'configmaps', 'lab-staging', `viewer-${transport}`), undefined);
      const requests = s.h.fake.requests;
      assert.ok(requests.length >= 3);
      for (const r of requests) {
        assert.equal(r.headers.authorization, `Bearer ${FAKE_TOKENS.viewer}`, `${r.method} ${r.path}`);
        assert.equal(r.user, 'lab-viewer-token', `${r.method} ${r.path} ran as ${r.user}, not the caller`);
      }
    });
  }

  it('resource reads carry the caller\'s token too', async () => {
    const viewer = await connectAs(s, FAKE_TOKENS.viewer);
    s.h.fake.clearRequests();
    const { resources } = await viewer.listResources();
    assert.ok(resources.some((r) => r.uri === 'k8s://namespace/lab-apps/apps/v1/deployments'));
    const read = await viewer.readResource({ uri: 'k8s://namespace/lab-apps/apps/v1/deployments/api-v1' });
    assert.match((read.contents[0] as { text: string }).text, /"name":"api-v1"/);
    await assert.rejects(viewer.readResource({ uri: 'k8s://namespace/lab-apps//v1/secrets' }), /lab-viewer-token.*cannot list/);
    assert.ok(s.h.fake.requests.length > 0);
    for (const r of s.h.fake.requests) assert.equal(r.user, 'lab-viewer-token', `${r.method} ${r.path}`);
  });

  it('an admin token writes; the kubeconfig identity (admin client certificate) is never presented', async () => {
    const admin = await connectAs(s, FAKE_TOKENS.admin);
    s.h.fake.clearRequests();
    const write = await call(admin, 'deploy_k8s_entity', configMap('admin-made'));
    assert.equal(write.isError, false, write.text);
    assert.ok(s.h.fake.store.get('', 'v1', 'configmaps', 'lab-staging', 'admin-made'));
    for (const r of s.h.fake.requests) {
      assert.equal(r.headers.authorization, `Bearer ${FAKE_TOKENS.admin}`);
      assert.equal(r.user, 'lab-admin-token', `${r.method} ${r.path}`);
    }
  });

  it('two callers in turn each act as themselves, discovery learnt by one serving the other', async () => {
    const viewer = await connectAs(s, FAKE_TOKENS.viewer);
    const admin = await connectAs(s, FAKE_TOKENS.admin);
    s.h.service.reloadKubeconfig(); // forgets what discovery learnt so far
    s.h.fake.clearRequests();
    assert.equal((await call(viewer, 'scan_k8s_collection', listSecrets)).isError, true);
    assert.equal((await call(admin, 'scan_k8s_collection', listSecrets)).isError, false);
    const users = (path: string) => s.h.fake.requests.filter((r) => r.path === path).map((r) => r.user);
    assert.deepEqual(users('/api/v1/namespaces/lab-apps/secrets'), ['lab-viewer-token', 'lab-admin-token']);
    assert.deepEqual(users('/api/v1'), ['lab-viewer-token'], 'the core group was discovered once, by the first caller');
  });

  it('no token: 401 naming the protected resource metadata, which names the authorization server', async () => {
    const r = await initialize(s, {});
    assert.equal(r.status, 401);
    const challenge = r.headers.get('www-authenticate') ?? '';
    const metadataUrl = `${s.host.url}/.well-known/oauth-protected-resource`;
    assert.equal(challenge, `Bearer resource_metadata="${metadataUrl}"`);
    assert.match(((await r.json()) as { error_description: string }).error_description, /Authorization: Bearer <token>/);
    const sse = await fetch(`${s.host.url}/sse`);
    assert.equal(sse.status, 401);
    const doc = await fetch(metadataUrl);
    assert.equal(doc.status, 200);
    assert.deepEqual(await doc.json(), {
      resource: s.host.url, authorization_servers: [ISSUER], bearer_methods_supported: ['header'],
      resource_name: 'k8s-mcp-interface (Kubernetes; your token is passed to the API server)',
    });
    assert.equal((await fetch(`${metadataUrl}/mcp`)).status, 200, 'also where clients look for the /mcp resource');
  });

  it('a token the API server does not know is an HTTP 401 invalid_token, not a tool error', async () => {
    const r = await initialize(s, { Authorization: `Bearer ${FAKE_TOKENS.bad}` });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token", .*resource_metadata="/);
    assert.match(((await r.json()) as { error_description: string }).error_description, /rejected this token/);
    await assert.rejects(connectAs(s, FAKE_TOKENS.bad), /invalid_token/);
  });

  it('a service-account token another cluster issued is a 401 invalid_token, decided by this API server, and never logged', async () => {
    const other = await startFakeApiServer({ seed: 'sample' });
    let token: string;
    try {
      const minted = await callAs(other, 'admin', '/api/v1/namespaces/lab-apps/serviceaccounts/builder/token',
        { method: 'POST', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } } });
      token = (minted.json().status as { token: string }).token;
    } finally {
      await other.close();
    }
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT, well formed as a bearer token');
    s.h.fake.clearRequests();
    const r = await initialize(s, { Authorization: `Bearer ${token}` });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
    assert.match(((await r.json()) as { error_description: string }).error_description, /rejected this token \(expired, revoked, or for another cluster\)/);
    assert.deepEqual(s.h.fake.requests.map((q) => [q.headers.authorization, q.user]), [[`Bearer ${token}`, '']], 'one check, sent to this cluster');
    for (const line of s.logged) assert.ok(!line.includes(token), line);
  });

  it('malformed and oversized Authorization headers get a clear 4xx; the server keeps serving; no token is logged', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['Basic dXNlcjpwYXNz', 401, /Authorization: Bearer <token>/],
      ['Bearer', 400, /characters a token cannot have/],
      ['Bearer two words', 400, /characters a token cannot have/],
      ['Bearer tok"en', 400, /characters a token cannot have/],
      ['Bearer t\u00f6ken', 400, /characters a token cannot have/],
      [`Bearer ${FAKE_TOKENS.viewer}, Bearer ${FAKE_TOKENS.admin}`, 400, /characters a token cannot have/],
      [`Token ${FAKE_TOKENS.viewer}`, 401, /Authorization: Bearer <token>/],
      [`Bearer ${'a'.repeat(MAX_TOKEN_BYTES + 1)}`, 431, /longer than 8192 bytes/],
    ];
    for (const [header, status, message] of cases) {
      const r = await initialize(s, { Authorization: header });
      assert.equal(r.status, status, header.slice(0, 40));
      assert.match(((await r.json()) as { error_description: string }).error_description, message);
    }
    const sse = await fetch(`${s.host.url}/sse`, { headers: { Authorization: 'Bearer two words' } });
    assert.equal(sse.status, 400, 'the SSE stream is checked alike');
    // Beyond Node's header limit (16 KiB) the HTTP parser itself answers 431 and closes that connection.
    const huge = await initialize(s, { Authorization: `Bearer ${'b'.repeat(20_000)}` }).then((r) => r.status, () => 'connection closed');
    assert.ok(huge === 431 || huge === 'connection closed', String(huge));
    const viewer = await connectAs(s, FAKE_TOKENS.viewer);
    assert.equal((await call(viewer, 'get_k8s_entity', getDeployment)).isError, false);
    for (const line of s.logged) {
      for (const token of [FAKE_TOKENS.viewer, FAKE_TOKENS.admin, FAKE_TOKENS.bad, 'dXNlcjpwYXNz']) assert.ok(!line.includes(token), line);
    }
  });

  it('a token the API server starts rejecting mid-session: that call fails, the next request is a 401', async () => {
    const caller = await connectAs(s, FAKE_TOKENS.viewer);
    s.h.fake.faults.failNext(1, 401);
    const failed = await call(caller, 'get_k8s_entity', getDeployment);
    assert.equal(failed.isError, true);
    s.h.fake.faults.failNext(1, 401);
    await assert.rejects(call(caller, 'get_k8s_entity', getDeployment), /invalid_token/);
    // Accepted again once the API server accepts it again.
    assert.equal((await call(caller, 'get_k8s_entity', getDeployment)).isError, false);
  });
});

describe('identity passthrough: rate-limit budgets per identity', function () {
  this.timeout(30_000);

  it('in stateless mode each token has its own budget, however many requests it spreads calls over; refusals are counted', async () => {
    const metrics = await createMetrics();
    const s = await start({ enabled: true, read: 2, write: 1, default: 10, clientFactor: 1 }, { transports: ['streamable-http'], stateless: true }, metrics.hooks);
    try {
      const viewer = await connectAs(s, FAKE_TOKENS.viewer);
      const admin = await connectAs(s, FAKE_TOKENS.admin);
      assert.equal((await call(viewer, 'get_k8s_entity', getDeployment)).isError, false);
      assert.equal((await call(viewer, 'get_k8s_entity', getDeployment)).isError, false);
      const limited = await call(viewer, 'get_k8s_entity', getDeployment);
      assert.equal(limited.isError, true);
      assert.match(limited.text, /Rate limit for read calls/);
      assert.equal((await call(admin, 'get_k8s_entity', getDeployment)).isError, false, 'another identity is not limited');
      const text = (await metrics.render()).body;
      assert.match(text, /^k8s_mcp_rate_limit_refusals_total\{category="read"\} 1$/m);
      assert.match(text, /^k8s_mcp_tool_calls_total\{tool="get_k8s_entity",outcome="rate-limited"\} 1$/m);
    } finally {
      await stop(s);
    }
  });
});
