// get_k8s_entity's subresources that are not reads: exec, attach and portforward open a connection into a
// container, and a pod's or service's proxy reaches the application's own HTTP. The read tool refuses them
// without sending anything; a node's proxy (kubelet diagnostics) stays available.
import * as assert from 'node:assert/strict';
import { startHarness, type McpHarness } from '../support/mcpHarness';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const pod = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD };
const service = { scope: 'namespaced', api_version: 'v1', resource_kind: 'services', target_ns: 'lab-apps', entity_name: 'api' };
const node = { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes', entity_name: 'lab-gpu-1' };

describe('get_k8s_entity: subresources that are not reads (integration)', function () {
  let h: McpHarness;
  before(async () => {
    h = await startHarness();
    // Discovery of the core group is cached, so a refusal must send nothing at all.
    await h.call('get_k8s_entity', pod);
  });
  after(async () => { await h.close(); });
  beforeEach(() => h.fake.clearRequests());

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['exec', { ...pod, sub_path: 'exec', query_params: { command: 'id' } }, /"exec" opens a connection into a container.*interact_k8s_endpoint with action_path "exec"/],
    ['attach', { ...pod, sub_path: 'attach' }, /"attach" opens a connection into a container/],
    ['portforward', { ...pod, sub_path: 'portforward', query_params: { ports: '8080' } }, /"portforward" opens a connection/],
    ['exec, on any resource', { ...node, sub_path: 'exec' }, /"exec" opens a connection/],
    ['a pod\'s proxy', { ...pod, sub_path: 'proxy' }, /the proxy of pods reaches the application's own HTTP endpoints/],
    ['a path behind a pod\'s proxy', { ...pod, sub_path: 'proxy/admin/reset' }, /the proxy of pods/],
    ['a service\'s proxy', { ...service, sub_path: 'proxy/metrics' }, /the proxy of services .*a node's proxy \(kubelet stats\/summary, metrics, logs\/\) is allowed/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} without any request`, async () => {
      const out = await h.call('get_k8s_entity', args);
      assert.equal(out.isError, true, out.text);
      assert.match(out.text, /^Invalid sub_path: /);
      assert.match(out.text, message);
      assert.deepEqual(h.fake.requests.map((r) => `${r.method} ${r.path}`), []);
    });
  }

  it('still reads a node\'s kubelet stats through the node proxy', async () => {
    const summary = await h.json<{ node: { nodeName: string } }>('get_k8s_entity', { ...node, sub_path: 'proxy/stats/summary' });
    assert.equal(summary.node.nodeName, 'lab-gpu-1');
    assert.deepEqual(h.fake.requests.map((r) => r.path), ['/api/v1/nodes/lab-gpu-1/proxy/stats/summary']);
  });

  it('says in its description what the node proxy offers and what is refused', async () => {
    const { tools } = await h.client.listTools();
    const description = tools.find((t) => t.name === 'get_k8s_entity')?.description ?? '';
    assert.match(description, /"proxy\/stats\/summary"/);
    assert.match(description, /Not offered: exec, attach, portforward .* pod or service proxies/);
  });
});
