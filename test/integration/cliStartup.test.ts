/**
 * A new user's first start of the built command-line program: which transport it picks, what it refuses at
 * start (a kubeconfig or context that does not exist, a port that is taken), and that the documented stdio
 * command writes nothing but JSON-RPC to stdout. Also `npm run demo` on a taken port.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { CLI, exitOf, RawStdioPeer, runCli, startHttpCli } from '../support/cliProcess';
import { repoRoot } from '../support/repoRoot';

const demoScript = path.join(repoRoot(), 'out', 'test', 'demo', 'runDemo.js');

/** Holds a port on 127.0.0.1 for the duration of a test. */
async function occupyPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('command-line program start-up', function () {
  this.timeout(30000);
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });

  describe('transport choice', () => {
    it('serves stdio to a client that starts it over pipes without --transport', async () => {
      const client = new Client({ name: 'no-transport-flag', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, '--kubeconfig', fake.kubeconfigPath], stderr: 'pipe' }));
      try {
        const { tools } = await client.listTools();
        assert.ok(tools.some((t) => t.name === 'scan_k8s_collection'));
      } finally {
        await client.close();
      }
    });

    it('keeps the transport MCP_TRANSPORT names, even with stdin a pipe', async () => {
      const cli = await startHttpCli(['--kubeconfig', fake.kubeconfigPath], { stdin: 'pipe', env: { ...process.env, MCP_TRANSPORT: 'sse' } });
      try {
        assert.match(cli.stderr, /serving MCP \(sse\)/);
      } finally {
        cli.child.kill('SIGTERM');
      }
    });
  });

  describe('kubeconfig named on the command line', () => {
    it('refuses a --kubeconfig file that does not exist, naming it (exit 2)', async () => {
      const r = await runCli(['--transport', 'stdio', '--kubeconfig', '/nonexistent/kubeconfig']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\/nonexistent\/kubeconfig/);
      assert.equal(r.stdout, '');
    });

    it('refuses an unknown --context, listing the known ones (exit 2)', async () => {
      const r = await runCli(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--context', 'nosuch']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Unknown context "nosuch"\. Known contexts: .*fake-admin/);
    });

    it('refuses them under a network transport too, before listening', async () => {
      const r = await runCli(['--transport', 'streamable-http', '--port', '0', '--kubeconfig', fake.kubeconfigPath, '--context', 'nosuch']);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, /serving MCP/);
    });
  });

  describe('a port that is taken', () => {
    it('says which port on which host is taken and how to pick another, and exits 1', async () => {
      const taken = await occupyPort();
      try {
        const r = await runCli(['--transport', 'streamable-http', '--port', String(taken.port), '--kubeconfig', fake.kubeconfigPath]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`Port ${taken.port} on 127\\.0\\.0\\.1 is already in use`));
        assert.match(r.stderr, /--port N \(or MCP_PORT=N\)/);
        assert.doesNotMatch(r.stderr, /Internal error|please report/);
      } finally {
        await taken.release();
      }
    });

    it('npm run demo prints its URL once the server is serving, on the port DEMO_PORT asks for', async () => {
      const demo = spawn(process.execPath, [demoScript], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEMO_PORT: '0' } });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        demo.stderr.on('data', (d: Buffer) => {
          output += d.toString();
          const m = /MCP server: (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output);
          if (m) resolve(m[1]!);
        });
        demo.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${output}`)));
      });
      try {
        assert.match(output, /serving MCP \(streamable-http\)[^]*MCP server: http/, 'the URL comes after the server says it serves');
        assert.equal((await fetch(url.replace(/\/mcp$/, '/healthz'))).status, 200);
      } finally {
        demo.kill('SIGTERM');
        await exitOf(demo);
      }
    });

    it('npm run demo names DEMO_PORT and prints no server URL', async () => {
      const taken = await occupyPort();
      try {
        const demo = spawn(process.execPath, [demoScript], {
          stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEMO_PORT: String(taken.port) },
        });
        let output = '';
        demo.stdout.on('data', (d: Buffer) => { output += d.toString(); });
        demo.stderr.on('data', (d: Buffer) => { output += d.toString(); });
        assert.equal(await exitOf(demo), 1);
        assert.match(output, new RegExp(`Port ${taken.port} .*DEMO_PORT=`));
        assert.doesNotMatch(output, /MCP server: http/);
      } finally {
        await taken.release();
      }
    });
  });

  it('the documented stdio command writes only JSON-RPC lines to stdout', async () => {
    // README: node dist/cli.js --transport stdio …
    const peer = new RawStdioPeer(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath]);
    await peer.initialize();
    await peer.send({ id: 1, method: 'tools/list' });
    await peer.callTool(2, 'scan_k8s_collection', { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes' });
    await peer.callTool(3, 'get_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'no-such-pod' });
    peer.child.stdin!.end();
    assert.equal(await exitOf(peer.child), 0);
    assert.ok(peer.stdout.endsWith('\n'), 'nothing but whole lines');
    assert.equal(peer.lines().length, 4);
    for (const line of peer.lines()) assert.equal((JSON.parse(line) as { jsonrpc: string }).jsonrpc, '2.0', line);
    assert.match(peer.stderr, /serving MCP on stdio/, 'the log goes to stderr');
  });
});
