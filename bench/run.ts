/**
 * npm run bench: our tools through the stdio CLI against the same requests made raw over HTTPS with
 * client-node's credentials, in one run, against the fake API server (or a real cluster: BENCH_KUBECONFIG=…
 * BENCH_CONTEXT=…; write rows then only with BENCH_WRITES=1). Every call is made twice over: with a lean
 * JSON-RPC client (what our server adds) and with the SDK's Client (what an agent's SDK adds on top); see
 * clients.ts. Prints tables; asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeApiServer } from '../test/fake-apiserver/index';
import { repoRoot } from '../test/support/repoRoot';
import { rawBaseline } from './rawBaseline';
import { type BenchClient, leanStdioClient, sdkBenchClient } from './clients';
import { compareInterleaved, comparisonHeaders, printTable } from './stats';
import { runHttpBench } from './httpBench';
import { runTeamServingBench } from './teamServingBench';
import { runWriteBench } from './writeBench';
import { answerSizeRows } from './answerSizes';
import { DEFAULT_OPTIONS } from '../src/server/options';
import { runProcessBench } from './processBench';
import { policyCostRows } from './policyBench';
import { shapingRows } from './shapingBench';

const N = Number(process.env.BENCH_N ?? 100);

interface Case { name: string; raw: { path: string; accept?: string }; tool: string; args: Record<string, unknown> }

const CASES: Case[] = [
  { name: 'get deployment', raw: { path: '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1' }, tool: 'get_k8s_entity',
    args: { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' } },
  { name: 'list 300 configmaps', raw: { path: '/api/v1/namespaces/lab-apps/configmaps?limit=500' }, tool: 'scan_k8s_collection',
    args: { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' } },
  { name: 'list nodes', raw: { path: '/api/v1/nodes?limit=500' }, tool: 'scan_k8s_collection',
    args: { scope: 'cluster', api_version: 'v1', resource_kind: 'nodes' } },
  { name: 'pod logs (100 lines)', raw: { path: '/api/v1/namespaces/lab-apps/pods/chatty-5f7d9c8b4-w5xkq/log?tailLines=100&limitBytes=32768', accept: '*/*' }, tool: 'get_k8s_entity',
    args: { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: 'chatty-5f7d9c8b4-w5xkq', sub_path: 'logs' } },
];

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const fake = process.env.BENCH_KUBECONFIG ? undefined : await startFakeApiServer({ seed: 'sample' });
  // BENCH_LATENCY_MS adds a delay to every fake API answer, like the network round trip to a real cluster.
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
  if (fake && latencyMs > 0) fake.faults.latencyMs = latencyMs;
  const kubeconfig = process.env.BENCH_KUBECONFIG ?? fake!.kubeconfigPath;
  const context = process.env.BENCH_CONTEXT;
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const raw = await rawBaseline(kubeconfig, context);

  // The bench clients cannot ask a person (no elicitation): the write rows measure writes, not their approval.
  const policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-policy-')), 'policy.yaml');
  fs.writeFileSync(policyFile, 'confirmWrites: never\n');
  const cliArgs = ['--kubeconfig', kubeconfig, '--config', policyFile, '--enable-rate-limiting=false', '--read-write', ...(context ? ['--context', context] : [])];

  const spawnStart = process.hrtime.bigint();
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, '--transport', 'stdio', ...cliArgs], stderr: 'ignore' });
  const sdkClient = new Client({ name: 'bench', version: '1.0.0' });
  await sdkClient.connect(transport);
  await sdkClient.listTools();
  const startupMs = Number(process.hrtime.bigint() - spawnStart) / 1e6;
  const sdk = sdkBenchClient(sdkClient, (transport as unknown as { _process?: { pid?: number } })._process?.pid);
  const lean = await leanStdioClient(cli, cliArgs);
  const clients: BenchClient[] = [lean, sdk];
  const headers = comparisonHeaders('call', ['lean', 'SDK'], 95);

  const rows: Array<Array<string | number>> = [];
  const sizes: Array<Array<string | number>> = [];
  for (const c of CASES) {
    let toolBytes = 0;
    const calls = clients.map((client) => async () => { toolBytes = Buffer.byteLength(await client.callTool(c.tool, c.args)); });
    let rawBytes = 0;
    const rawCall = async () => { rawBytes = await raw.get(c.raw.path, c.raw.accept); };
    rows.push(await compareInterleaved(c.name, rawCall, calls, N));
    sizes.push([c.name, rawBytes, toolBytes, `${((toolBytes / rawBytes) * 100).toFixed(1)}%`]);
  }

  console.log(`\nRead tools through the stdio CLI vs raw HTTPS (ms, ${N} calls each, same run${latencyMs ? `, API latency ${latencyMs} ms` : ''})\n`);
  printTable(headers, rows);
  console.log('\nBytes: what the agent receives vs the raw JSON a plain GET returns\n');
  printTable(['call', 'raw bytes', 'tool bytes', 'share'], sizes);
  console.log('\nPolicy check per call (in process, before any request; share of the raw GET p50 above)\n');
  printTable(['policy: call', 'µs per check', 'share of raw get'], policyCostRows(Number(rows[0]![1])));
  console.log('\nList shaping in-process, 300 configmaps (CPU time per call)\n');
  printTable(['step', 'value'], await shapingRows(raw));
  console.log(`\nCompact answers (default ${DEFAULT_OPTIONS.maxAnswerBytes}-byte answer budget): bytes the agent receives vs the raw requests\n`);
  printTable(['answer', 'raw bytes', 'answer bytes', 'share', 'note'], await answerSizeRows(lean, raw));

  if (fake || process.env.BENCH_WRITES === '1') {
    console.log('\nWrite tools vs the same raw request (ms)\n');
    printTable(headers, await runWriteBench(clients, raw, N));
  }

  const rssAfterRun = sdk.pid ? rssOf(sdk.pid) : 'n/a';
  await Promise.all(clients.map((c) => c.close()));
  console.log('\nProcess (stdio, lean client)\n');
  printTable(['metric', 'value'], [
    ...await runProcessBench(cli, cliArgs, CASES.map((c) => ({ tool: c.tool, args: c.args }))),
    ['spawn → tools/list answered, SDK client, once (ms)', startupMs],
    ['CLI RSS after the whole stdio run above (MB)', rssAfterRun],
  ]);

  for (const [transport, title] of [['streamable-http', 'Streamable HTTP'], ['sse', 'SSE (the CLI\'s default)']] as const) {
    const http = await runHttpBench(transport, cli, kubeconfig, (p) => raw.get(p), context);
    console.log(`\n${title} transport vs raw HTTPS at the same concurrency (ms)\n`);
    printTable(comparisonHeaders('call', ['lean', 'SDK'], 99), http.latency);
    console.log('');
    printTable(['metric', 'value'], http.memory);
  }
  // Its own servers and identities (the fake's tokens): only against the fake API server.
  if (fake) await runTeamServingBench(cli, kubeconfig, N);
  await fake?.close();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
