// What an agent is told when the API server (or something between it and us) answers badly: throttling with its
// Retry-After in both shapes the apiserver sends, 500s that are the request's fault, bodies cut short, and a log
// still arriving when the deadline comes.
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { startHarness, startWriteHarness, type McpHarness } from '../support/mcpHarness';

const deployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps' };
const configMaps = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' };
const configMap = (name: string, data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('answers of a failing API server (integration)', function () {
  let fake: FakeApiServer;
  let h: McpHarness;
  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    h = await startWriteHarness(fake);
    // Discovery cached: each fault below hits the request under test.
    await h.call('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
    await h.call('scan_k8s_collection', { ...configMaps, limit: 1 });
  });
  afterEach(() => fake.faults.reset());
  after(async () => {
    await h.close();
    await fake.close();
  });

  async function failure(tool: string, args: Record<string, unknown>): Promise<string> {
    const out = await h.call(tool, args);
    assert.equal(out.isError, true, out.text);
    assert.doesNotMatch(out.text, /\.\./, 'no doubled full stop');
    assert.doesNotMatch(out.text, /^Internal error:/, 'not our own internal error');
    return out.text;
  }

  describe('429', () => {
    it('passes on the Retry-After of a Status answer', async () => {
      fake.faults.failNext(1, 429, { retryAfterSeconds: 7, path: '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1' });
      const text = await failure('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      assert.match(text, /^Too many requests, please try again later\. The API server is throttling requests; retry in 7 s\.$/);
    });

    it('passes on the Retry-After of priority-and-fairness\'s plain-text answer', async () => {
      fake.faults.failNext(1, 429, { retryAfterSeconds: 4, plainText: true, path: '/api/v1/namespaces/lab-apps/configmaps' });
      const text = await failure('scan_k8s_collection', configMaps);
      assert.match(text, /failed with HTTP 429: Too many requests, please try again later\. The API server is throttling requests; retry in 4 s\.$/);
    });
  });

  describe('500', () => {
    it('says what is wrong with a manifest the schema refuses (structured-merge-diff\'s 500), not "retry"', async () => {
      const text = await failure('deploy_k8s_entity', { ...configMaps, payload_manifest: configMap('typed-500', { count: 3 }) });
      assert.match(text, /^failed to create typed patch object: \.data\.count: expected string.* The manifest does not fit the resource's schema/);
      assert.doesNotMatch(text, /retry/i);
    });

    it('keeps "retry shortly" for a 500 that is the server\'s own failure', async () => {
      fake.faults.failNext(1, 500, { path: '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1' });
      const text = await failure('get_k8s_entity', { ...deployment, entity_name: 'api-v1' });
      assert.match(text, /^Internal error occurred: fake apiserver: injected fault\. The API server failed; retry shortly\.$/);
    });
  });

  describe('a body cut short on the way', () => {
    const cutShort = /the API server's answer could not be read: the JSON breaks off after 60 bytes \(cut short on the way: a proxy or a dropped connection\)\. Retry;/;

    it('is the same clear error for a list, a get, an apply and a delete', async () => {
      // [tool, arguments, path, answers cut]: an apply first reads the live object (absent here: a 404 whatever
      // its body says), then sends the PATCH whose answer is cut.
      const calls: Array<[string, Record<string, unknown>, string, number]> = [
        ['scan_k8s_collection', configMaps, '/api/v1/namespaces/lab-apps/configmaps', 1],
        ['get_k8s_entity', { ...deployment, entity_name: 'api-v1' }, '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1', 1],
        ['deploy_k8s_entity', { ...configMaps, payload_manifest: configMap('cut-apply', { a: '1' }) }, '/api/v1/namespaces/lab-apps/configmaps/cut-apply', 2],
        ['delete_k8s_entity', { ...configMaps, entity_name: 'kube-root-ca.crt', dry_run: true }, '/api/v1/namespaces/lab-apps/configmaps/kube-root-ca.crt', 1],
      ];
      for (const [tool, args, path, answers] of calls) {
        fake.faults.cutNext(answers, 60, path);
        const text = await failure(tool, args);
        assert.match(text, new RegExp(`^(GET|PATCH|DELETE) ${path.replace(/\//g, '\\/')}: `), text);
        assert.match(text, cutShort, `${tool}: ${text}`);
      }
    });

    it('in discovery too', async () => {
      const fresh = await startWriteHarness(fake);
      try {
        fake.faults.cutNext(1, 60, '/apis/batch/v1');
        const text = (await fresh.call('scan_k8s_collection', { ...configMaps, api_group: 'batch', resource_kind: 'jobs' })).text;
        assert.match(text, /^GET \/apis\/batch\/v1: /);
        assert.match(text, cutShort);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('a log still arriving at the deadline', () => {
    const chattyLogs = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs', query_params: { tailLines: 50 } };

    it('returns the lines that came, with a notice that the deadline cut it and how to get the rest', async () => {
      const short = await startHarness({ sharedFake: fake, server: { requestTimeoutMs: 4000 } });
      try {
        const whole = await short.call('get_k8s_entity', chattyLogs);
        assert.equal(whole.isError, false, whole.text);
        const wholeLines = whole.text.split('\n').slice(1);
        // 50 lines (within the answer budget) at one every 300 ms take 15 s; the call has 4.
        fake.faults.logLineDelayMs = 300;
        const out = await short.call('get_k8s_entity', chattyLogs);
        assert.equal(out.isError, false, out.text);
        const [notice, ...lines] = out.text.split('\n');
        assert.match(notice!, /^Cut by the deadline: the log was still arriving after \d+\.\d s; showing the \d+ line\(s\) that came\. For the rest, ask for less at a time: a smaller query_params\.tailLines, or sinceSeconds\.$/);
        const came = lines.filter((l) => l !== '');
        assert.ok(came.length >= 1 && came.length < 50, `${came.length} lines`);
        assert.deepEqual(came, wholeLines.slice(0, came.length), 'the first lines of the same tail');
      } finally {
        await short.close();
      }
    });
  });
});
