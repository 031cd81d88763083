/**
 * SPEC §8 identity passthrough beyond plain API requests: the exec WebSocket upgrade and the namespace
 * completion of the prompts carry the caller's token too, and never the kubeconfig's identity (an admin
 * client certificate, user lab-admin, in the fake's kubeconfig). Proof comes from the fake's request log.
 */
import * as assert from 'node:assert/strict';
import { FAKE_TOKENS } from '../fake-apiserver/index';
import { execAnswer, startHarness } from '../support/mcpHarness';
import { callTool, connectAs, startPassthroughHost, stopPassthroughHost, type PassthroughHost } from '../support/passthroughHost';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const exec = (command: string[]) => ({
  scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD, action_path: 'exec', request_payload: { command },
});
const namespaceCompletion = { ref: { type: 'ref/prompt' as const, name: 'diagnose-workload' }, argument: { name: 'namespace', value: 'lab-' } };

describe('identity passthrough: exec and prompt completion', function () {
  this.timeout(30_000);
  let s: PassthroughHost;
  before(async () => { s = await startPassthroughHost(); });
  after(() => stopPassthroughHost(s));
  beforeEach(() => s.h.fake.clearRequests());

  /** The fake's log of the exec upgrades made since the last clearRequests. */
  const execRequests = () => s.h.fake.requests.filter((r) => r.path.endsWith(`/pods/${POD}/exec`));

  for (const transport of ['streamable-http', 'sse'] as const) {
    it(`${transport}: an admin token's exec runs, its WebSocket upgrade carrying that token and no client certificate`, async () => {
      const admin = await connectAs(s, FAKE_TOKENS.admin, transport);
      const r = await callTool(admin, 'interact_k8s_endpoint', exec(['echo', 'as-myself']));
      assert.equal(r.isError, false, r.text);
      assert.equal(execAnswer(r.text).stdout, 'as-myself\n');
      const upgrades = execRequests();
      assert.equal(upgrades.length, 1);
      assert.equal(String(upgrades[0]!.headers.upgrade).toLowerCase(), 'websocket');
      assert.equal(upgrades[0]!.headers.authorization, `Bearer ${FAKE_TOKENS.admin}`);
      for (const q of s.h.fake.requests) assert.equal(q.user, 'lab-admin-token', `${q.method} ${q.path} ran as ${q.user}, not the caller`);
    });
  }

  it('a viewer token\'s exec gets the API server\'s refusal of the upgrade, as the viewer', async () => {
    const viewer = await connectAs(s, FAKE_TOKENS.viewer);
    const r = await callTool(viewer, 'interact_k8s_endpoint', exec(['echo', 'not-allowed']));
    assert.equal(r.isError, true);
    assert.doesNotMatch(r.text, /not-allowed\n/);
    const upgrades = execRequests();
    assert.equal(upgrades.length, 1);
    assert.equal(upgrades[0]!.headers.authorization, `Bearer ${FAKE_TOKENS.viewer}`);
    assert.equal(upgrades[0]!.user, 'lab-viewer-token');
  });

  it('completes a prompt\'s namespace argument with the namespaces the caller\'s token lists', async () => {
    const viewer = await connectAs(s, FAKE_TOKENS.viewer);
    const { completion } = await viewer.complete(namespaceCompletion);
    assert.deepEqual(completion.values, ['lab-apps', 'lab-data', 'lab-staging']);
    const lists = s.h.fake.requests.filter((r) => r.path === '/api/v1/namespaces');
    assert.ok(lists.length > 0, 'the namespaces were listed');
    for (const q of s.h.fake.requests) assert.equal(q.user, 'lab-viewer-token', `${q.method} ${q.path} ran as ${q.user}, not the caller`);
  });

  it('a completion for a token the API server rejects mid-session offers nothing and asks as nobody else', async () => {
    const caller = await connectAs(s, FAKE_TOKENS.viewer);
    s.h.fake.faults.failNext(1, 401);
    const { completion } = await caller.complete(namespaceCompletion);
    assert.deepEqual(completion.values, []);
    for (const q of s.h.fake.requests) assert.equal(q.user, 'lab-viewer-token', `${q.method} ${q.path}`);
  });

  it('without an HTTP caller (a passthrough service reached in process) a completion offers nothing and sends no request', async () => {
    const local = await startHarness({ sharedFake: s.h.fake, server: { authMode: 'passthrough' } });
    try {
      s.h.fake.clearRequests();
      const { completion } = await local.client.complete(namespaceCompletion);
      assert.deepEqual(completion.values, []);
      assert.deepEqual(s.h.fake.requests, []);
    } finally {
      await local.close();
    }
  });
});
