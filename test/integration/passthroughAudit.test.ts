// Audit lines name who wrote and what the API server answered (SPEC §7): the HTTP status of a successful write,
// and under identity passthrough (SPEC §8) the caller (a fingerprint of their token, never the token), not the
// kubeconfig user, whose credentials are never used then. Real HTTP with the SDK's client, real HTTPS to the fake.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FAKE_TOKENS } from '../fake-apiserver/index';
import { resolvePolicy } from '../../src/core/policy/policy';
import { startHttpHost, type HttpHost } from '../../src/server/http/httpHost';
import { tokenFingerprint } from '../../src/server/http/callerVerdicts';
import type { RateLimitOptions } from '../../src/server/options';
import { startHarness, type McpHarness } from '../support/mcpHarness';

const noLimits: RateLimitOptions = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
const CONFIGMAPS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging' };
const configMap = (name: string) => ({ ...CONFIGMAPS, payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } } });

type AuditLine = Record<string, unknown>;

function auditPolicy(auditLog: string) {
  return resolvePolicy([{ values: { defaultMode: 'read-write', confirmFallback: 'allow', auditLog }, describe: (key) => `${key} in the test's policy` }]);
}

function readAudit(file: string): AuditLine[] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as AuditLine);
}

function tempAuditFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-who-')), 'audit.log');
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = await client.callTool({ name, arguments: args });
  return { text: (r.content as Array<{ text: string }>).map((c) => c.text).join(''), isError: r.isError === true };
}

describe('audit lines: the status the API server answered, and who wrote', function () {
  this.timeout(30_000);

  it('a successful apply records 201 when it created, 200 when it changed; a delete records 200', async () => {
    const auditFile = tempAuditFile();
    const h: McpHarness = await startHarness({ server: { readWrite: true, policy: auditPolicy(auditFile), rateLimit: noLimits } });
    try {
      for (const value of ['1', '2']) {
        const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'status-audited' }, data: { a: value } };
        const applied = await h.call('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: manifest });
        assert.equal(applied.isError, false, applied.text);
      }
      const deleted = await h.call('delete_k8s_entity', { ...CONFIGMAPS, entity_name: 'status-audited' });
      assert.equal(deleted.isError, false, deleted.text);
    } finally {
      await h.close();
    }
    const lines = readAudit(auditFile);
    assert.deepEqual(lines.map((l) => [l.verb, l.succeeded, l.status]), [
      ['create-or-apply', true, 201], ['create-or-apply', true, 200], ['delete', true, 200],
    ]);
    assert.ok(lines.every((l) => l.user === 'fake-admin'), 'without passthrough: the kubeconfig user of the context');
  });

  it('identity passthrough: the line names the caller by token fingerprint, never the token or the kubeconfig user', async () => {
    const auditFile = tempAuditFile();
    const h = await startHarness({ server: { authMode: 'passthrough', readWrite: true, policy: auditPolicy(auditFile), rateLimit: noLimits } });
    let host: HttpHost | undefined;
    const clients: Client[] = [];
    try {
      host = await startHttpHost(h.service, { host: '127.0.0.1', port: 0, transports: ['streamable-http'], passthrough: { authorizationServers: [] } });
      const connectAs = async (token: string): Promise<Client> => {
        const client = new Client({ name: 'audited-caller', version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${host!.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
        clients.push(client);
        return client;
      };
      const admin = await connectAs(FAKE_TOKENS.admin);
      const viewer = await connectAs(FAKE_TOKENS.viewer);
      assert.equal((await call(admin, 'deploy_k8s_entity', configMap('made-by-admin'))).isError, false);
      const refused = await call(viewer, 'deploy_k8s_entity', configMap('made-by-viewer'));
      assert.match(refused.text, /forbidden|cannot/i);
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await host?.close();
      await h.close();
    }
    const text = fs.readFileSync(auditFile, 'utf8');
    for (const token of [FAKE_TOKENS.admin, FAKE_TOKENS.viewer]) assert.equal(text.includes(token), false, 'no token in the audit log');
    const [byAdmin, byViewer] = readAudit(auditFile);
    assert.deepEqual([byAdmin!.user, byAdmin!.succeeded, byAdmin!.status], [`token:${tokenFingerprint(FAKE_TOKENS.admin)}`, true, 201]);
    assert.deepEqual([byViewer!.user, byViewer!.status], [`token:${tokenFingerprint(FAKE_TOKENS.viewer)}`, 403]);
    assert.notEqual(byAdmin!.user, byViewer!.user);
  });
});
