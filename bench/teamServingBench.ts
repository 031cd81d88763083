/**
 * SPEC §8 rows: a call with identity passthrough (the caller's token on every API request, a per-request view
 * of the client) against the same call with the kubeconfig's identity, both over Streamable HTTP with the SDK
 * client and interleaved with the same request made raw; and the RSS of one stateless replica (passthrough, as
 * deploy/ runs it) after 1,000 and 2,000 calls. Run with the rest by `npm run bench`, or alone:
 * `node out/bench/teamServingBench.js`. Where the replica's memory goes: bench/statelessMemory.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FAKE_TOKENS, startFakeApiServer } from '../test/fake-apiserver/index';
import { repoRoot } from '../test/support/repoRoot';
import { type BenchClient, sdkBenchClient } from './clients';
import { rssMb, settledRssMb } from './httpBench';
import { rawBaseline } from './rawBaseline';
import { compareInterleaved, comparisonHeaders, printTable } from './stats';

/** The call both rows make: a get of one deployment, and the same request made raw. */
export const TEAM_BENCH_CALL = {
  tool: 'get_k8s_entity',
  args: { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' },
  rawPath: '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1',
};

export interface BenchServer { child: ChildProcess; endpoint: string; inspectorUrl?: string | undefined }

/** The CLI over Streamable HTTP on a free port, limiter off; resolves once it says where it serves. */
export async function startBenchServer(cli: string, args: string[], nodeArgs: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, cli, '--transport', 'streamable-http', '--port', '0', '--enable-rate-limiting=false', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise<BenchServer>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /at (http:\/\/\S+?\/mcp)\n/.exec(err);
      if (m) resolve({ child, endpoint: m[1]!, inspectorUrl: /Debugger listening on (ws:\/\/\S+)/.exec(err)?.[1] });
    });
    child.on('exit', () => reject(new Error(err)));
  });
}

export async function connectBenchClient(endpoint: string, token?: string): Promise<BenchClient> {
  const client = new Client({ name: 'bench-team', version: '1' });
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), requestInit ? { requestInit } : {}));
  return sdkBenchClient(client);
}

/**
 * Makes `count` calls as `token`, on a fresh client per 1,000: fetch adds an abort listener per request to the
 * SDK transport's one signal and removes it only when the request is collected, so a long-lived client warns
 * of a listener leak (MaxListenersExceededWarning) in the bench's own process. The replica cannot tell: each of
 * its requests stands alone.
 */
export async function callRepeatedly(endpoint: string, token: string, count: number): Promise<void> {
  for (let done = 0; done < count;) {
    const client = await connectBenchClient(endpoint, token);
    for (const end = Math.min(count, done + 1000); done < end; done++) await client.callTool(TEAM_BENCH_CALL.tool, TEAM_BENCH_CALL.args);
    await client.close();
  }
}

export const PASSTHROUGH_HEADERS = [...comparisonHeaders('call', ['kubeconfig', 'passthrough'], 95), 'passthrough / kubeconfig'];

/**
 * The "passthrough call vs kubeconfig call" row, both interleaved with the same request made raw: the raw
 * p50/p95, then p50, p95 and ratio to raw for each, then the passthrough p50 over the kubeconfig p50.
 */
export async function passthroughVsKubeconfig(cli: string, kubeconfig: string, n: number): Promise<Array<string | number>> {
  // The same identity all three ways (the fake's admin token), so only the way it reaches the API server differs.
  const raw = await rawBaseline(kubeconfig, 'fake-admin-token');
  const own = await startBenchServer(cli, ['--kubeconfig', kubeconfig, '--context', 'fake-admin-token']);
  const passthrough = await startBenchServer(cli, ['--kubeconfig', kubeconfig, '--auth-mode', 'passthrough']);
  try {
    const a = await connectBenchClient(own.endpoint);
    const b = await connectBenchClient(passthrough.endpoint, FAKE_TOKENS.admin);
    const { tool, args, rawPath } = TEAM_BENCH_CALL;
    const row = await compareInterleaved('passthrough call vs kubeconfig call (get)', () => raw.get(rawPath),
      [() => a.callTool(tool, args), () => b.callTool(tool, args)], n);
    await Promise.all([a.close(), b.close()]);
    return [...row, `${(Number(row[6]) / Number(row[3])).toFixed(2)}×`];
  } finally {
    own.child.kill('SIGTERM');
    passthrough.child.kill('SIGTERM');
  }
}

/** RSS of one stateless passthrough replica: after start, then after each of `checkpoints` calls (settled low point). */
export async function statelessReplicaRss(cli: string, kubeconfig: string, checkpoints: number[]): Promise<Array<Array<string | number>>> {
  const replica = await startBenchServer(cli, ['--kubeconfig', kubeconfig, '--stateless', '--auth-mode', 'passthrough', '--metrics']);
  try {
    const rows: Array<Array<string | number>> = [['stateless replica RSS at start (MB)', rssMb(replica.child.pid!)]];
    let done = 0;
    for (const target of checkpoints) {
      await callRepeatedly(replica.endpoint, FAKE_TOKENS.viewer, target - done);
      done = target;
      rows.push([`stateless replica RSS after ${done.toLocaleString('en')} calls (MB)`, await settledRssMb(replica.child.pid!)]);
    }
    return rows;
  } finally {
    replica.child.kill('SIGTERM');
  }
}

export async function runTeamServingBench(cli: string, kubeconfig: string, n: number): Promise<void> {
  console.log('\nServing a team: identity passthrough vs the kubeconfig identity vs raw HTTPS, Streamable HTTP, SDK client (ms)\n');
  printTable(PASSTHROUGH_HEADERS, [await passthroughVsKubeconfig(cli, kubeconfig, n)]);
  console.log('');
  // 2,000 next to 1,000: whether memory keeps growing with requests or has levelled off.
  printTable(['metric', 'value'], await statelessReplicaRss(cli, kubeconfig, [1000, 2000]));
}

if (require.main === module) {
  void (async () => {
    const fake = await startFakeApiServer({ seed: 'sample' });
    try {
      const cli = path.join(repoRoot(), 'dist', 'cli.js');
      // BENCH_RSS_CHECKPOINTS=1000,2000,5000,10000: only the RSS rows, at those numbers of calls.
      const checkpoints = process.env.BENCH_RSS_CHECKPOINTS?.split(',').map(Number);
      if (checkpoints) printTable(['metric', 'value'], await statelessReplicaRss(cli, fake.kubeconfigPath, checkpoints));
      else await runTeamServingBench(cli, fake.kubeconfigPath, Number(process.env.BENCH_N ?? 100));
    } finally {
      await fake.close();
    }
  })();
}
