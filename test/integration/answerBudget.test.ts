// SPEC §1 "Answers fit every client whole": lists stop early at the answer budget with a header that says what
// the page holds and a continue token that resumes exactly; logs keep their newest lines; objects have their
// longest values shortened; and the compact list encoding says shared things once.
import * as assert from 'node:assert/strict';
import { rawBaseline } from '../../bench/rawBaseline';
import { readCompactList, type ListPage } from '../support/compactListReader';
import { startHarness, startWriteHarness, type McpHarness } from '../support/mcpHarness';

const configmaps = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' };
const pods = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' };
const CRASHLOOP = 'checkout-dfd5b95b4-7klg4';
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('answers within the answer budget', function () {
  let h: McpHarness;
  let small: McpHarness;
  before(async () => {
    const noLimits = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
    h = await startHarness({ server: { rateLimit: noLimits } });
    small = await startHarness({ sharedFake: h.fake, server: { rateLimit: noLimits, maxAnswerBytes: 3000 } });
  });
  after(async () => { await small.close(); await h.close(); });

  async function scan(args: Record<string, unknown>, harness = h): Promise<{ text: string; page: ListPage }> {
    const out = await harness.call('scan_k8s_collection', args);
    assert.equal(out.isError, false, out.text);
    return { text: out.text, page: readCompactList(out.text) };
  }

  /** Every page of a list under `harness`'s budget. */
  async function allPages(args: Record<string, unknown>, harness: McpHarness): Promise<Array<{ text: string; page: ListPage }>> {
    const pages: Array<{ text: string; page: ListPage }> = [];
    let token: string | undefined;
    do {
      pages.push(await scan({ ...args, ...(token ? { continue: token } : {}) }, harness));
      token = pages[pages.length - 1]!.page.header.continue;
    } while (token && pages.length < 200);
    return pages;
  }

  describe('lists', () => {
    it('stop early; the header counts the page and what remains, and the pages hold every item exactly once', async () => {
      const pages = await allPages(configmaps, small);
      const whole = (await scan(configmaps)).page;
      assert.ok(pages.length > 3, `${pages.length} pages`);
      const seen: string[] = [];
      for (const [i, { text, page }] of pages.entries()) {
        assert.ok(bytes(text) <= 3000, `page ${i}: ${bytes(text)} bytes`);
        assert.equal(page.header.count, page.items.length);
        seen.push(...page.items.map((item) => item.name));
        const last = i === pages.length - 1;
        assert.equal(page.header.continue === undefined, last, 'a continue token on every page but the last');
        assert.equal(page.header.remaining, last ? undefined : whole.items.length - seen.length);
      }
      assert.deepEqual(seen, whole.items.map((item) => item.name));
    });

    it('without a remaining count when the server does not know it (selectors), still resuming exactly', async () => {
      const pages = await allPages({ ...configmaps, label_filter: 'app=api-v1' }, small);
      assert.ok(pages.length > 1);
      assert.ok(pages.every(({ page }) => page.header.remaining === undefined));
      const names = pages.flatMap(({ page }) => page.items.map((i) => i.name));
      assert.equal(new Set(names).size, names.length);
      assert.equal(names.length, 150);
      assert.ok(pages.every(({ page }) => page.items.every((i) => i.labels.app === 'api-v1')));
    });

    it('say once what every item shares, and make a label every item has a column', async () => {
      const { text, page } = await scan(pods);
      assert.deepEqual(page.header.shared?.labels, { 'app.kubernetes.io/version': '1.4.2' });
      assert.equal(page.header.shared?.annotations?.['prometheus.io/scrape'], 'true');
      assert.equal(text.split('app.kubernetes.io/version').length, 2, 'the shared label is written once');
      assert.ok(page.columns.includes('label:pod-template-hash'));
      assert.ok(page.columns.includes('label:app=label:app.kubernetes.io/name'), page.columns.join(' '));
      assert.ok(page.items.every((i) => i.labels.app === i.labels['app.kubernetes.io/name'] && i.labels['pod-template-hash']));
      assert.equal(page.header.namespace, 'lab-apps');
      const all = await scan({ scope: 'cluster', api_version: 'v1', resource_kind: 'pods' });
      const pending = all.page.items.find((i) => i.name === 'gpu-job-pending')!;
      assert.deepEqual(pending.labels, { app: 'gpu-job', 'lab.example.com/behaviour': 'pending' }, 'a key few items have stays in the row');
      assert.equal(pending.namespace, 'lab-data');
    });

    it('refuse a continue token from another list before asking the API server, and say how to start over', async () => {
      const { page } = await scan({ ...configmaps, limit: 5 });
      const token = page.header.continue!;
      for (const other of [{ ...pods, limit: 5 }, { ...configmaps, target_ns: 'lab-data' }, { ...configmaps, label_filter: 'app=web-frontend' }, { ...configmaps, context: 'fake-admin-token' }]) {
        h.fake.clearRequests();
        const out = await h.call('scan_k8s_collection', { ...other, continue: token });
        assert.equal(out.isError, true, out.text);
        assert.match(out.text, /Invalid continue: this token belongs to another list.*call scan_k8s_collection again without continue to start the list over/);
        const lists = h.fake.requests.filter((r) => /\/(configmaps|pods)$/.test(r.path));
        assert.deepEqual(lists, [], 'no list request (discovery may be read to resolve the resource)');
      }
      h.fake.clearRequests();
      const garbage = await h.call('scan_k8s_collection', { ...configmaps, continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ' });
      assert.match(garbage.text, /Invalid continue: not a token this server handed out.*without continue/);
      assert.deepEqual(h.fake.requests, [], 'a malformed token is refused before any request');
    });

    it('turn an expired continue token (410 Expired) into advice to start over', async () => {
      const { page } = await scan({ ...configmaps, limit: 5 });
      h.fake.store.compact();
      const out = await h.call('scan_k8s_collection', { ...configmaps, limit: 5, continue: page.header.continue });
      assert.equal(out.isError, true, out.text);
      assert.match(out.text, /continue token has expired.*call scan_k8s_collection again without continue to start the list over/);
      assert.doesNotMatch(out.text, /use the continue token in this response/, 'no advice the agent cannot follow');
    });
  });

  describe('logs', () => {
    it('keep the newest lines and say what was cut and how to read the older ones', async () => {
      const args = { ...pods, entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs', query_params: { tailLines: 50 } };
      const out = await small.call('get_k8s_entity', args);
      assert.equal(out.isError, false, out.text);
      assert.ok(bytes(out.text) <= 3000, `${bytes(out.text)} bytes`);
      const [notice, ...lines] = out.text.trimEnd().split('\n');
      const shown = Number(/the newest (\d+) of 50 lines fetched are shown, (\d+) bytes of older output left out/.exec(notice!)?.[1]);
      assert.ok(shown > 0 && shown === lines.length, notice);
      assert.match(notice!, /pass sinceTime .* with limitBytes under 3000.*--max-answer-bytes/);
      const whole = await h.call('get_k8s_entity', args);
      assert.equal(whole.text.split('\n')[0], 'Showing the last 50 lines (tailLines). Older lines exist; raise tailLines (max 10000) to see them.', 'whole under the default budget');
      assert.deepEqual(lines, whole.text.trimEnd().split('\n').slice(-shown), 'exactly the newest lines');
    });
  });

  describe('objects', () => {
    const staging = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging' };
    before(() => {
      const configMap = (name: string, data: Record<string, string>, annotations?: Record<string, string>) =>
        h.fake.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'lab-staging', ...(annotations ? { annotations } : {}) }, data });
      configMap('big-values', { 'config.yaml': 'x'.repeat(40_000), small: 'kept' }, { 'example.com/blob': 'y'.repeat(5_000), 'example.com/short': 'kept' });
      configMap('many-keys', Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`key-${i}`, `value-${i}`])));
    });

    it('shorten their longest values, stay valid JSON under the budget and list what was cut first', async () => {
      const out = await small.call('get_k8s_entity', { ...staging, entity_name: 'big-values' });
      assert.equal(out.isError, false, out.text);
      assert.ok(bytes(out.text) <= 3000, `${bytes(out.text)} bytes`);
      type Shortened = Record<string, unknown> & {
        data: Record<string, string>; metadata: { name: string; annotations: Record<string, string> };
      };
      const obj = JSON.parse(out.text) as Shortened;
      assert.equal(Object.keys(obj)[0], '…cut');
      assert.match(String(obj['…cut']), /3000-byte answer budget.*: 2 long value\(s\) shortened, each ending in …\[\+N bytes\]: metadata\.annotations\["example\.com\/blob"\], data\["config\.yaml"\]\.$/);
      assert.match(obj.data['config.yaml']!, /^x+…\[\+\d+ bytes\]$/);
      assert.equal(obj.data.small, 'kept');
      assert.equal(obj.metadata.annotations['example.com/short'], 'kept');
      assert.equal(obj.metadata.name, 'big-values');
      const whole = await h.json<Record<string, unknown>>('get_k8s_entity', { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' });
      assert.equal('…cut' in whole, false, 'an object within the budget comes whole');
    });

    it('replace whole fields when thousands of small ones exceed the budget', async () => {
      const out = await small.call('get_k8s_entity', { ...staging, entity_name: 'many-keys' });
      assert.equal(out.isError, false, out.text);
      assert.ok(bytes(out.text) <= 3000, `${bytes(out.text)} bytes`);
      const obj = JSON.parse(out.text) as Record<string, unknown> & { metadata: { name: string } };
      assert.match(String(obj['…cut']), /field\(s\) replaced by …\[cut: N bytes\]: data/);
      assert.match(String(obj.data), /^…\[cut: \d+ bytes\]$/);
      assert.equal(obj.metadata.name, 'many-keys');
    });
  });

  describe('the echo of an applied object', () => {
    let writer: McpHarness;
    before(async () => { writer = await startWriteHarness(h.fake, { maxAnswerBytes: 3000 }); });
    after(() => writer.close());
    const manifest = (name: string) => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'lab-staging' }, data: { 'config.yaml': 'z'.repeat(20_000), small: 'kept' },
    });
    const deploy = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging' };

    for (const dryRun of [true, false]) {
      it(`is held to the budget like a get, after the headline (${dryRun ? 'dry run' : 'real apply'})`, async () => {
        const name = dryRun ? 'echo-dry' : 'echo-real';
        const out = await writer.call('deploy_k8s_entity', { ...deploy, payload_manifest: manifest(name), ...(dryRun ? { dry_run: true } : {}) });
        assert.equal(out.isError, false, out.text);
        assert.ok(bytes(out.text) <= 3000, `${bytes(out.text)} bytes`);
        const [headline, echo] = [out.text.slice(0, out.text.indexOf('\n')), out.text.slice(out.text.indexOf('\n') + 1)];
        assert.match(headline, dryRun ? /^Dry run: .*would be created; nothing was changed\.$/ : /^Created /);
        const obj = JSON.parse(echo) as Record<string, unknown> & { data: Record<string, string>; metadata: { name: string } };
        assert.match(String(obj['…cut']), /3000-byte answer budget.*data\["config\.yaml"\]/);
        assert.match(obj.data['config.yaml']!, /^z+…\[\+\d+ bytes\]$/);
        assert.equal(obj.data.small, 'kept');
        assert.equal(obj.metadata.name, name);
      });
    }
  });

  describe('sizes on the sample cluster', () => {
    it('lists the 300 configmaps, over all pages, in at most 12% of the raw list', async () => {
      const raw = await rawBaseline(h.fake.kubeconfigPath);
      const rawBytes = await raw.get('/api/v1/namespaces/lab-apps/configmaps?limit=500');
      const pages = await allPages(configmaps, h);
      const total = pages.reduce((sum, p) => sum + bytes(p.text), 0);
      assert.ok(total <= rawBytes * 0.12, `${total} of ${rawBytes} raw bytes`);
      const cm = pages[0]!.page.items.find((i) => i.name === 'cm-007')!;
      assert.ok(cm.labels.app && cm.Data !== undefined && cm.age, 'name, labels, data key count and age are there');
    });

    it('lists pods in at most 120 bytes per pod with Ready, Status and Restarts', async () => {
      const { text, page } = await scan(pods);
      assert.ok(bytes(text) <= 120 * page.items.length, `${bytes(text)} bytes for ${page.items.length} pods`);
      assert.ok(page.items.every((p) => p.Ready && p.Status && p.Restarts !== undefined));
    });

    it('diagnoses the crashlooping pod (pod list, previous logs, its events) in at most 6 KB', async () => {
      const answers = await Promise.all([
        h.call('scan_k8s_collection', pods),
        h.call('get_k8s_entity', { ...pods, entity_name: CRASHLOOP, sub_path: 'logs', query_params: { previous: true } }),
        h.call('scan_k8s_collection', { ...pods, resource_kind: 'events', field_filter: `involvedObject.name=${CRASHLOOP}` }),
      ]);
      assert.ok(answers.every((a) => !a.isError), answers.map((a) => a.text).join('\n'));
      const total = answers.reduce((sum, a) => sum + bytes(a.text), 0);
      assert.ok(total <= 6 * 1024, `${total} bytes`);
      assert.match(answers[1].text, /FATAL.*postgres/);
      const events = readCompactList(answers[2].text);
      assert.ok(events.items.some((e) => e.Reason === 'BackOff' && /Back-off restarting/.test(String(e.Message))));
    });
  });
});
