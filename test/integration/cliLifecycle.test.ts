/**
 * How the built command-line program ends: with its stdio client (stdin closed, pipes broken, even in the
 * middle of a call), on SIGTERM and SIGINT in every transport, and never because stdin closed under a network
 * transport.
 */
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { exitOf, RawStdioPeer, startHttpCli } from '../support/cliProcess';

const scanConfigMaps = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' };
const getDeployment = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };

/** Resolves once `check` holds, testing it again whenever the event loop turns. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('command-line program lifecycle', function () {
  this.timeout(30000);
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });
  afterEach(() => { fake.faults.reset(); });

  const stdioPeer = (): RawStdioPeer => new RawStdioPeer(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--context', 'fake-admin']);
  const listRequests = (): number => fake.requests.filter((r) => r.path.includes('/configmaps')).length;

  describe('stdio', () => {
    it('exits when its client dies in the middle of a call (the answer has nowhere to go)', async () => {
      const peer = stdioPeer();
      await peer.initialize();
      fake.faults.latencyMs = 300;
      const before = listRequests();
      void peer.callTool(1, 'scan_k8s_collection', scanConfigMaps);
      await until(() => listRequests() > before);
      // The client is gone: all three pipes close while the server is still waiting for the API server.
      peer.child.stdin!.destroy();
      peer.child.stdout!.destroy();
      peer.child.stderr!.destroy();
      assert.equal(await exitOf(peer.child), 0);
    });

    it('exits when stdout breaks although stdin stays open', async () => {
      const peer = stdioPeer();
      await peer.initialize();
      peer.child.stdout!.destroy();
      peer.child.stderr!.destroy();
      void peer.callTool(1, 'get_k8s_entity', getDeployment); // its answer cannot arrive
      assert.equal(await exitOf(peer.child), 0);
    });

    it('answers the requests it already read, then exits, when the client closes stdin', async () => {
      const peer = stdioPeer();
      await peer.initialize();
      await peer.callTool(1, 'get_k8s_entity', getDeployment); // discovery is warm from here on
      void peer.callTool(2, 'get_k8s_entity', getDeployment);
      peer.child.stdin!.end();
      assert.equal(await exitOf(peer.child), 0);
      await peer.closed;
      const result = peer.answer(2)?.result as { isError?: boolean; content: Array<{ text: string }> } | undefined;
      assert.ok(result, 'the answer to the request sent just before stdin closed');
      assert.notEqual(result.isError, true, result.content[0]?.text);
    });

    it('exits when stdin closes with nothing pending', async () => {
      const peer = stdioPeer();
      await peer.initialize();
      peer.child.stdin!.end();
      assert.equal(await exitOf(peer.child), 0);
      assert.match(peer.stderr, /stopping: stdin closed/);
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`exits with code 0 on ${signal}`, async () => {
        const peer = stdioPeer();
        await peer.initialize();
        peer.child.kill(signal);
        assert.equal(await exitOf(peer.child), 0);
      });
    }
  });

  for (const transport of ['sse', 'streamable-http']) {
    describe(transport, () => {
      const start = () => startHttpCli(['--transport', transport, '--kubeconfig', fake.kubeconfigPath], { stdin: 'pipe' });

      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        it(`exits with code 0 on ${signal}`, async () => {
          const cli = await start();
          cli.child.kill(signal);
          assert.equal(await exitOf(cli.child), 0);
        });
      }

      it('keeps serving when stdin closes (stdin is not its client)', async () => {
        const cli = await start();
        try {
          const stdinClosed = new Promise((resolve) => cli.child.stdin!.once('close', resolve));
          cli.child.stdin!.end();
          await stdinClosed;
          assert.equal((await fetch(`${cli.base}/healthz`)).status, 200);
          assert.equal(cli.child.exitCode, null);
        } finally {
          cli.child.kill('SIGTERM');
        }
      });

      it('exits on SIGTERM although its stderr is gone (the last log line has nowhere to go)', async () => {
        const cli = await start();
        cli.child.stderr!.destroy();
        cli.child.kill('SIGTERM');
        assert.equal(await exitOf(cli.child), 0);
      });
    });
  }
});
