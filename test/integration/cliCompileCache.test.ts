/**
 * The V8 code cache dist/cli.js keeps for the program (src/cli/compileCacheLoader.ts): written after a first
 * start, used by the next, replaced when corrupt, stale or rejected by V8, and never in the way: a cache
 * directory that cannot be written or a cache turned off changes nothing for the client. What the loader did
 * is read from its NODE_DEBUG=k8s-mcp-compile-cache lines on stderr.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { RawStdioPeer } from '../support/cliProcess';
import { repoRoot } from '../support/repoRoot';
import { waitFor } from '../support/waitFor';

const PROGRAM = path.join(repoRoot(), 'dist', 'cli-main.js');
const { version: VERSION } = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('command-line program: compile cache', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let scratch: string;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-cache-')); });
  afterEach(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

  const cacheDir = (): string => path.join(scratch, 'k8s-mcp-interface');
  const cacheFiles = (): string[] => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()) : []);
  const cacheFile = (): string => path.join(cacheDir(), `${VERSION}-node${process.versions.node}-${process.arch}.v8cache`);

  /** Starts the CLI on stdio with the cache under `scratch`, and has its tool list answered. */
  async function start(env: NodeJS.ProcessEnv = {}): Promise<{ peer: RawStdioPeer; tools: string[] }> {
    const peer = new RawStdioPeer(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath], {
      ...process.env, XDG_CACHE_HOME: scratch, NODE_DEBUG: 'k8s-mcp-compile-cache', ...env,
    });
    await peer.initialize();
    const answer = await peer.send({ id: 1, method: 'tools/list' });
    const tools = (answer.result as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    return { peer, tools };
  }

  async function stop(peer: RawStdioPeer): Promise<void> {
    peer.child.stdin!.end();
    assert.equal(await peer.closed, 0);
  }

  const written = (peer: RawStdioPeer): Promise<boolean> => waitFor(() => /compile-cache \d+: written: /i.test(peer.stderr), { what: `the cache written: ${peer.stderr}` });

  it('writes the cache after a first start, and the next start uses it and serves the same tools', async () => {
    assert.deepEqual(cacheFiles(), []);
    const first = await start();
    await written(first.peer);
    await stop(first.peer);
    assert.deepEqual(cacheFiles(), [path.basename(cacheFile())], 'one file, no temporary file left behind');

    const second = await start();
    await stop(second.peer);
    assert.match(second.peer.stderr, /compile-cache \d+: used: /i);
    assert.doesNotMatch(second.peer.stderr, /written/);
    assert.deepEqual(second.tools, first.tools);
  });

  for (const [kind, content, said] of [
    ['corrupt (not a cache file)', () => Buffer.from('garbage\n'.repeat(100)), /corrupt/],
    ['for another build of the program', () => header('0'.repeat(64), Buffer.from('data')), /stale/],
    ["rejected by V8 (our header, V8's check fails)", () => header(sha256(fs.readFileSync(PROGRAM)), Buffer.alloc(4096, 7)), /rejected by V8/],
  ] as const) {
    it(`replaces a cache file that is ${kind}, and the start after uses the new one`, async () => {
      fs.mkdirSync(cacheDir(), { recursive: true });
      const bad = content();
      fs.writeFileSync(cacheFile(), bad);
      const first = await start();
      assert.match(first.peer.stderr, said);
      await written(first.peer);
      await stop(first.peer);
      assert.notDeepEqual(fs.readFileSync(cacheFile()), bad);

      const second = await start();
      await stop(second.peer);
      assert.match(second.peer.stderr, /used: /);
      assert.deepEqual(second.tools, first.tools);
    });
  }

  it('starts and serves as usual when the cache directory cannot be created', async () => {
    const blocker = path.join(scratch, 'a-file');
    fs.writeFileSync(blocker, '');
    const { peer, tools } = await start({ K8S_MCP_COMPILE_CACHE: path.join(blocker, 'cache') });
    assert.ok(tools.includes('scan_k8s_collection'));
    await waitFor(() => /not written: .*ENOTDIR/.test(peer.stderr), { what: `the failed write reported: ${peer.stderr}` });
    // Still serving after the failed write.
    const again = await peer.send({ id: 2, method: 'tools/list' });
    assert.ok(again.result);
    await stop(peer);
    assert.deepEqual(fs.readdirSync(scratch), ['a-file']);
  });

  it('writes nothing with K8S_MCP_COMPILE_CACHE=0, where a process started beside it with the cache on writes', async () => {
    const off = await start({ K8S_MCP_COMPILE_CACHE: '0' });
    const onDir = path.join(scratch, 'on');
    const on = await start({ K8S_MCP_COMPILE_CACHE: onDir });
    // Both wait the same time before writing, and the one with the cache off started first.
    await written(on.peer);
    await stop(off.peer);
    await stop(on.peer);
    assert.match(off.peer.stderr, /off: K8S_MCP_COMPILE_CACHE=0/);
    assert.deepEqual(cacheFiles(), []);
    assert.equal(fs.readdirSync(onDir).length, 1);
    assert.deepEqual(off.tools, on.tools);
  });
});

/** A cache file with our header around `data`. */
function header(bundleHash: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`k8s-mcp-interface-v8-code-cache ${bundleHash} ${sha256(data)}\n`), data]);
}
