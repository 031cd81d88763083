// SPEC §7 through a real SDK client: every tool call and resource read is checked against the policy in the
// pipeline (resolveTarget) before its own request, and the fake API server's request log shows that a refused
// call sends nothing (discovery is warmed first: it is cached per context and is not the call's request).
import { strict as assert } from 'node:assert';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { resolvePolicy, type Policy, type PolicyInput } from '../../src/core/policy/policy';
import { startHarness, startWriteHarness, type McpHarness } from '../support/mcpHarness';

const SOURCE = 'policy.yaml';
const policyOf = (values: PolicyInput): Policy => resolvePolicy([{ values, describe: (key) => `${key} in ${SOURCE}` }]);
const HINT = 'Only the person can change this rule; do not retry or work around it.';

const configMap = (name: string) => ({
  scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', dry_run: true,
  payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } },
});
const secret = { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data' };

describe('policy enforcement (SPEC §7)', function () {
  this.timeout(20_000);
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });

  /** Runs `call` and returns what it sent to the API server. */
  async function sent(call: () => Promise<unknown>): Promise<string[]> {
    fake.clearRequests();
    await call();
    return fake.requests.map((r) => `${r.method} ${r.path}`);
  }

  describe('per-context modes and protected namespaces', () => {
    let h: McpHarness;
    before(async () => {
      h = await startWriteHarness(fake, { readWrite: false, policy: policyOf({ contexts: { 'fake-admin': { mode: 'read-write' } } }) });
      // Warm discovery of both contexts.
      for (const context of ['fake-admin', 'fake-admin-token']) {
        assert.equal((await h.call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', limit: 1, context })).isError, false);
      }
    });
    after(async () => { await h.close(); });

    it('lists the write tools because one context may be written', async () => {
      const { tools } = await h.client.listTools();
      assert.ok(tools.some((t) => t.name === 'deploy_k8s_entity'));
    });

    it('refuses a write through the context parameter to a read-only context, naming the rule, and sends nothing', async () => {
      let out = { text: '', isError: false };
      const requests = await sent(async () => { out = await h.call('deploy_k8s_entity', { ...configMap('policy-demo'), context: 'fake-admin-token' }); });
      assert.equal(out.isError, true);
      assert.equal(out.text, `Refused by policy: context "fake-admin-token" is read-only (rule: defaultMode, default). Writing it needs contexts.fake-admin-token.mode: read-write. ${HINT}`);
      assert.deepEqual(requests, []);
    });

    it('allows the same write to the read-write context', async () => {
      const out = await h.call('deploy_k8s_entity', { ...configMap('policy-demo'), context: 'fake-admin' });
      assert.equal(out.isError, false, out.text);
      assert.match(out.text, /^Dry run: ConfigMap "policy-demo" in namespace lab-apps would be created/);
    });

    it('refuses a write in a protected namespace of a read-write context and sends nothing', async () => {
      let out = { text: '', isError: false };
      const requests = await sent(async () => {
        out = await h.call('delete_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'kube-system', entity_name: 'anything', dry_run: true });
      });
      assert.equal(out.text, `Refused by policy: namespace "kube-system" is protected: readable, never written (rule: protectedNamespaces, default). ${HINT}`);
      assert.deepEqual(requests, []);
    });

    it('refuses an apply of a protected Namespace object, the name taken from the manifest', async () => {
      const out = await h.call('deploy_k8s_entity', {
        scope: 'cluster', api_version: 'v1', resource_kind: 'namespaces', dry_run: true,
        payload_manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', labels: { a: 'b' } } },
      });
      assert.match(out.text, /^Refused by policy: namespace "kube-system" is protected/);
    });
  });

  describe('denied resources', () => {
    let h: McpHarness;
    before(async () => {
      h = await startHarness({ sharedFake: fake, server: { policy: policyOf({ deniedResources: [{ group: '', resource: 'secrets' }] }) } });
      assert.equal((await h.call('get_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-data', entity_name: 'x' })).isError, true);
    });
    after(async () => { await h.close(); });

    const DENIED = `Refused by policy: "secrets" is denied: no tool or resource URI reads or writes it (rule: deniedResources in ${SOURCE}). ${HINT}`;

    it('refuses get and scan, also when the agent names the Kind, and sends nothing', async () => {
      const outs: Array<{ text: string }> = [];
      const requests = await sent(async () => {
        outs.push(await h.call('get_k8s_entity', { ...secret, entity_name: 'db-credentials' }));
        outs.push(await h.call('scan_k8s_collection', secret));
        outs.push(await h.call('scan_k8s_collection', { ...secret, scope: 'cluster', target_ns: undefined, resource_kind: 'Secret' }));
      });
      assert.deepEqual(outs.map((o) => o.text), [DENIED, DENIED, DENIED]);
      assert.deepEqual(requests, []);
    });

    it('refuses a resource read of a denied object and sends nothing', async () => {
      let error: unknown;
      const requests = await sent(async () => {
        error = await h.client.readResource({ uri: 'k8s://namespace/lab-data//v1/secrets/db-credentials' }).then(() => undefined, (err: unknown) => err);
      });
      assert.ok(error instanceof Error);
      assert.ok(error.message.includes(DENIED), error.message);
      assert.deepEqual(requests, []);
    });

    it('leaves denied resources out of resources/list', async () => {
      const { resources } = await h.client.listResources();
      assert.ok(resources.some((r) => r.name === 'configmaps'), 'the catalogue still lists what is allowed');
      assert.deepEqual(resources.filter((r) => r.name === 'secrets'), []);
    });
  });

  describe('allowed namespaces', () => {
    const pods = { scope: 'cluster', api_version: 'v1', resource_kind: 'pods', detail_annotations: false };
    // A budget every pod of the sample fits in, so header counts are whole lists.
    const server = { maxAnswerBytes: 1024 * 1024 };
    const countOf = (text: string): number => (JSON.parse(text.split('\n', 1)[0]!) as { count: number }).count;
    let h: McpHarness;
    before(async () => {
      h = await startHarness({ sharedFake: fake, server: { ...server, policy: policyOf({ allowedNamespaces: ['lab-apps'] }) } });
    });
    after(async () => { await h.close(); });

    it('leaves other namespaces out of an all-namespaces scan and says how many, naming the rule', async () => {
      const open = await startHarness({ sharedFake: fake, server });
      let all: number;
      let inLabApps: number;
      try {
        all = countOf((await open.call('scan_k8s_collection', pods)).text);
        inLabApps = countOf((await open.call('scan_k8s_collection', { ...pods, scope: 'namespaced', target_ns: 'lab-apps' })).text);
      } finally {
        await open.close();
      }
      assert.ok(all > inLabApps && inLabApps > 0, 'the sample has pods in lab-apps and elsewhere');
      const out = await h.call('scan_k8s_collection', pods);
      assert.equal(out.isError, false, out.text);
      const header = JSON.parse(out.text.split('\n', 1)[0]!) as { note?: string; namespace?: string; count: number };
      assert.equal(header.count, inLabApps);
      assert.equal(header.namespace, 'lab-apps', 'every item left is in lab-apps');
      assert.equal(header.note, `${all - inLabApps} items in namespaces outside allowedNamespaces left out (allowedNamespaces in ${SOURCE}).`);
    });

    it('refuses a list in a namespace outside them', async () => {
      const out = await h.call('scan_k8s_collection', { ...pods, scope: 'namespaced', target_ns: 'lab-data' });
      assert.equal(out.text, `Refused by policy: namespace "lab-data" is outside allowedNamespaces [lab-apps] (rule: allowedNamespaces in ${SOURCE}). ${HINT}`);
    });
  });

  describe('the tool list follows the policy', () => {
    it('offers the write tools once a policy lets a context be written, with tools/list_changed', async () => {
      const h = await startHarness({ sharedFake: fake });
      try {
        const names = async (): Promise<string[]> => (await h.client.listTools()).tools.map((t) => t.name);
        assert.equal((await names()).includes('deploy_k8s_entity'), false);
        const changed = new Promise<void>((resolve) => h.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
        h.service.setPolicy(policyOf({ contexts: { 'fake-admin-token': { mode: 'read-write' } } }));
        await changed;
        assert.ok((await names()).includes('deploy_k8s_entity'));
      } finally {
        await h.close();
      }
    });
  });
});
