// interact_k8s_endpoint's exec when its connection fails: the error names the connection that closed (to the API
// server, or through the proxy in between) and says that nothing ran; it never blames the kubelet, which the
// request did not reach.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { startConnectProxy } from '../support/connectProxy';
import { execAnswer, startWriteHarness } from '../support/mcpHarness';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const EXEC_PATH = `/api/v1/namespaces/lab-apps/pods/${POD}/exec`;
const exec = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD, action_path: 'exec', request_payload: { command: ['echo', 'hi'] } };

describe('exec whose connection fails (integration)', function () {
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  afterEach(() => fake.faults.reset());
  after(async () => { await fake.close(); });

  /** Calls exec with the upgrade request reset by the fake API server, through `kubeconfigPath` when given. */
  async function execWithResetUpgrade(kubeconfigPath?: string): Promise<string> {
    const h = await startWriteHarness(fake, kubeconfigPath ? { kubeconfig: { explicitPath: kubeconfigPath } } : {});
    try {
      fake.clearRequests();
      const ok = await h.call('interact_k8s_endpoint', exec);
      assert.equal(execAnswer(ok.text).stdout, 'hi\n', 'the route works when nothing fails');
      fake.faults.dropNext(1, EXEC_PATH);
      const out = await h.call('interact_k8s_endpoint', exec);
      assert.equal(out.isError, true, out.text);
      assert.doesNotMatch(out.text, /kubelet\./, 'the kubelet was never reached');
      assert.equal(fake.requests.filter((r) => r.path === EXEC_PATH).length, 2);
      return out.text;
    } finally {
      await h.close();
    }
  }

  it('a reset WebSocket upgrade names the connection to the API server and says nothing ran', async () => {
    const host = new URL(fake.url).host;
    const text = await execWithResetUpgrade();
    assert.equal(text, `exec in pod "${POD}": the connection to ${host} closed during the WebSocket upgrade (ECONNRESET), ` +
      'before the command reached the kubelet; nothing ran. Retry; if it keeps happening, a proxy or load balancer on the way may not pass WebSocket upgrades.');
  });

  it('through a proxy, it names the proxy too', async () => {
    const proxy = await startConnectProxy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-exec-'));
    try {
      const doc = parse(fake.kubeconfigYaml) as { clusters: Array<{ cluster: Record<string, unknown> }> };
      for (const c of doc.clusters) c.cluster['proxy-url'] = proxy.url;
      const kubeconfig = path.join(dir, 'proxied.yaml');
      fs.writeFileSync(kubeconfig, stringify(doc));
      const text = await execWithResetUpgrade(kubeconfig);
      assert.match(text, new RegExp(`the connection to ${new URL(fake.url).host} \\(through the proxy ${new URL(proxy.url).host}\\) closed during the WebSocket upgrade`));
    } finally {
      proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a connection lost mid-command says the command may have run, naming the connection', async () => {
    const h = await startWriteHarness(fake);
    try {
      fake.faults.execResetAfterMs = 200;
      const out = await h.call('interact_k8s_endpoint', { ...exec, request_payload: { command: ['sleep', '10'] } });
      assert.equal(out.isError, false, out.text);
      const result = JSON.parse(out.text) as { exitCode: number | null; error: string };
      assert.equal(result.exitCode, null);
      assert.equal(result.error, `The connection to ${new URL(fake.url).host} broke before the command reported an exit status; it may have run, partly or fully.`);
    } finally {
      await h.close();
    }
  });
});
