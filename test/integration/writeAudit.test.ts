// The audit log wired into the server (SPEC §7): one JSON line per write attempt, approved or refused, with
// who decided and what happened, and never a Secret value or manifest data (the manifest's SHA-256 instead).
// Real SDK clients in memory, real HTTPS to the fake API server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { manifestDigest } from '../../src/core/audit/auditRecord';
import { resolvePolicy } from '../../src/core/policy/policy';
import { createServer, type K8sMcpService } from '../../src/server/createServer';
import { testOptions } from '../support/mcpHarness';

const NS = 'lab-staging';
const SECRET_VALUE = 'hunter2-do-not-log';
const CONFIG_VALUE = 'manifest-data-do-not-log';

describe('audit log of write attempts (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let service: K8sMcpService;
  let auditFile: string;
  const answers: ElicitResult[] = [];

  async function client(name: string, canAsk: boolean) {
    const session = service.newSession({ id: `session-${name}`, clientKey: `address-of-${name}` });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await session.server.connect(serverSide);
    const c = new Client({ name, version: '1.0.0' }, { capabilities: canAsk ? { elicitation: {} } : {} });
    if (canAsk) c.setRequestHandler(ElicitRequestSchema, () => answers.shift() ?? { action: 'decline' });
    await c.connect(clientSide);
    return async (tool: string, args: Record<string, unknown>) => {
      const result = await c.callTool({ name: tool, arguments: args });
      return { text: (result.content as Array<{ text?: string }>).map((x) => x.text ?? '').join(''), isError: result.isError === true };
    };
  }

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-it-')), 'logs', 'audit.log');
    service = createServer(testOptions(fake, {
      readWrite: true,
      policy: resolvePolicy([{ values: { defaultMode: 'read-write', auditLog: auditFile }, describe: (key) => `${key} in the test's policy` }]),
      rateLimit: { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 },
    }));
  });
  after(async () => { await fake.close(); });

  it('writes a line for an approved apply, a declined one, refused ones and a dry run, with no data in them', async () => {
    const asking = await client('asking-client', true);
    const mute = await client('mute-client', false);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'audited' }, stringData: { password: SECRET_VALUE } };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'audited' }, data: { a: CONFIG_VALUE } };
    const address = (resource: string) => ({ scope: 'namespaced', api_version: 'v1', resource_kind: resource, target_ns: NS });

    answers.push({ action: 'accept', content: {} });
    const approved = await asking('deploy_k8s_entity', { ...address('secrets'), payload_manifest: secret });
    assert.equal(approved.isError, false, approved.text);
    answers.push({ action: 'decline' });
    assert.match((await asking('deploy_k8s_entity', { ...address('configmaps'), payload_manifest: configMap })).text, /declined by the user/);
    assert.match((await mute('delete_k8s_entity', { ...address('secrets'), entity_name: 'audited' })).text, /confirmFallback: deny refuses it/);
    assert.equal((await mute('deploy_k8s_entity', { ...address('configmaps'), payload_manifest: configMap, dry_run: true })).isError, false);
    const protectedNs = { ...address('configmaps'), target_ns: 'kube-system', entity_name: 'coredns' };
    assert.match((await mute('delete_k8s_entity', protectedNs)).text, /^Refused by policy: namespace "kube-system" is protected/);
    assert.match((await mute('deploy_k8s_entity', { ...address('configmaps') })).text, /payload_manifest is required/);
    await service.close();

    const text = fs.readFileSync(auditFile, 'utf8');
    assert.equal(text.includes(SECRET_VALUE), false, 'no Secret value');
    assert.equal(text.includes(Buffer.from(SECRET_VALUE).toString('base64')), false, 'no Secret value, base64 either');
    assert.equal(text.includes(CONFIG_VALUE), false, 'no manifest data');
    assert.equal(fs.statSync(auditFile).mode & 0o777, 0o600);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 5, 'bad input is not an attempt: nothing was sent');
    const [ok, declined, refused, dryRun, byPolicy] = lines;
    assert.deepEqual({ ...ok, time: undefined, durationMs: undefined }, {
      time: undefined, session: 'session-asking-client', clientName: 'asking-client', clientAddress: 'address-of-asking-client',
      context: 'fake-admin', user: 'fake-admin', tool: 'deploy_k8s_entity', verb: 'create-or-apply', group: '', version: 'v1',
      resource: 'secrets', namespace: NS, name: 'audited', dryRun: false, decision: 'approved', decidedBy: 'elicitation',
      succeeded: true, status: 201, durationMs: undefined, manifestSha256: manifestDigest(secret),
    });
    assert.match(String(ok!.time), /^\d{4}-\d\d-\d\dT/);
    assert.equal(typeof ok!.durationMs, 'number');
    assert.deepEqual([declined!.decision, declined!.decidedBy, declined!.resource, declined!.name], ['refused', 'elicitation', 'configmaps', 'audited']);
    assert.match(String(declined!.reason), /declined by the user/);
    assert.equal('succeeded' in declined! || 'status' in declined!, false, 'nothing was sent');
    assert.deepEqual([refused!.decision, refused!.decidedBy, refused!.verb, refused!.clientName], ['refused', 'confirm-fallback', 'delete', 'mute-client']);
    assert.deepEqual([dryRun!.dryRun, dryRun!.decision, dryRun!.decidedBy, dryRun!.succeeded, dryRun!.status], [true, 'approved', 'policy', true, 201]);
    assert.deepEqual([byPolicy!.decision, byPolicy!.decidedBy, byPolicy!.verb, byPolicy!.namespace, byPolicy!.name], ['refused', 'policy', 'delete', 'kube-system', 'coredns']);
    assert.match(String(byPolicy!.reason), /protectedNamespaces, default/);
  });
});
