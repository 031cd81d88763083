/**
 * The HTTP rows of the benchmark, once per network transport (Streamable HTTP, and legacy SSE: the CLI's
 * default and what ToolHive speaks): a get at 1 and 50 concurrent sessions against raw HTTPS GETs at the same
 * concurrency (lean and SDK clients, see clients.ts), and the CLI's RSS with 1 and with 100 open sessions.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type BenchClient, leanHttpClient, leanSseClient, sdkBenchClient } from './clients';
import { comparisonRow, WARMUP } from './stats';
import { IDLE_COLLECTION_MS } from '../src/cli/idleCollection';

const ARGS = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const RAW_PATH = '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1';

export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/**
 * The lowest RSS over two seconds: a single sample lands before or after a garbage collection by chance
 * (the same build measured 12 to 18 MB for 100 sessions); the low point is what the sessions really hold.
 */
export async function settledRssMb(pid: number): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 200));
    low = Math.min(low, rssMb(pid));
  }
  return low;
}

/** Runs `perWorker` sequential calls in each of `workers` parallel lanes; returns every call's latency. */
async function lanes(workers: number, perWorker: number, call: (lane: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(Array.from({ length: workers }, async (_, lane) => {
    for (let i = 0; i < perWorker; i++) {
      const t = process.hrtime.bigint();
      await call(lane);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  return samples;
}

export type HttpTransport = 'streamable-http' | 'sse';

export async function runHttpBench(
  transport: HttpTransport, cli: string, kubeconfig: string, raw: (p: string) => Promise<number>, context?: string,
): Promise<{ latency: Array<Array<string | number>>; memory: Array<Array<string | number>> }> {
  const child = spawn(process.execPath, [cli, '--transport', transport, '--port', '0', '--kubeconfig', kubeconfig, '--enable-rate-limiting=false', ...(context ? ['--context', context] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); const m = /at (http:\/\/\S+?\/(?:mcp|sse))\n/.exec(err); if (m) resolve(m[1]!); });
    child.on('exit', () => reject(new Error(err)));
  });
  const connect = async (): Promise<BenchClient> => {
    const c = new Client({ name: 'bench-http', version: '1' });
    await c.connect(transport === 'sse' ? new SSEClientTransport(new URL(endpoint)) : new StreamableHTTPClientTransport(new URL(endpoint)));
    return sdkBenchClient(c);
  };
  const agent = new http.Agent({ keepAlive: true });
  try {
    const sdk = [await connect()];
    const getWith = (clients: BenchClient[]) => (lane: number) => clients[lane]!.callTool('get_k8s_entity', ARGS);
    // Both sizes are taken the same way: after a call, once the CLI's idle-time collection has run
    // (src/cli/idleCollection.ts), so the difference is what the sessions hold, not when V8 last collected.
    const afterIdleCollection = async (): Promise<number> => {
      await getWith(sdk)(0);
      await new Promise((resolve) => setTimeout(resolve, IDLE_COLLECTION_MS + 1000));
      return settledRssMb(child.pid!);
    };
    await lanes(1, 20, getWith(sdk));
    const rssOne = await afterIdleCollection();
    // Open all 100 sessions before the load runs, so the RSS difference is the sessions', not the load's.
    while (sdk.length < 100) sdk.push(await connect());
    const rssHundred = await afterIdleCollection();
    const lean = await Promise.all(Array.from({ length: 50 }, () => (transport === 'sse' ? leanSseClient : leanHttpClient)(endpoint, agent)));
    const latency: Array<Array<string | number>> = [];
    for (const concurrency of [1, 50]) {
      const perRound = concurrency === 1 ? 50 : 5;
      const samples: number[][] = [[], [], []];
      const calls = [() => raw(RAW_PATH), getWith(lean), getWith(sdk)];
      for (const call of calls) await lanes(concurrency, Math.ceil(WARMUP / concurrency) + 2, call);
      // Rounds alternate between raw, lean and SDK so all three see the same machine load.
      for (let round = 0; round < 4; round++) {
        for (const [i, call] of calls.entries()) samples[i]!.push(...await lanes(concurrency, perRound, call));
      }
      latency.push(comparisonRow(`get, ${concurrency} session(s)`, samples[0]!, samples.slice(1), 99));
    }
    await Promise.all([...sdk, ...lean].map((c) => c.close()));
    return {
      latency,
      memory: [['RSS, 1 session (MB)', rssOne], ['RSS, 100 open sessions (MB)', rssHundred], ['difference (MB)', rssHundred - rssOne]],
    };
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
  }
}
