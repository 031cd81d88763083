// Property-based tests: generated calls of every tool (read-write mode), sent as raw JSON text over the SDK's
// stdio transport in process, against the fake API server. fast-check runs with a fixed seed and prints the
// seed and the shrunk counterexample when a property fails; PROPERTY_SEED replays another run.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify as stringifyYaml } from 'yaml';
import { MAX_MANIFEST_BYTES } from '../../src/core/input/manifest';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { anyCall, invalidCall, type Args, type ToolShape } from '../support/hostileArbitraries';
import { startWriteHarness, type McpHarness } from '../support/mcpHarness';
import { openRawSession, type RawSession } from '../support/rawJsonRpc';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261125);
const configMaps = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-staging' };
const pod = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'auth-v1-6b9fcbc6fc-k9mnp' };
/** A valid call of each tool: the starting point the generators vary. */
const BASES: Record<string, Args> = {
  get_k8s_entity: { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' },
  scan_k8s_collection: configMaps,
  deploy_k8s_entity: { ...configMaps, payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generated' }, data: { a: '1' } }, dry_run: true },
  delete_k8s_entity: { ...configMaps, entity_name: 'generated', dry_run: true },
  interact_k8s_endpoint: { ...pod, action_path: 'exec', request_payload: { command: ['ls'] } },
};
/** The longest error an agent should ever get for its input. */
const MAX_ERROR_CHARS = 2000;

describe('property-based: generated calls of every tool', function () {
  this.timeout(120_000);
  let fake: FakeApiServer;
  let h: McpHarness;
  let raw: RawSession;
  let tools: ToolShape[];

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    // Writes are declined: generated calls must not change the fake (nor run a generated exec for a minute).
    h = await startWriteHarness(fake, {}, { confirmWrite: () => Promise.resolve('deny') });
    raw = await openRawSession(h.service, 'property-session');
    tools = (await h.client.listTools()).tools.map((t) => ({
      name: t.name, properties: t.inputSchema.properties as ToolShape['properties'], required: t.inputSchema.required ?? [],
    }));
    assert.equal(tools.length, 5, 'read-write mode lists all five tools');
  });
  after(async () => {
    await raw.close();
    await h.close();
    await fake.close();
  });

  /** Sends one call as JSON text; checks what must hold for any input; answers the outcome. */
  async function send(tool: string, args: Args): Promise<{ text: string; isError: boolean; requests: number }> {
    fake.clearRequests();
    const out = await raw.callTool(tool, JSON.stringify(args));
    assert.equal(out.response.error, undefined, `a JSON-RPC error (${out.response.error?.code}): ${out.response.error?.message}`);
    assert.doesNotMatch(out.text, /Internal error/);
    if (out.isError) assert.ok(out.text.length <= MAX_ERROR_CHARS, `an error of ${out.text.length} characters: ${out.text.slice(0, 200)}`);
    return { ...out, requests: fake.requests.length };
  }

  const eachTool = <T>(make: (tool: ToolShape, base: Args) => fc.Arbitrary<T>): fc.Arbitrary<{ tool: string; call: T }> =>
    fc.oneof(...tools.map((tool) => make(tool, BASES[tool.name]!).map((call) => ({ tool: tool.name, call }))));

  it('refuses locally invalid input before any request, with a short error and no internal error (700 calls)', async () => {
    await fc.assert(fc.asyncProperty(eachTool(invalidCall), async ({ tool, call }) => {
      const out = await send(tool, call.args);
      assert.equal(out.isError, true, `${call.corruption} was accepted: ${out.text.slice(0, 200)}`);
      assert.equal(out.requests, 0, `${call.corruption} reached the API server: ${out.text.slice(0, 200)}`);
    }), { seed: SEED, numRuns: 700 });
  });

  it('answers any input without an internal error (400 calls)', async () => {
    await fc.assert(fc.asyncProperty(eachTool(anyCall), async ({ tool, call }) => {
      await send(tool, call);
    }), { seed: SEED, numRuns: 400 });
  });

  // YAML anchors and aliases are left out here: bounding their expansion is another change with its own tests.
  it('keeps memory bounded for generated manifests up to the size cap (40 calls)', async () => {
    const value = fc.oneof(fc.string({ maxLength: 64 }), fc.integer().map(String), fc.constantFrom(256, 4096, 65_536, 200_000).map((n) => 'v'.repeat(n)));
    const manifest = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), value, { maxKeys: 12 })
      .map((data) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generated', labels: { app: 'generated' } }, data }));
    const payload = fc.oneof(manifest, manifest.map((m) => JSON.stringify(m)), manifest.map((m) => stringifyYaml(m)));
    const before = process.memoryUsage().rss;
    let peak = before;
    await fc.assert(fc.asyncProperty(payload, async (payloadManifest) => {
      const out = await send('deploy_k8s_entity', { ...configMaps, payload_manifest: payloadManifest, dry_run: true });
      const size = Buffer.byteLength(typeof payloadManifest === 'string' ? payloadManifest : JSON.stringify(payloadManifest));
      if (size <= MAX_MANIFEST_BYTES / 2) assert.equal(out.isError, false, out.text.slice(0, 300));
      peak = Math.max(peak, process.memoryUsage().rss);
    }), { seed: SEED, numRuns: 40 });
    const grownMb = (peak - before) / 2 ** 20;
    assert.ok(grownMb < 200, `resident memory grew by ${grownMb.toFixed(0)} MB over 40 manifests of at most ${MAX_MANIFEST_BYTES} bytes`);
  });
});
