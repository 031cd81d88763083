// Confirmation outside VS Code (SPEC §7): with no confirmWrite hook (the CLI), a write that confirmWrites says
// needs the person's approval is put to them through MCP elicitation when the client declares it, and refused
// or let through by confirmFallback when it does not. Real SDK clients in memory, real HTTPS to the fake API
// server, whose request log proves that a declined write sends nothing.
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { resolvePolicy, type PolicyInput } from '../../src/core/policy/policy';
import { createServer, type K8sMcpService } from '../../src/server/createServer';
import { testOptions } from '../support/mcpHarness';

const NS = 'lab-staging';
const cmAddress = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: NS };
const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

type Answer = (request: ElicitRequest) => ElicitResult;

describe('write confirmation through MCP elicitation (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  const services: K8sMcpService[] = [];
  const clients: Client[] = [];

  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(services.map((s) => s.close()));
    await fake.close();
  });
  beforeEach(() => fake.clearRequests());

  /** A read-write server with `policy` on top of the defaults, and one client; `answer` = it can elicit. */
  async function connect(policy: PolicyInput, answer?: Answer) {
    const service = createServer(testOptions(fake, {
      readWrite: true,
      policy: resolvePolicy([{ values: { defaultMode: 'read-write', ...policy }, describe: (key) => `${key} in the test's policy` }]),
      rateLimit: { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 },
    }));
    services.push(service);
    const session = service.newSession({ id: `s${services.length}`, clientKey: 'test' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await session.server.connect(serverSide);
    const client = new Client({ name: 'elicit-test', version: '1.0.0' }, { capabilities: answer ? { elicitation: {} } : {} });
    const asked: string[] = [];
    if (answer) client.setRequestHandler(ElicitRequestSchema, (request) => { asked.push(request.params.message); return answer(request); });
    await client.connect(clientSide);
    clients.push(client);
    const call = async (tool: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name: tool, arguments: args });
      return { text: (result.content as Array<{ text?: string }>).map((c) => c.text ?? '').join(''), isError: result.isError === true };
    };
    return { call, asked };
  }

  const seed = (name: string, data: Record<string, string>) =>
    fake.store.put({ ...cm(name, data), metadata: { name, namespace: NS, managedFields: [] } });
  const apply = (name: string, data: Record<string, string>) => ({ ...cmAddress, payload_manifest: cm(name, data) });
  const stored = (name: string) => (fake.store.get('', 'v1', 'configmaps', NS, name) as { data: Record<string, string> } | undefined)?.data;
  /** Requests that change something: every non-GET that is not a server-side dry run. */
  const realWrites = () => fake.requests.filter((r) => r.method !== 'GET' && r.query.dryRun !== 'All').map((r) => `${r.method} ${r.path}`);

  it('asks with context, namespace, kind/name, action and the changed fields; accept applies', async () => {
    const { call, asked } = await connect({}, () => ({ action: 'accept', content: {} }));
    seed('e-accept', { a: '1', b: 'same' });
    const r = await call('deploy_k8s_entity', apply('e-accept', { a: '2', b: 'same' }));
    assert.equal(r.isError, false, r.text);
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /Apply \(server-side apply\) to ConfigMap "e-accept" \(v1 configmaps\)/);
    assert.match(asked[0]!, /Context: fake-admin; namespace "lab-staging"\./);
    assert.match(asked[0]!, /Changed fields \(server-side dry run\): data\.a\./);
    assert.deepEqual(stored('e-accept'), { a: '2', b: 'same' });
  });

  for (const action of ['decline', 'cancel'] as const) {
    it(`${action} sends nothing and tells the agent the person declined`, async () => {
      const { call, asked } = await connect({}, () => ({ action }));
      seed(`e-${action}`, { a: '1' });
      fake.clearRequests();
      const r = await call('deploy_k8s_entity', apply(`e-${action}`, { a: 'no' }));
      assert.equal(r.isError, true);
      assert.match(r.text, /declined by the user \(apply ConfigMap "e-\w+" in lab-staging, context fake-admin\)\. Do not retry/);
      assert.equal(asked.length, 1);
      assert.deepEqual(realWrites(), []);
      assert.deepEqual(stored(`e-${action}`), { a: '1' });
      const d = await call('delete_k8s_entity', { ...cmAddress, entity_name: `e-${action}` });
      assert.match(d.text, /declined by the user \(delete ConfigMap/);
      assert.deepEqual(realWrites(), []);
      assert.ok(stored(`e-${action}`));
    });
  }

  it('"Allow for this session" stops asking for the same tool and context', async () => {
    const { call, asked } = await connect({}, () => ({ action: 'accept', content: { allowForSession: true } }));
    assert.equal((await call('deploy_k8s_entity', apply('e-session', { a: '1' }))).isError, false);
    const second = await call('deploy_k8s_entity', apply('e-session', { a: '2' }));
    assert.equal(second.isError, false, second.text);
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /Creates a new object\. Fields \(server-side dry run\): apiVersion, data\.a, kind, metadata\.name/);
    assert.deepEqual(stored('e-session'), { a: '2' });
  });

  it('a changed policy (the extension\'s settings, a mode switched in its tree) forgets "Allow for this session"', async () => {
    const { call, asked } = await connect({}, () => ({ action: 'accept', content: { allowForSession: true } }));
    assert.equal((await call('deploy_k8s_entity', apply('e-policy-changed', { a: '1' }))).isError, false);
    services.at(-1)!.setPolicy(resolvePolicy([{ values: { defaultMode: 'read-write', confirmWrites: 'always' }, describe: (key) => `${key} in the new policy` }]));
    assert.equal((await call('deploy_k8s_entity', apply('e-policy-changed', { a: '2' }))).isError, false);
    assert.equal(asked.length, 2, 'asked again after the policy changed');
  });

  it('confirmWrites: destructive asks for a delete but not for an apply; never asks for nothing', async () => {
    const destructive = await connect({ confirmWrites: 'destructive' }, () => ({ action: 'decline' }));
    assert.equal((await destructive.call('deploy_k8s_entity', apply('e-destr', { a: '1' }))).isError, false);
    assert.equal(destructive.asked.length, 0);
    const d = await destructive.call('delete_k8s_entity', { ...cmAddress, entity_name: 'e-destr' });
    assert.match(d.text, /declined by the user/);
    assert.equal(destructive.asked.length, 1);
    const never = await connect({ confirmWrites: 'never' }, () => ({ action: 'decline' }));
    const deleted = await never.call('delete_k8s_entity', { ...cmAddress, entity_name: 'e-destr' });
    assert.equal(deleted.isError, false, deleted.text);
    assert.equal(never.asked.length, 0);
  });

  it('a client without elicitation is refused by confirmFallback: deny (the default), saying how to allow it', async () => {
    const { call } = await connect({});
    seed('e-fallback', { a: '1' });
    fake.clearRequests();
    const r = await call('deploy_k8s_entity', apply('e-fallback', { a: '2' }));
    assert.equal(r.isError, true);
    assert.match(r.text, /cannot ask the person \(it does not support MCP elicitation\), so confirmFallback: deny refuses it \(rule: confirmFallback, default\)/);
    assert.match(r.text, /set confirmFallback: allow .* or K8S_MCP_CONFIRM_FALLBACK=allow/);
    assert.deepEqual(realWrites(), []);
    assert.deepEqual(stored('e-fallback'), { a: '1' });
  });

  it('confirmFallback: allow lets a client without elicitation write', async () => {
    const { call } = await connect({ confirmFallback: 'allow' });
    const r = await call('deploy_k8s_entity', apply('e-allow', { a: '1' }));
    assert.equal(r.isError, false, r.text);
    assert.deepEqual(stored('e-allow'), { a: '1' });
  });
});
