// interact_k8s_endpoint through the real MCP client (in memory) against the fake API server: exec over the
// WebSocket v5/v4 protocols with its caps, timeouts and refusals, and the other POST subresources.
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import type { ExecEvent } from '../../src/server/hooks';
import { execAnswer, startWriteHarness as connect, type CallOutcome, type McpHarness } from '../support/mcpHarness';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const podAddress = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD };

describe('interact_k8s_endpoint (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let h: McpHarness;
  const call = (name: string, args: Record<string, unknown>, harness = h): Promise<CallOutcome> => harness.call(name, args);
  const writes = (): string[] => fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    h = await connect(fake);
  });
  after(async () => {
    await h.close();
    await fake.close();
  });
  beforeEach(() => fake.clearRequests());

  describe('exec', () => {
    const exec = (payload: Record<string, unknown>, harness = h) => call('interact_k8s_endpoint', { ...podAddress, action_path: 'exec', request_payload: payload }, harness);

    it('runs echo over v5 and reports exit 0', async () => {
      const r = await exec({ command: ['echo', 'hello'] });
      assert.deepEqual(JSON.parse(r.text), { stdout: 'hello\n', stderr: '', stdoutTruncated: false, stderrTruncated: false, exitCode: 0, timedOut: false, error: null });
      assert.match(String(fake.requests.at(-1)!.headers['sec-websocket-protocol']), /v5\.channel\.k8s\.io,\s*v4\.channel\.k8s\.io/);
    });

    it('falls back to v4 when the kubelet only speaks v4', async () => {
      fake.faults.execV4Only = true;
      try {
        const r = execAnswer((await exec({ command: ['echo', 'v4'] })).text);
        assert.equal(r.stdout, 'v4\n');
        assert.equal(r.exitCode, 0);
      } finally {
        fake.faults.execV4Only = false;
      }
    });

    it('reports nonzero exits and stderr separately', async () => {
      const r = execAnswer((await exec({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] })).text);
      assert.equal(r.exitCode, 3);
      assert.equal(r.stdout, 'out\n');
      assert.equal(r.stderr, 'err\n');
    });

    it('closes the connection on timeout and says so', async () => {
      const started = Date.now();
      const r = execAnswer((await exec({ command: ['sleep', '30'], timeout: 1 })).text);
      assert.equal(r.timedOut, true);
      assert.equal(r.exitCode, null);
      assert.match(String(r.error), /within 1 s; the connection was closed/);
      assert.ok(Date.now() - started < 5000);
    });

    it('names the largest timeout this server allows when a command runs out of time', async () => {
      const local = await connect(fake, { exec: { defaultTimeoutSeconds: 1, maxTimeoutSeconds: 20, progressEveryMs: 3000 } });
      try {
        const r = execAnswer((await exec({ command: ['sleep', '30'] }, local)).text);
        assert.equal(r.timedOut, true);
        assert.match(String(r.error), /Raise timeout \(max 20\)/);
      } finally {
        await local.close();
      }
    });

    it('reports progress while a command runs, to a client that asked for it', async () => {
      const local = await connect(fake, { exec: { defaultTimeoutSeconds: 15, maxTimeoutSeconds: 60, progressEveryMs: 100 } });
      try {
        const progress: Array<{ progress: number; message?: string }> = [];
        const result = await local.client.callTool(
          { name: 'interact_k8s_endpoint', arguments: { ...podAddress, action_path: 'exec', request_payload: { command: ['sleep', '1'], timeout: 5 } } },
          undefined, { onprogress: (p) => progress.push(p) },
        );
        assert.equal(execAnswer((result.content as Array<{ text: string }>)[0]!.text).exitCode, 0);
        assert.ok(progress.length >= 3, `${progress.length} progress notifications`);
        assert.deepEqual(progress.map((p) => p.progress), progress.map((_, i) => i + 1));
        assert.match(progress[0]!.message!, new RegExp(`^exec in ${POD}: running \\d+ s of at most 5 s; 0 bytes of stdout, 0 of stderr so far$`));
      } finally {
        await local.close();
      }
    });

    it('caps stdout and stderr at 1 MiB each while streaming, and calls onExec', async () => {
      const events: ExecEvent[] = [];
      const local = await connect(fake, {}, { onExec: (e) => events.push(e) });
      try {
        const out = execAnswer((await exec({ command: ['yes-bytes', '5000000'] }, local)).text);
        assert.equal(out.stdout.length, 1024 * 1024);
        assert.equal(out.stdoutTruncated, true);
        assert.equal(out.exitCode, 0);
        const err = execAnswer((await exec({ command: ['stderr-bytes', '2000000'] }, local)).text);
        assert.equal(err.stderr.length, 1024 * 1024);
        assert.equal(err.stderrTruncated, true);
        assert.equal(events.length, 2);
        assert.equal(events[0]!.pod, POD);
        assert.deepEqual(events[0]!.command, ['yes-bytes', '5000000']);
      } finally {
        await local.close();
      }
    });

    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a string command', { command: 'ls -l /tmp' }, /\["sh","-c","ls -l \/tmp"\]/],
      ['a timeout of 0', { command: ['true'], timeout: 0 }, /from 1 to 60/],
      ['a timeout of 61', { command: ['true'], timeout: 61 }, /from 1 to 60/],
      ['an empty command', { command: [] }, /non-empty array/],
    ];
    for (const [what, payload, message] of bad) {
      it(`refuses ${what} before connecting`, async () => {
        const r = await exec(payload);
        assert.equal(r.isError, true);
        assert.match(r.text, message);
        assert.equal(fake.requests.some((q) => q.path.includes('/exec')), false);
      });
    }

    it('refuses an unknown action path', async () => {
      const r = await call('interact_k8s_endpoint', { ...podAddress, action_path: 'explode', request_payload: {} });
      assert.equal(r.isError, true);
      assert.match(r.text, /no "explode" subresource/);
      assert.deepEqual(writes(), []);
    });
  });

  describe('other subresources', () => {
    it('evicts a pod (dry run) with the payload', async () => {
      const r = await call('interact_k8s_endpoint', {
        ...podAddress, action_path: 'eviction', request_options: { dryRun: 'All' },
        request_payload: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: POD, namespace: 'lab-apps' } },
      });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, /^POST eviction .*HTTP 201/);
      assert.ok(fake.store.get('', 'v1', 'pods', 'lab-apps', POD));
    });

    it('refuses to mint service-account tokens unless allowed', async () => {
      const args = {
        scope: 'namespaced', api_version: 'v1', resource_kind: 'serviceaccounts', target_ns: 'lab-apps', entity_name: 'builder',
        action_path: 'token', request_payload: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
      };
      const r = await call('interact_k8s_endpoint', args);
      assert.equal(r.isError, true);
      assert.match(r.text, /--allow-credential-creation/);
      // The extension has no such setting (SPEC §5 lists its settings): the message must not send the user looking for one.
      assert.doesNotMatch(r.text, /k8sMcp\./);
      assert.deepEqual(writes(), []);
      const allowed = await connect(fake, { allowCredentialCreation: true });
      try {
        const ok = await call('interact_k8s_endpoint', args, allowed);
        assert.equal(ok.isError, false, ok.text);
      } finally {
        await allowed.close();
      }
    });
  });
});
