import * as assert from 'node:assert/strict';
import { readCompactList, type ListPage } from '../support/compactListReader';
import { startHarness, type McpHarness } from '../support/mcpHarness';
import { waitFor } from '../support/waitFor';

const deployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps' };
const pods = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' };

describe('read tools through a real MCP client against the fake API server', function () {
  let h: McpHarness;
  before(async () => {
    h = await startHarness({ server: { rateLimit: { enabled: false, read: 120, write: 30, default: 60, clientFactor: 3 } } });
  });
  after(async () => { await h.close(); });
  beforeEach(() => h.fake.clearRequests());

  async function scan(args: Record<string, unknown>, harness = h): Promise<ListPage> {
    const out = await harness.call('scan_k8s_collection', args);
    assert.equal(out.isError, false, out.text);
    return readCompactList(out.text);
  }

  /** Asserts an isError result mentioning `needle`, and that no request reached the API server. */
  async function rejectedBeforeAnyRequest(tool: string, args: Record<string, unknown>, needle: RegExp): Promise<void> {
    h.fake.clearRequests();
    const out = await h.call(tool, args);
    assert.equal(out.isError, true, out.text);
    assert.match(out.text, needle);
    assert.deepEqual(h.fake.requests.map((r) => r.path), [], 'no request may be sent for bad input');
  }

  describe('tools/list', () => {
    it('offers only the two read tools in read-only mode, with the hints VS Code relies on', async () => {
      const { tools } = await h.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['get_k8s_entity', 'scan_k8s_collection']);
      for (const t of tools) {
        assert.equal(t.annotations?.readOnlyHint, true);
        assert.equal(t.annotations?.openWorldHint, false);
        assert.ok(t.annotations?.title);
        assert.ok(t.inputSchema.properties && 'context' in t.inputSchema.properties);
        assert.equal(t.inputSchema.additionalProperties, false, `${t.name} must say it takes no other parameters`);
      }
    });

    it('refuses a misspelt parameter, naming the close one, instead of ignoring it', async () => {
      // Ignored, `label_selector` would list every pod of the namespace as if it matched.
      await rejectedBeforeAnyRequest('scan_k8s_collection', { ...pods, label_selector: 'app=web' },
        /unknown parameter "label_selector" \(did you mean "label_filter"\?\); this tool takes scope, .*label_filter/);
      await rejectedBeforeAnyRequest('get_k8s_entity', { ...deployment, entity_name: 'api-v1', namespace: 'lab-apps' }, /unknown parameter "namespace"/);
    });
  });

  describe('get_k8s_entity', () => {
    it('returns the object without managedFields and without the last-applied copy', async () => {
      const obj = await h.json<{ kind: string; metadata: Record<string, unknown> & { annotations?: Record<string, string> } }>('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      assert.equal(obj.kind, 'Deployment');
      assert.equal(obj.metadata.name, 'api-v1');
      assert.equal('managedFields' in obj.metadata, false);
      assert.equal(obj.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
      assert.equal(obj.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    });

    it('resolves a Kind and a short name through discovery', async () => {
      const byKind = await h.json<{ metadata: { name: string } }>('get_k8s_entity', { ...deployment, resource_kind: 'Deployment', entity_name: 'api-v1' });
      const byShort = await h.json<{ metadata: { name: string } }>('get_k8s_entity', { ...deployment, resource_kind: 'deploy', entity_name: 'api-v1' });
      assert.equal(byKind.metadata.name, 'api-v1');
      assert.equal(byShort.metadata.name, 'api-v1');
    });

    it('accepts "clustered" and "core" as aliases', async () => {
      const node = await h.json<{ kind: string }>('get_k8s_entity', { scope: 'clustered', api_group: 'core', api_version: 'v1', resource_kind: 'nodes', entity_name: 'lab-gpu-1' });
      assert.equal(node.kind, 'Node');
    });

    it('masks Secret values', async () => {
      const out = await h.call('get_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data', entity_name: 'db-credentials' });
      assert.equal(out.isError, false, out.text);
      const secret = JSON.parse(out.text) as { data: Record<string, string> };
      assert.ok(Object.keys(secret.data).length > 0);
      for (const value of Object.values(secret.data)) assert.match(value, /masked/);
    });

    it('reads the scale subresource', async () => {
      const scale = await h.json<{ kind: string }>('get_k8s_entity', { ...deployment, entity_name: 'api-v1', sub_path: 'scale' });
      assert.equal(scale.kind, 'Scale');
    });

    it('translates 404 into a short message naming the object', async () => {
      const out = await h.call('get_k8s_entity', { ...deployment, entity_name: 'nope' });
      assert.equal(out.isError, true);
      assert.match(out.text, /"nope" not found/);
    });

    it('names verb, resource and user on 403 (viewer reading a secret)', async () => {
      const out = await h.call('get_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data', entity_name: 'db-credentials', context: 'fake-viewer' });
      assert.equal(out.isError, true);
      assert.match(out.text, /User "lab-viewer-token" cannot get resource "secrets"/);
    });

    it('returns the last 100 log lines by default, the newest of them within the answer budget, and says how to get more', async () => {
      const out = await h.call('get_k8s_entity', { ...pods, entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs' });
      assert.equal(out.isError, false, out.text);
      assert.ok(Buffer.byteLength(out.text) <= 16 * 1024, `${Buffer.byteLength(out.text)} bytes`);
      const [notice, ...lines] = out.text.split('\n').filter((l) => l !== '');
      assert.match(notice!, /newest (\d+) of 100 lines fetched are shown.*sinceTime.*Fetched: Showing the last 100 lines .*tailLines/);
      assert.equal(lines.length, Number(/newest (\d+) of/.exec(notice!)![1]));
      const newest = await h.call('get_k8s_entity', { ...pods, entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs', query_params: { tailLines: 1 } });
      assert.equal(lines[lines.length - 1], newest.text.split('\n')[1], 'the newest line is kept');
    });

    it('accepts "log" and honours tailLines', async () => {
      const tail = async (sub_path: string, tailLines: number): Promise<string[]> => {
        const out = await h.call('get_k8s_entity', { ...pods, entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path, query_params: { tailLines } });
        assert.equal(out.isError, false, out.text);
        const [notice, ...lines] = out.text.split('\n').filter((l) => l !== '');
        assert.match(notice!, new RegExp(`last ${tailLines} lines`));
        return lines;
      };
      const last20 = await tail('log', 20);
      assert.equal(last20.length, 20);
      assert.deepEqual(last20, (await tail('logs', 50)).slice(-20), 'the last 20 lines, not any 20');
    });

    it('cuts logs at limitBytes and says so', async () => {
      const out = await h.call('get_k8s_entity', { ...pods, entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs', query_params: { tailLines: 5000, limitBytes: 2000 } });
      assert.equal(out.isError, false, out.text);
      assert.match(out.text, /cut at 2000 bytes/);
      assert.ok(Buffer.byteLength(out.text) < 2400);
    });

    it('passes the API server\'s reason for a multi-container pod without container', async () => {
      const out = await h.call('get_k8s_entity', { ...pods, entity_name: 'web-7c9d8f6b5-x2k4p', sub_path: 'logs' });
      assert.equal(out.isError, true);
      assert.match(out.text, /container name must be specified/i);
    });
  });

  describe('bad input is refused before any request', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a path traversal name', { ...deployment, entity_name: '../secrets' }, /entity_name/],
      ['a name with a slash', { ...deployment, entity_name: 'a/b' }, /entity_name/],
      ['an empty name', { ...deployment, entity_name: '' }, /entity_name/],
      ['target_ns with cluster scope', { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes', target_ns: 'x', entity_name: 'n' }, /target_ns/],
      ['namespaced scope without target_ns', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', entity_name: 'p' }, /target_ns/],
      ['a bad namespace', { ...deployment, target_ns: 'Bad_NS', entity_name: 'x' }, /target_ns/],
      ['a bad group', { ...deployment, api_group: 'apps/../v1', entity_name: 'x' }, /api_group/],
      ['a malformed tailLines', { ...pods, entity_name: 'p', sub_path: 'logs', query_params: { tailLines: 'abc' } }, /tailLines/],
      ['tailLines over the cap', { ...pods, entity_name: 'p', sub_path: 'logs', query_params: { tailLines: 20000 } }, /10000|10,000/],
      ['a malformed sinceTime', { ...pods, entity_name: 'p', sub_path: 'logs', query_params: { sinceTime: 'yesterday' } }, /sinceTime/],
      ['a sub_path with traversal', { ...deployment, entity_name: 'x', sub_path: '../../secrets' }, /sub_path/],
      ['an unknown scope', { ...deployment, scope: 'global', entity_name: 'x' }, /scope/],
      ['a watch that would never end', { ...deployment, entity_name: 'x', query_params: { watch: true } }, /watch is not supported/],
      ['a followed log', { ...pods, entity_name: 'p', sub_path: 'logs', query_params: { follow: true } }, /follow/],
    ];
    for (const [what, args, needle] of cases) {
      it(`get_k8s_entity refuses ${what}`, () => rejectedBeforeAnyRequest('get_k8s_entity', args, needle));
    }
    it('scan_k8s_collection refuses an invalid label selector', () => rejectedBeforeAnyRequest('scan_k8s_collection', { ...pods, label_filter: 'app in (a' }, /label_filter/));
    it('scan_k8s_collection refuses a limit out of range', () => rejectedBeforeAnyRequest('scan_k8s_collection', { ...pods, limit: 0 }, /limit/));
    it('refuses an unknown context and lists the known ones', () => rejectedBeforeAnyRequest('get_k8s_entity', { ...deployment, entity_name: 'api-v1', context: 'nope' }, /Unknown context "nope".*fake-admin/));
  });

  it('answers an unknown resource with close matches, touching only discovery', async () => {
    const out = await h.call('scan_k8s_collection', { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deploymnets', target_ns: 'lab-apps' });
    assert.equal(out.isError, true);
    assert.match(out.text, /Close matches.*deployments/);
    assert.ok(h.fake.requests.every((r) => r.path.startsWith('/api')) && h.fake.requests.every((r) => !r.path.includes('namespaces')));
  });

  it('refuses a verb the resource does not serve, naming the ones it does, touching only discovery', async () => {
    h.fake.clearRequests();
    const out = await h.call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'bindings', target_ns: 'lab-apps' });
    assert.equal(out.isError, true);
    assert.match(out.text, /bindings \(v1\) do not support list; the API server offers: create\./);
    assert.ok(h.fake.requests.every((r) => !r.path.includes('/bindings')));
  });

  it('names the right group when a resource is asked in the wrong one', async () => {
    const out = await h.call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps' });
    assert.equal(out.isError, true);
    assert.match(out.text, /api_group "apps"/);
  });

  describe('scan_k8s_collection', () => {
    it('keeps an answer under the size budget with fewer items and a continue token that reaches the rest', async () => {
      const small = await startHarness({ sharedFake: h.fake, server: { maxAnswerBytes: 4_000 } });
      try {
        const names = new Set<string>();
        let token: string | undefined;
        let pages = 0;
        do {
          const out = await small.call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', ...(token ? { continue: token } : {}) });
          assert.equal(out.isError, false, out.text);
          assert.ok(Buffer.byteLength(out.text) <= 4_000, `page ${pages} is ${Buffer.byteLength(out.text)} bytes`);
          const page = readCompactList(out.text);
          for (const item of page.items) names.add(item.name);
          token = page.header.continue;
          pages++;
        } while (token && pages < 100);
        assert.ok(pages > 3, `${pages} pages`);
        const all = await scan({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' });
        assert.equal(names.size, all.items.length);
      } finally {
        await small.close();
      }
    });

    it('lists 300 configmaps compactly with labels and printer columns', async () => {
      const list = await scan({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' });
      assert.ok(list.header.count >= 300);
      assert.equal(list.header.count, list.items.length);
      assert.ok(list.columns.includes('Data') && list.columns.includes('age'));
      const cm = list.items.find((i) => i.name === 'cm-000')!;
      assert.deepEqual(cm.labels, { app: 'web-frontend', shard: '0' });
      assert.equal(cm.Data, '2');
      assert.equal(list.header.namespace, 'lab-apps');
      assert.ok(!list.columns.includes('namespace'), 'a one-namespace list does not repeat the namespace');
    });

    it('pages with limit and continue', async () => {
      const page = await scan({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', limit: 5 });
      assert.equal(page.items.length, 5);
      assert.ok(page.header.continue && page.header.remaining! > 0);
      const next = await scan({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', limit: 5, continue: page.header.continue });
      assert.notEqual(next.items[0]!.name, page.items[0]!.name);
    });

    it('shows a crashlooping pod\'s status in the row', async () => {
      const list = await scan(pods);
      const pod = list.items.find((i) => i.name.startsWith('checkout-'))!;
      assert.equal(pod.Status, 'CrashLoopBackOff');
      assert.match(String(pod.Restarts), /^27 \(\d+s ago\)$/);
    });

    it('lists the annotated GPU nodes in under 10 KB with readiness and roles', async () => {
      const out = await h.call('scan_k8s_collection', { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes' });
      assert.equal(out.isError, false, out.text);
      assert.ok(Buffer.byteLength(out.text) <= 10 * 1024, `${Buffer.byteLength(out.text)} bytes`);
      const list = readCompactList(out.text);
      assert.ok(list.items.length > 1 && list.items.every((n) => String(n.Status).startsWith('Ready') && n.Roles));
      assert.ok(list.items.some((n) => Object.values(n.annotations).some((v) => /include_only_annotation_keys/.test(v))), 'omitted annotations are summarised');
    });

    it('filters by label and field selectors', async () => {
      const byLabel = await scan({ ...pods, label_filter: 'app=checkout' });
      assert.ok(byLabel.items.length >= 1 && byLabel.items.every((i) => i.name.startsWith('checkout')));
      const byField = await scan({ ...pods, field_filter: 'metadata.name=checkout-dfd5b95b4-7klg4' });
      assert.deepEqual(byField.items.map((i) => i.name), ['checkout-dfd5b95b4-7klg4']);
    });

    it('drops last-applied even when the caller gives its own omit list', async () => {
      const list = await scan({ ...deployment, omit_annotation_keys: ['example.com/*'] });
      const api = list.items.find((i) => i.name === 'api-v1')!;
      assert.ok(Object.keys(api.annotations).length > 0, 'other annotations stay');
      assert.equal(api.annotations['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    });

    it('brings last-applied back only when include_only_annotation_keys names it', async () => {
      const key = 'kubectl.kubernetes.io/last-applied-configuration';
      const list = await scan({ ...deployment, include_only_annotation_keys: [key] });
      const api = list.items.find((i) => i.name === 'api-v1')!;
      assert.deepEqual(Object.keys(api.annotations), [key]);
      assert.ok(api.annotations[key]!.length > 512, 'included keys are never cut');
    });

    it('drops all annotations with detail_annotations false and adds ids on request', async () => {
      const list = await scan({ ...deployment, detail_annotations: false, include_ids: true });
      assert.ok(list.items.length > 1);
      assert.ok(list.items.every((i) => Object.keys(i.annotations).length === 0 && i.uid && i.resourceVersion));
      assert.equal(new Set(list.items.map((i) => i.uid)).size, list.items.length, 'each item its own uid');
    });

    it('falls back to metadata when the server offers no table for the resource', async () => {
      h.fake.faults.noTables.add('configmaps');
      try {
        const list = await scan({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', limit: 3 });
        assert.equal(list.items.length, 3);
        assert.ok(!list.columns.includes('Data'), 'no printer columns without a table');
        assert.ok(list.items.every((i) => i.age && i.labels.app), 'metadata is still there');
      } finally {
        h.fake.faults.noTables.delete('configmaps');
      }
    });

    it('lists a namespaced resource across all namespaces with scope cluster', async () => {
      const list = await scan({ scope: 'cluster', api_version: 'v1', resource_kind: 'pods' });
      assert.ok(list.columns.includes('namespace'));
      assert.ok(new Set(list.items.map((i) => i.namespace)).size > 1);
    });

    it('lists custom resources with their CRD printer columns', async () => {
      const list = await scan({ scope: 'namespaced', api_group: 'lab.example.com', api_version: 'v1', resource_kind: 'widgets', target_ns: 'lab-apps' });
      assert.equal(list.header.count, 100);
      assert.ok(list.columns.includes('Phase') || 'Phase' in (list.header.shared ?? {}));
    });
  });

  describe('failures of the cluster', () => {
    it('reports an unreachable API server clearly and keeps serving', async () => {
      const out = await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1', context: 'fake-dead' });
      assert.equal(out.isError, true);
      assert.match(out.text, /Cannot reach the API server/);
      const ok = await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      assert.equal(ok.isError, false);
    });

    it('ends a call at its deadline with a timeout that says so, and the service stays usable', async () => {
      const slow = await startHarness({ sharedFake: h.fake, server: { requestTimeoutMs: 300 } });
      try {
        await slow.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
        h.fake.faults.latencyMs = 2000;
        const started = Date.now();
        const out = await slow.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
        assert.equal(out.isError, true);
        // The call's one deadline ends it, with the runner's message (no second timer inside the request).
        assert.equal(out.text, 'get_k8s_entity did not finish within 0 s; the Kubernetes request was aborted. The cluster may be slow: retry, or narrow the request.');
        assert.ok(Date.now() - started < 1500, `answered after ${Date.now() - started} ms`);
      } finally {
        h.fake.faults.reset();
        await slow.close();
      }
      assert.equal((await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' })).isError, false);
    });

    it('stops the Kubernetes request when the client cancels the call', async () => {
      const activity: Array<{ ok: boolean; summary: string; durationMs: number }> = [];
      const own = await startHarness({ sharedFake: h.fake, hooks: { onActivity: (e) => activity.push(e) } });
      try {
        await own.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
        h.fake.faults.latencyMs = 3000;
        const cancel = new AbortController();
        h.fake.clearRequests();
        const cancelled = assert.rejects(own.client.callTool({ name: 'get_k8s_entity', arguments: { ...deployment, entity_name: 'api-v1' } }, undefined, { signal: cancel.signal }));
        // Cancel once the request is at the API server (which now holds it for 3 s).
        await waitFor(() => h.fake.requests.length > 0, { what: 'the GET to reach the fake API server' });
        cancel.abort();
        await cancelled;
        // The client's notifications/cancelled aborts the server's request: the call ends long before the fake answers.
        await waitFor(() => activity.length >= 2, { what: 'the activity event of the cancelled call' });
        assert.equal(activity.length, 2);
        assert.equal(activity[1]!.ok, false);
        assert.match(activity[1]!.summary, /cancel/i);
        assert.ok(activity[1]!.durationMs < 2000, `the server worked on for ${activity[1]!.durationMs} ms`);
      } finally {
        h.fake.faults.reset();
        await own.close();
      }
    });

    it('translates a 503 from the API server', async () => {
      await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      h.fake.faults.failNext(1, 503);
      const out = await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      assert.equal(out.isError, true);
      assert.match(out.text, /retry/i);
    });

    it('skips a group whose discovery fails (a down aggregated API) for a while instead of asking on every call', async () => {
      // A fresh service: nothing is cached yet.
      const fresh = await startHarness({ sharedFake: h.fake });
      try {
        h.fake.faults.failNext(100, 503, { path: '/apis/batch/v1' });
        h.fake.clearRequests();
        for (let i = 0; i < 2; i++) {
          const out = await fresh.call('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps' });
          assert.match(out.text, /api_group "apps"/);
        }
        assert.equal(h.fake.requests.filter((r) => r.path === '/apis/batch/v1').length, 1);
      } finally {
        h.fake.faults.reset();
        await fresh.close();
      }
    });
  });

  describe('resources', () => {
    it('publishes the two object templates and reads an object like get', async () => {
      const { resourceTemplates } = await h.client.listResourceTemplates();
      assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), [
        'k8s://cluster/{group}/{version}/{resource}/{name}',
        'k8s://namespace/{namespace}/{group}/{version}/{resource}/{name}',
      ]);
      const read = await h.client.readResource({ uri: 'k8s://cluster//v1/nodes/lab-gpu-1' });
      const node = JSON.parse((read.contents[0] as { text: string }).text) as { kind: string; metadata: object };
      assert.equal(node.kind, 'Node');
      assert.equal('managedFields' in node.metadata, false);
    });

    it('lists collections from discovery, readable as compact lists', async () => {
      const { resources } = await h.client.listResources();
      const podsUri = 'k8s://namespace/lab-apps//v1/pods';
      const entry = resources.find((r) => r.uri === podsUri);
      assert.ok(entry, resources.map((r) => r.uri).slice(0, 10).join(' '));
      assert.match(entry.description ?? '', /Pod.*namespaced.*list/);
      const read = await h.client.readResource({ uri: podsUri });
      assert.equal(read.contents[0]!.mimeType, 'text/plain', 'a compact list is not one JSON document');
      const list = readCompactList((read.contents[0] as { text: string }).text);
      assert.equal(list.header.kind, 'PodList');
      assert.ok(list.items.some((i) => i.Status === 'CrashLoopBackOff'));
    });

    it('refuses URIs that are not k8s:// or carry ..', async () => {
      await assert.rejects(h.client.readResource({ uri: 'http://example.com/x' }), /not a k8s:\/\/ URI/);
      await assert.rejects(h.client.readResource({ uri: 'k8s://namespace/../secrets//v1/secrets/x' }), /Invalid/);
    });
  });
});
