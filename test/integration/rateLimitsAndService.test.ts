import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseAllDocuments } from 'yaml';
import { startHttpHost } from '../../src/server/http/httpHost';
import { loadKubeconfig } from '../../src/core/client/kubeconfig';
import { repoRoot } from '../support/repoRoot';
import { startHarness, type McpHarness, WRITE_SUITE_POLICY } from '../support/mcpHarness';

const getDeployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };

describe('rate limiting through the MCP server', () => {
  let h: McpHarness;
  before(async () => {
    h = await startHarness({ server: { rateLimit: { enabled: true, read: 3, write: 2, default: 5, clientFactor: 1 } } });
  });
  after(async () => { await h.close(); });

  it('refuses a call over the read budget naming the category, the limit and when to retry', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await h.call('get_k8s_entity', getDeployment)).isError, false);
    h.fake.clearRequests();
    const limited = await h.call('get_k8s_entity', getDeployment);
    assert.equal(limited.isError, true);
    assert.match(limited.text, /read/);
    assert.match(limited.text, /3 per minute/);
    assert.match(limited.text, /Retry in \d+ s/);
    assert.equal(h.fake.requests.length, 0, 'a limited call sends nothing');
  });

  it('keeps the client budget when the client opens a new session', async () => {
    const second = await h.newClient();
    const r1 = await second.callTool({ name: 'get_k8s_entity', arguments: getDeployment });
    // The client bucket holds 3 × 1 reads, all spent by the first session: a fresh session starts with nothing.
    assert.equal(r1.isError, true, 'the fresh session must not reset the client budget');
    assert.match((r1.content as Array<{ text: string }>)[0]!.text, /Retry in/);
  });

  describe('behind a proxy', () => {
    /** Three HTTP clients as a proxy forwards them: two for one address (one trying to forge another), one for another. */
    async function budgetsThroughProxy(trustForwardedFor: boolean): Promise<boolean[]> {
      const rateLimit = { enabled: true, read: 2, write: 2, default: 5, clientFactor: 1 };
      const own = await startHarness({ sharedFake: h.fake, server: { rateLimit } });
      const host = await startHttpHost(own.service, { host: '127.0.0.1', port: 0, transports: ['streamable-http'], trustForwardedFor });
      const connect = async (forwardedFor: string): Promise<Client> => {
        const client = new Client({ name: 'behind-proxy', version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${host.url}/mcp`), { requestInit: { headers: { 'X-Forwarded-For': forwardedFor } } }));
        return client;
      };
      try {
        const alice = await connect('10.0.0.1');
        const aliceForging = await connect('10.9.9.9, 10.0.0.1');
        const bob = await connect('10.0.0.2');
        const ok: boolean[] = [];
        for (const client of [alice, alice, aliceForging, bob]) ok.push(!(await client.callTool({ name: 'get_k8s_entity', arguments: getDeployment })).isError);
        await Promise.all([alice, aliceForging, bob].map((c) => c.close()));
        return ok;
      } finally {
        await host.close();
        await own.close();
      }
    }

    it('with --trust-forwarded-for, gives each forwarded client its own budget, keyed by the last X-Forwarded-For entry', async () => {
      // Alice spends her 2 reads; forging a first X-Forwarded-For entry does not buy more; Bob still has his.
      assert.deepEqual(await budgetsThroughProxy(true), [true, true, false, true]);
    });

    it('without it, every client behind the proxy shares the proxy\'s budget', async () => {
      assert.deepEqual(await budgetsThroughProxy(false), [true, true, false, false]);
    });
  });

  it('exposes remaining budgets per session and category', () => {
    const snapshot = h.service.limits();
    assert.equal(snapshot.enabled, true);
    const session = snapshot.sessions['test-1'];
    assert.ok(session);
    assert.equal(session.read.capacity, 3);
    assert.ok(session.read.remaining < 1);
    assert.equal(session.write.remaining, 2);
  });
});

describe('running as a service', () => {
  it('takes the in-cluster service account when no kubeconfig exists', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-'));
    fs.writeFileSync(path.join(root, 'token'), 'fake-token');
    fs.writeFileSync(path.join(root, 'ca.crt'), 'not-a-real-ca');
    fs.writeFileSync(path.join(root, 'namespace'), 'k8s-mcp');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const loaded = loadKubeconfig({ home: empty, inCluster: { host: '10.0.0.1', port: '443', serviceAccountRoot: root } });
    assert.deepEqual(loaded.files, ['in-cluster']);
    const [ctx] = loaded.contexts();
    assert.equal(ctx?.server, 'https://10.0.0.1:443');
    assert.equal(ctx?.namespace, 'k8s-mcp');
  });

  it('explains where it looked when there is no kubeconfig and no service account', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    assert.throws(() => loadKubeconfig({ home: empty }), /No kubeconfig found/);
  });

  it('ships deploy/ manifests that parse and that the API server accepts in a server-side dry run', async () => {
    const expectedKinds: Record<string, string[]> = {
      'k8s-mcp-interface.yaml': ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service'],
      'k8s-mcp-interface-team.yaml': ['Namespace', 'ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'Service'],
    };
    const plural: Record<string, string> = {
      Namespace: 'namespaces', ServiceAccount: 'serviceaccounts', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings',
      Deployment: 'deployments', PodDisruptionBudget: 'poddisruptionbudgets', Service: 'services',
    };
    const rateLimit = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
    const h = await startHarness({ server: { readWrite: true, policy: WRITE_SUITE_POLICY, rateLimit } });
    try {
      for (const [file, kinds] of Object.entries(expectedKinds)) {
        const text = fs.readFileSync(path.join(repoRoot(), 'deploy', file), 'utf8');
        type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
        const docs = parseAllDocuments(text).map((d) => d.toJS() as Doc);
        assert.deepEqual(docs.map((d) => d.kind), kinds, file);
        // The namespace must exist for the namespaced dry runs: create it for real first.
        const ns = await h.call('deploy_k8s_entity', { scope: 'cluster', api_version: 'v1', resource_kind: 'namespaces', payload_manifest: docs[0] });
        assert.equal(ns.isError, false, ns.text);
        for (const doc of docs.slice(1)) {
          const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
          const out = await h.call('deploy_k8s_entity', {
            scope: doc.metadata.namespace ? 'namespaced' : 'cluster', api_group: group, api_version: version,
            resource_kind: plural[doc.kind], target_ns: doc.metadata.namespace, payload_manifest: doc, dry_run: true,
          });
          assert.equal(out.isError, false, `${file} ${doc.kind}: ${out.text}`);
        }
      }
      assert.deepEqual(fs.readdirSync(path.join(repoRoot(), 'deploy')).sort(), Object.keys(expectedKinds).sort(), 'every manifest is dry-run here');
    } finally {
      await h.close();
    }
  });
});
