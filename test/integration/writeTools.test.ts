// The write tools through the real MCP client (in memory) against the fake API server over HTTPS: every rule of
// SPEC §1 for deploy and delete, confirmation and mode, and proof from the fake's request log that bad input
// never reaches it. interact_k8s_endpoint has its own file.
import * as assert from 'node:assert/strict';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { callAs } from '../fake-apiserver/testClient';
import type { WriteDecision, WriteRequest } from '../../src/server/hooks';
import { startWriteHarness as connect, type CallOutcome, type McpHarness } from '../support/mcpHarness';

const NS = 'lab-staging';
const cmAddress = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: NS };
const podAddress = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'auth-v1-6b9fcbc6fc-k9mnp' };
/** The object a deploy answer shows on its second line, after the one-line summary. */
const shownObject = (text: string) => JSON.parse(text.split('\n')[1]!) as { metadata: Record<string, unknown> };
const cm = (name: string, data: Record<string, string>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('write tools (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let h: McpHarness;
  const call = (name: string, args: Record<string, unknown>, harness = h): Promise<CallOutcome> => harness.call(name, args);
  const writes = (): string[] => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  /** The data of a ConfigMap in NS as the fake API server stores it. */
  const storedData = (name: string) => fake.store.get('', 'v1', 'configmaps', NS, name)?.data as Record<string, string> | undefined;
  const deploy = (manifest: unknown, extra: Record<string, unknown> = {}) => call('deploy_k8s_entity', { ...cmAddress, payload_manifest: manifest, ...extra });

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    h = await connect(fake);
  });
  after(async () => {
    await h.close();
    await fake.close();
  });
  beforeEach(() => fake.clearRequests());

  describe('deploy_k8s_entity', () => {
    it('says payload_manifest is required (and the schema marks it so) when it is missing', async () => {
      const { tools } = await h.client.listTools();
      const schema = tools.find((t) => t.name === 'deploy_k8s_entity')!.inputSchema;
      assert.ok(schema.required?.includes('payload_manifest'));
      assert.deepEqual((schema.properties!.payload_manifest as { anyOf: unknown }).anyOf, [{ type: 'object' }, { type: 'string' }]);
      const r = await call('deploy_k8s_entity', { ...cmAddress });
      assert.equal(r.isError, true);
      assert.match(r.text, /payload_manifest is required/);
      assert.deepEqual(writes(), []);
    });

    it('creates, updates and reports unchanged; dry run changes nothing', async () => {
      const dry = await deploy(cm('w-one', { a: '1' }), { dry_run: true });
      assert.equal(dry.isError, false, dry.text);
      assert.match(dry.text, /^Dry run: ConfigMap "w-one" in namespace lab-staging would be created/);
      assert.equal(fake.store.get('', 'v1', 'configmaps', NS, 'w-one'), undefined);
      const created = await deploy(cm('w-one', { a: '1' }));
      assert.match(created.text, /^Created ConfigMap "w-one"/);
      assert.equal(shownObject(created.text).metadata.managedFields, undefined);
      assert.match((await deploy(cm('w-one', { a: '1' }))).text, /^Unchanged/);
      assert.match((await deploy(cm('w-one', { a: '2' }), { dry_run: true })).text, /would be updated/);
      assert.match((await deploy(cm('w-one', { a: '2' }))).text, /^Updated ConfigMap "w-one"/);
      const patch = fake.requests.find((r) => r.method === 'PATCH')!;
      assert.equal(patch.headers['content-type'], 'application/apply-patch+yaml');
      assert.equal(patch.query.fieldManager, 'k8s-mcp-interface');
    });

    it('accepts a YAML string and fills in the namespace', async () => {
      const r = await deploy('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w-yaml\ndata:\n  k: "v"\nstatus: {}\n');
      assert.equal(r.isError, false, r.text);
      assert.equal(shownObject(r.text).metadata.namespace, NS);
    });

    it('names conflicting fields and managers, and force takes them over', async () => {
      const res = await callAs(fake, 'admin', `/api/v1/namespaces/${NS}/configmaps/w-conflict?fieldManager=someone-else`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: cm('w-conflict', { owned: 'theirs' }),
      });
      assert.equal(res.status, 201);
      const r = await deploy(cm('w-conflict', { owned: 'ours' }));
      assert.equal(r.isError, true);
      assert.match(r.text, /\.data\.owned owned by "someone-else"/);
      assert.match(r.text, /force: true/);
      const forced = await deploy(cm('w-conflict', { owned: 'ours' }), { force: true });
      assert.equal(forced.isError, false, forced.text);
      assert.equal(storedData('w-conflict')?.owned, 'ours');
    });

    it('explains the kubectl-client-side-apply conflict of objects written by kubectl apply', async () => {
      const r = await call('deploy_k8s_entity', {
        scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps',
        payload_manifest: {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api-v1' },
          spec: { replicas: 3, selector: { matchLabels: { app: 'api-v1' } }, template: { metadata: { labels: { app: 'api-v1' } }, spec: { containers: [{ name: 'api-v1', image: 'registry.lab.example.com/shop/api-v1:1.5.0' }] } } },
        },
      });
      assert.equal(r.isError, true);
      assert.match(r.text, /kubectl-client-side-apply/);
      assert.match(r.text, /kubectl apply/);
      assert.match(r.text, /\.spec\.replicas/);
      assert.match(r.text, /force: true/);
    });

    it('masks Secret values in what it echoes, and refuses service-account token Secrets', async () => {
      const secrets = { ...cmAddress, resource_kind: 'secrets' };
      const r = await call('deploy_k8s_entity', { ...secrets, payload_manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'w-secret' }, stringData: { password: 'hunter2' } } });
      assert.equal(r.isError, false, r.text);
      assert.ok(!r.text.includes('hunter2') && !r.text.includes(Buffer.from('hunter2').toString('base64')), r.text);
      assert.match(r.text, /<masked: 7 bytes>/);
      fake.clearRequests();
      const token = await call('deploy_k8s_entity', { ...secrets, payload_manifest: { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'w-tok', annotations: { 'kubernetes.io/service-account.name': 'default' } } } });
      assert.match(token.text, /--allow-credential-creation/);
      assert.deepEqual(writes(), []);
    });

    it('lists invalid fields of a 422', async () => {
      const r = await deploy(cm('w-bad', { 'bad key!': 'x' }));
      assert.equal(r.isError, true);
      assert.match(r.text, /data\[bad key!\]/);
    });

    const refused: Array<[string, unknown, RegExp]> = [
      ['a kind mismatch', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, /kind.*expected "ConfigMap"/],
      ['an apiVersion mismatch', { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }, /apiVersion.*expected "v1"/],
      ['a namespace mismatch', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'lab-apps' } }, /does not match target_ns/],
      ['a name that is not DNS-1123', cm('Bad_Name', {}), /DNS-1123/],
      ['a non-object', [1, 2], /must be an object/],
      ['YAML that does not parse', 'apiVersion: v1\nkind: [ConfigMap\n', /does not parse/],
      ['two documents', 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\n', /exactly one document/],
      ['a payload over 1 MiB', cm('w-big', { big: 'x'.repeat(1024 * 1024 + 10) }), /limit is 1048576 bytes/],
    ];
    for (const [what, manifest, message] of refused) {
      it(`refuses ${what} without sending a write`, async () => {
        const r = await deploy(manifest);
        assert.equal(r.isError, true);
        assert.match(r.text, message);
        assert.deepEqual(writes(), []);
      });
    }

    it('refuses an entity_name different from metadata.name', async () => {
      const r = await deploy(cm('w-one', {}), { entity_name: 'other' });
      assert.match(r.text, /entity_name/);
      assert.deepEqual(writes(), []);
    });
  });

  describe('delete_k8s_entity', () => {
    for (const policy of ['Foreground', 'Background', 'Orphan']) {
      it(`deletes with propagation ${policy}, after a dry run that keeps the object`, async () => {
        const name = `w-del-${policy.toLowerCase()}`;
        await deploy(cm(name, { a: '1' }));
        const dry = await call('delete_k8s_entity', { ...cmAddress, entity_name: name, propagation_policy: policy, dry_run: true });
        assert.match(dry.text, /^Dry run: .* would be deleted/);
        assert.ok(fake.store.get('', 'v1', 'configmaps', NS, name));
        const r = await call('delete_k8s_entity', { ...cmAddress, entity_name: name, propagation_policy: policy, grace_period_seconds: 0 });
        assert.equal(r.isError, false, r.text);
        const del = fake.requests.filter((q) => q.method === 'DELETE').pop()!;
        assert.equal((JSON.parse(del.body!) as { propagationPolicy?: string }).propagationPolicy, policy);
      });
    }

    it('says a running pod is terminating (grace period) rather than deleted', async () => {
      const pod = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'chatty-5f7d9c8b4-w5xkq' };
      const r = await call('delete_k8s_entity', pod);
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, /^Deletion of Pod "chatty-5f7d9c8b4-w5xkq" in namespace lab-apps started; it is terminating \(grace period \d+ s\)\./);
    });

    it('reports a missing object as an error', async () => {
      const r = await call('delete_k8s_entity', { ...cmAddress, entity_name: 'w-missing' });
      assert.equal(r.isError, true);
      assert.match(r.text, /not found/);
    });
  });

  describe('permissions, confirmation and mode', () => {
    it('translates the viewer\'s 403 naming verb, resource and user', async () => {
      const viewer = { context: 'fake-viewer' };
      const applied = await call('deploy_k8s_entity', { ...cmAddress, ...viewer, payload_manifest: cm('w-viewer', {}) });
      assert.equal(applied.isError, true);
      assert.match(applied.text, /User "[^"]+" cannot patch resource "configmaps"/);
      const execd = await call('interact_k8s_endpoint', { ...podAddress, ...viewer, action_path: 'exec', request_payload: { command: ['echo'] } });
      assert.equal(execd.isError, true);
      assert.match(execd.text, /User "[^"]+" cannot (get|create) resource "pods\/exec"/);
      assert.match(execd.text, /needs the get verb on pods\/exec/);
      const deleted = await call('delete_k8s_entity', { ...cmAddress, ...viewer, entity_name: 'w-one' });
      assert.match(deleted.text, /cannot delete resource "configmaps"/);
    });

    it('a denied confirmation returns "declined by the user" and changes nothing; the preview is a dry run', async () => {
      const requests: WriteRequest[] = [];
      let preview: unknown;
      const local = await connect(fake, {}, {
        confirmWrite: async (req): Promise<WriteDecision> => { requests.push(req); preview = await req.preview(); return 'deny'; },
      });
      try {
        await deploy(cm('w-one', { a: '1' }));
        fake.clearRequests();
        const r = await call('deploy_k8s_entity', { ...cmAddress, payload_manifest: cm('w-one', { a: 'declined' }) }, local);
        assert.equal(r.isError, true);
        assert.match(r.text, /declined by the user/);
        assert.equal(storedData('w-one')?.a, '1');
        assert.equal(requests[0]!.action, 'apply');
        assert.equal(requests[0]!.name, 'w-one');
        assert.deepEqual((preview as { result: { data: unknown } }).result.data, { a: 'declined' });
        assert.ok(writes().every((w) => w.startsWith('PATCH')) && fake.requests.filter((q) => q.method === 'PATCH').every((q) => q.query.dryRun === 'All'));
        const d = await call('delete_k8s_entity', { ...cmAddress, entity_name: 'w-one' }, local);
        assert.match(d.text, /declined by the user/);
        assert.ok(fake.store.get('', 'v1', 'configmaps', NS, 'w-one'));
      } finally {
        await local.close();
      }
    });

    it('read-only mode hides write tools; switching on emits tools/list_changed', async () => {
      const ro = await connect(fake, { readWrite: false });
      try {
        const names = (await ro.client.listTools()).tools.map((t) => t.name);
        assert.ok(!names.includes('deploy_k8s_entity') && !names.includes('interact_k8s_endpoint'));
        const changed = new Promise<void>((resolve) => {
          ro.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
        });
        ro.service.setReadWrite(true);
        await changed;
        const tools = (await ro.client.listTools()).tools;
        const deployTool = tools.find((t) => t.name === 'deploy_k8s_entity')!;
        assert.equal(deployTool.annotations?.readOnlyHint, false);
        assert.equal(tools.find((t) => t.name === 'interact_k8s_endpoint')!.annotations?.idempotentHint, false);
        assert.ok(tools.some((t) => t.name === 'delete_k8s_entity'));
      } finally {
        await ro.close();
      }
    });
  });
});
