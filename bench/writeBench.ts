/**
 * The write rows of the benchmark: server-side apply (dry run and real) and an exec of `echo`, each through the
 * stdio CLI and as the same raw request (HTTPS PATCH with client-node's credentials; a raw WebSocket exec).
 */
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import WebSocket from 'ws';
import { percentile, timeMany } from './stats';

const NS = 'lab-apps';
const manifest = (i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench-cm', namespace: NS }, data: { round: String(i) } });
const EXEC_POD = 'auth-v1-6b9fcbc6fc-k9mnp';

async function rawDeps(kubeconfig: string, context?: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  if (context) kc.setCurrentContext(context);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const server = new URL(kc.getCurrentCluster()!.server);
  const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized };
  const agent = new https.Agent({ keepAlive: true, ...tls });
  const headers = opts.headers as Record<string, string>;
  const apply = (body: string, dryRun: boolean) => new Promise<void>((resolve, reject) => {
    const path = `/api/v1/namespaces/${NS}/configmaps/bench-cm?fieldManager=bench${dryRun ? '&dryRun=All' : ''}`;
    const req = https.request({ host: server.hostname, port: server.port, path, method: 'PATCH', agent, headers: { ...headers, 'Content-Type': 'application/apply-patch+yaml', Accept: 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve()); });
    req.on('error', reject);
    req.end(body);
  });
  const exec = () => new Promise<void>((resolve, reject) => {
    const url = `wss://${server.host}/api/v1/namespaces/${NS}/pods/${EXEC_POD}/exec?command=echo&command=hello&stdout=true&stderr=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], { ...tls, headers });
    ws.on('message', (data: Buffer) => { if (data[0] === 3) ws.close(); });
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
  return { apply, exec };
}

export async function runWriteBench(
  client: Client, _raw: unknown, kubeconfig: string, context: string | undefined, n: number,
): Promise<Array<Array<string | number>>> {
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === 'deploy_k8s_entity')) return [];
  const raw = await rawDeps(kubeconfig, context);
  let i = 0;
  const tool = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${(r.content as Array<{ text: string }>)[0]!.text}`);
  };
  const applyArgs = (dryRun: boolean) => ({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: NS, payload_manifest: manifest(++i), dry_run: dryRun, force: true });
  const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['apply (dry run)', () => raw.apply(JSON.stringify(manifest(++i)), true), () => tool('deploy_k8s_entity', applyArgs(true))],
    ['apply (real)', () => raw.apply(JSON.stringify(manifest(++i)), false), () => tool('deploy_k8s_entity', applyArgs(false))],
    ['exec echo', raw.exec, () => tool('interact_k8s_endpoint', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: NS, entity_name: EXEC_POD, action_path: 'exec', request_payload: { command: ['echo', 'hello'] } })],
  ];
  const rows: Array<Array<string | number>> = [];
  for (const [name, rawCall, toolCall] of cases) {
    const rawSamples: number[] = [];
    const toolSamples: number[] = [];
    for (let round = 0; round < 5; round++) {
      rawSamples.push(...await timeMany(n / 5, rawCall, round === 0 ? 3 : 0));
      toolSamples.push(...await timeMany(n / 5, toolCall, round === 0 ? 3 : 0));
    }
    const r50 = percentile(rawSamples, 50);
    const t50 = percentile(toolSamples, 50);
    rows.push([name, r50, percentile(rawSamples, 95), t50, percentile(toolSamples, 95), `${(t50 / r50).toFixed(2)}×`]);
  }
  return rows;
}
