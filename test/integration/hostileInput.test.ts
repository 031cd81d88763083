// What a hostile or broken client sends, through a real MCP client (and, for what the SDK client cannot send,
// raw JSON text over the SDK's stdio transport) against the fake API server: broken Unicode and control
// characters in any string, megabyte values, `__proto__` keys. Each is refused before any request, with an
// error that names the parameter and echoes the value capped and escaped.
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { startWriteHarness, type CallOutcome, type McpHarness } from '../support/mcpHarness';
import { openRawSession, type RawSession } from '../support/rawJsonRpc';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const pod = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD };
const deployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const configMaps = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging' };
const exec = { ...pod, action_path: 'exec', request_payload: { command: ['ls'] } };
const manifest = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hostile' }, data });
const MEGABYTE = 'a'.repeat(1024 * 1024);

describe('hostile input (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let h: McpHarness;
  let raw: RawSession;

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    h = await startWriteHarness(fake);
    raw = await openRawSession(h.service, 'raw-session');
  });
  after(async () => {
    await raw.close();
    await h.close();
    await fake.close();
  });

  /** Asserts an isError result matching `needle`, short, without raw control characters, and no request sent. */
  function assertRefused(out: CallOutcome, needle: RegExp): void {
    assert.equal(out.isError, true, out.text);
    assert.match(out.text, needle);
    assert.ok(out.text.length < 1000, `the error is ${out.text.length} characters long`);
    assert.doesNotMatch(out.text, /[\u0000-\u0008\u000b-\u001f\ud800-\udfff]/, 'control characters and surrogates are escaped');
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), [], 'no request may reach the API server');
  }
  async function refused(tool: string, args: Record<string, unknown>, needle: RegExp): Promise<void> {
    fake.clearRequests();
    assertRefused(await h.call(tool, args), needle);
  }
  async function refusedRaw(tool: string, argumentsJson: string, needle: RegExp): Promise<void> {
    fake.clearRequests();
    const out = await raw.callTool(tool, argumentsJson);
    assert.equal(out.response.error, undefined, 'a tool error, not a JSON-RPC error');
    assertRefused(out, needle);
  }

  describe('invalid Unicode and control characters', () => {
    it('refuses a lone surrogate in a name instead of failing with "URI malformed"', async () => {
      await refused('get_k8s_entity', { ...deployment, entity_name: 'a\ud800b' }, /^Invalid entity_name: "a\\ud800b" is not valid Unicode \(a lone surrogate, U\+D800, at position 1\)/);
      await refused('delete_k8s_entity', { ...configMaps, entity_name: '\udc00x' }, /^Invalid entity_name: .*lone surrogate, U\+DC00/);
      await refused('interact_k8s_endpoint', { ...exec, entity_name: 'pod\ud83d' }, /^Invalid entity_name: .*lone surrogate/);
    });

    it('checks nested strings too, naming the exact place', async () => {
      await refused('get_k8s_entity', { ...pod, sub_path: 'logs', query_params: { container: 'app\u0000' } }, /^Invalid query_params\.container: "app\\u0000" contains the control character U\+0000 at position 3/);
      await refused('get_k8s_entity', { ...deployment, query_params: { resourceVersion: '1\ud800' } }, /^Invalid query_params\.resourceVersion: .*lone surrogate/);
      await refused('interact_k8s_endpoint', { ...exec, request_payload: { command: ['cat', '/etc/host\u0000name'] } }, /^Invalid request_payload\.command\[1\]: .*U\+0000/);
      await refused('interact_k8s_endpoint', { ...pod, action_path: 'eviction', request_options: { dryRun: 'All\u0007' } }, /^Invalid request_options\.dryRun: .*U\+0007/);
      await refused('scan_k8s_collection', { ...configMaps, omit_annotation_keys: ['ok', 'bad\ud800'] }, /^Invalid omit_annotation_keys\[1\]: .*lone surrogate/);
      await refused('scan_k8s_collection', { ...configMaps, include_only_annotation_keys: ['a\u001b[31m'] }, /^Invalid include_only_annotation_keys\[0\]: "a\\u001b\[31m"/);
      await refused('scan_k8s_collection', { ...configMaps, context: 'fake-admin\u0085' }, /^Invalid context: "fake-admin\\u0085" contains the control character U\+0085/);
      await refused('deploy_k8s_entity', { ...configMaps, payload_manifest: manifest({ key: 'value\udfff' }) }, /^Invalid payload_manifest\.data\.key: .*lone surrogate/);
      await refused('deploy_k8s_entity', { ...configMaps, payload_manifest: 'kind: ConfigMap\ndata:\n  a: "\ud800"\n' }, /^Invalid payload_manifest: .*lone surrogate/);
    });

    it('keeps accepting control characters where Kubernetes does: manifest data, exec scripts, selector whitespace', async () => {
      const applied = await h.call('deploy_k8s_entity', { ...configMaps, payload_manifest: manifest({ script: 'line 1\n\tline 2\u0007' }), dry_run: true });
      assert.equal(applied.isError, false, applied.text);
      const ran = await h.call('interact_k8s_endpoint', { ...exec, request_payload: { command: ['sh', '-c', 'echo one\necho two'] } });
      assert.equal(ran.isError, false, ran.text);
      const listed = await h.call('scan_k8s_collection', { ...configMaps, label_filter: 'app=web,\ttier!=db' });
      assert.equal(listed.isError, false, listed.text);
    });
  });

  describe('echoed input is capped and escaped', () => {
    it('echoes a 1 MB context, label_filter or name as 80 characters and a count of the rest', async () => {
      await refused('scan_k8s_collection', { ...configMaps, context: MEGABYTE }, /^Unknown context "a{80}"… \(1048496 more characters\)\. Known contexts: fake-admin/);
      await refused('scan_k8s_collection', { ...configMaps, label_filter: MEGABYTE }, /invalid label key "a{80}"… \(1048496 more characters\)/);
      await refused('get_k8s_entity', { ...deployment, entity_name: MEGABYTE }, /^Invalid entity_name: "a{80}"… \(1048496 more characters\) is longer than 253 characters/);
      await refused('scan_k8s_collection', { ...configMaps, [MEGABYTE]: 1 }, /^Invalid arguments for scan_k8s_collection: unknown parameter "a{80}"… \(1048496 more characters\); this tool takes scope/);
    });

    it('echoes a NUL byte escaped', async () => {
      await refused('get_k8s_entity', { ...deployment, entity_name: 'we\u0000b' }, /"we\\u0000b"/);
      await refused('scan_k8s_collection', { ...configMaps, label_filter: 'app=we\u0000b' }, /\\u0000/);
    });

    it('refuses a 1 MB value in every parameter of every tool before any request, with a short error', async () => {
      const bases: Record<string, Record<string, unknown>> = {
        get_k8s_entity: deployment, scan_k8s_collection: configMaps, deploy_k8s_entity: { ...configMaps, payload_manifest: manifest({}) },
        delete_k8s_entity: { ...configMaps, entity_name: 'hostile' }, interact_k8s_endpoint: exec,
      };
      const { tools } = await h.client.listTools();
      assert.equal(tools.length, 5);
      for (const tool of tools) {
        for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
          const type = (schema as { type?: string; items?: { type?: string } }).type;
          const value = type === 'string' ? MEGABYTE : type === 'array' ? [MEGABYTE] : type === 'object' ? { key: MEGABYTE } : undefined;
          if (value === undefined) continue;
          fake.clearRequests();
          const out = await h.call(tool.name, { ...bases[tool.name], [name]: value });
          assert.equal(out.isError, true, `${tool.name}.${name}: ${out.text.slice(0, 200)}`);
          assert.ok(out.text.length < 1000, `${tool.name}.${name}: the error is ${out.text.length} characters long`);
          assert.deepEqual(fake.requests.map((r) => r.path), [], `${tool.name}.${name}: a megabyte value reached the API server`);
        }
      }
    });
  });

  describe('__proto__ keys (sent as raw JSON text)', () => {
    const json = (value: unknown) => JSON.stringify(value).slice(1, -1);

    it('refuses a top-level __proto__ like any unknown parameter', async () => {
      await refusedRaw('get_k8s_entity', `{${json(deployment)},"__proto__":{"entity_name":"web"}}`, /unknown parameter "__proto__"; this tool takes scope/);
      await refusedRaw('scan_k8s_collection', `{"__proto__":1,${json(configMaps)}}`, /unknown parameter "__proto__"/);
    });

    it('refuses __proto__ inside query_params, request_options and request_payload', async () => {
      await refusedRaw('get_k8s_entity', `{${json(deployment)},"query_params":{"__proto__":"x"}}`, /^Invalid query_params: the key "__proto__" is not accepted/);
      await refusedRaw('interact_k8s_endpoint', `{${json(exec)},"request_options":{"__proto__":{"dryRun":"All"}}}`, /^Invalid request_options: the key "__proto__"/);
      await refusedRaw('interact_k8s_endpoint', `{${json(pod)},"action_path":"exec","request_payload":{"command":["ls"],"__proto__":{"timeout":60}}}`, /^Invalid request_payload: the key "__proto__"/);
      await refusedRaw('deploy_k8s_entity', `{${json(configMaps)},"payload_manifest":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","__proto__":{}}}}`, /^Invalid payload_manifest\.metadata: the key "__proto__"/);
    });

    it('still answers a well-formed raw call', async () => {
      const out = await raw.callTool('get_k8s_entity', JSON.stringify(deployment));
      assert.equal(out.isError, false, out.text);
      assert.equal((JSON.parse(out.text) as { metadata: { name: string } }).metadata.name, 'api-v1');
    });
  });
});
