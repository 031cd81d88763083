/**
 * SPEC §8 rows: a call with identity passthrough (the caller's token on every API request, a per-request view
 * of the client) against the same call with the kubeconfig's identity, both over Streamable HTTP with the SDK
 * client; and the RSS of one stateless replica (passthrough, as deploy/ runs it) after 1,000 calls.
 * Run with the rest by `npm run bench`, or alone: `node out/bench/teamServingBench.js`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FAKE_TOKENS, startFakeApiServer } from '../test/fake-apiserver/index';
import { repoRoot } from '../test/support/repoRoot';
import { type BenchClient, sdkBenchClient } from './clients';
import { rssMb, settledRssMb } from './httpBench';
import { compareInterleaved, printTable } from './stats';

const ARGS = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };

async function startServer(cli: string, args: string[]): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [cli, '--transport', 'streamable-http', '--port', '0', '--enable-rate-limiting=false', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); const m = /at (http:\/\/\S+?\/mcp)\n/.exec(err); if (m) resolve(m[1]!); });
    child.on('exit', () => reject(new Error(err)));
  });
  return { child, endpoint };
}

async function connect(endpoint: string, token?: string): Promise<BenchClient> {
  const client = new Client({ name: 'bench-team', version: '1' });
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint), requestInit ? { requestInit } : {}));
  return sdkBenchClient(client);
}

/** The "passthrough call vs kubeconfig call" row: name, kubeconfig p50/p95, passthrough p50/p95, ratio. */
export async function passthroughVsKubeconfig(cli: string, kubeconfig: string, n: number): Promise<Array<string | number>> {
  // The same identity both ways (the fake's admin token), so only the way it reaches the API server differs.
  const own = await startServer(cli, ['--kubeconfig', kubeconfig, '--context', 'fake-admin-token']);
  const passthrough = await startServer(cli, ['--kubeconfig', kubeconfig, '--auth-mode', 'passthrough']);
  try {
    const a = await connect(own.endpoint);
    const b = await connect(passthrough.endpoint, FAKE_TOKENS.admin);
    const row = await compareInterleaved('passthrough call vs kubeconfig call (get)', () => a.callTool('get_k8s_entity', ARGS), [() => b.callTool('get_k8s_entity', ARGS)], n);
    await Promise.all([a.close(), b.close()]);
    return row;
  } finally {
    own.child.kill('SIGTERM');
    passthrough.child.kill('SIGTERM');
  }
}

/** RSS of one stateless passthrough replica: after start, and after `calls` calls (settled low point). */
export async function statelessReplicaRss(cli: string, kubeconfig: string, calls: number): Promise<Array<Array<string | number>>> {
  const replica = await startServer(cli, ['--kubeconfig', kubeconfig, '--stateless', '--auth-mode', 'passthrough', '--metrics']);
  try {
    const startRss = rssMb(replica.child.pid!);
    const client = await connect(replica.endpoint, FAKE_TOKENS.viewer);
    for (let i = 0; i < calls; i++) await client.callTool('get_k8s_entity', ARGS);
    const afterRss = await settledRssMb(replica.child.pid!);
    await client.close();
    return [['stateless replica RSS at start (MB)', startRss], [`stateless replica RSS after ${calls} calls (MB)`, afterRss]];
  } finally {
    replica.child.kill('SIGTERM');
  }
}

export async function runTeamServingBench(cli: string, kubeconfig: string, n: number): Promise<void> {
  console.log('\nServing a team: identity passthrough vs the kubeconfig identity, Streamable HTTP, SDK client (ms)\n');
  printTable(['call', 'kubeconfig p50', 'kubeconfig p95', 'passthrough p50', 'passthrough p95', 'ratio'], [await passthroughVsKubeconfig(cli, kubeconfig, n)]);
  console.log('');
  printTable(['metric', 'value'], await statelessReplicaRss(cli, kubeconfig, 1000));
}

if (require.main === module) {
  void (async () => {
    const fake = await startFakeApiServer({ seed: 'sample' });
    try {
      await runTeamServingBench(path.join(repoRoot(), 'dist', 'cli.js'), fake.kubeconfigPath, Number(process.env.BENCH_N ?? 100));
    } finally {
      await fake.close();
    }
  })();
}
