/**
 * Where a stateless replica's memory goes (SPEC §8, `--stateless` builds an MCP server per request): RSS and,
 * after a full garbage collection forced through the inspector, the V8 heap in use, external memory and
 * array buffers, at checkpoints of calls. A heap that returns to the same level after each collection holds
 * nothing per request; an RSS above it is V8's and the allocator's reserve. Not part of `npm run bench`:
 * `node out/bench/statelessMemory.js` (BENCH_CHECKPOINTS=1000,2000,5000 by default).
 */
import * as path from 'node:path';
import WebSocket from 'ws';
import { FAKE_TOKENS, startFakeApiServer } from '../test/fake-apiserver/index';
import { repoRoot } from '../test/support/repoRoot';
import { rssMb } from './httpBench';
import { printTable } from './stats';
import { callRepeatedly, startBenchServer } from './teamServingBench';

/** A DevTools-protocol session on the replica's inspector: evaluates expressions, forces collections. */
async function inspectorOf(url: string): Promise<{ send(method: string, params?: object): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  return {
    send: (method, params = {}) => new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    }),
    close: () => ws.close(),
  };
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const checkpoints = (process.env.BENCH_CHECKPOINTS ?? '1000,2000,5000').split(',').map(Number);
  const fake = await startFakeApiServer({ seed: 'sample' });
  const replica = await startBenchServer(path.join(repoRoot(), 'dist', 'cli.js'),
    ['--kubeconfig', fake.kubeconfigPath, '--stateless', '--auth-mode', 'passthrough', '--metrics'], ['--inspect=127.0.0.1:0']);
  const pid = replica.child.pid!;
  const inspector = await inspectorOf(replica.inspectorUrl!);
  const rows: Array<Array<string | number>> = [];
  const measure = async (calls: number): Promise<void> => {
    const rss = rssMb(pid);
    await inspector.send('HeapProfiler.collectGarbage');
    const evaluated = await inspector.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true }) as { result: { value: string } };
    const m = JSON.parse(evaluated.result.value) as NodeJS.MemoryUsage;
    rows.push([calls, rss, m.rss / MB, m.heapUsed / MB, m.heapTotal / MB, m.external / MB, m.arrayBuffers / MB]);
  };
  try {
    await callRepeatedly(replica.endpoint, FAKE_TOKENS.viewer, 1);
    await measure(1);
    let done = 1;
    for (const target of checkpoints) {
      await callRepeatedly(replica.endpoint, FAKE_TOKENS.viewer, target - done);
      done = target;
      await measure(done);
    }
  } finally {
    inspector.close();
    replica.child.kill('SIGTERM');
    await fake.close();
  }
  console.log('\nOne stateless passthrough replica (MB): RSS as it ran, then after a forced full collection\n');
  printTable(['calls', 'RSS', 'RSS after GC', 'heap used after GC', 'heap total', 'external', 'array buffers'], rows);
}

if (require.main === module) void main();
