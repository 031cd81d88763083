/**
 * The write rows of the benchmark: server-side apply (dry run and real) and an exec of `echo`, each through the
 * stdio CLI (with each bench client) and as the same raw request (see rawBaseline.ts).
 */
import type { BenchClient } from './clients';
import type { RawBaseline } from './rawBaseline';
import { compareInterleaved } from './stats';

const NS = 'lab-apps';
const CM_PATH = `/api/v1/namespaces/${NS}/configmaps/bench-cm`;
const EXEC_POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const EXEC_PATH = `/api/v1/namespaces/${NS}/pods/${EXEC_POD}/exec?command=echo&command=hello&stdout=true&stderr=true`;
const manifest = (i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench-cm', namespace: NS }, data: { round: String(i) } });

export async function runWriteBench(clients: BenchClient[], raw: RawBaseline, n: number): Promise<Array<Array<string | number>>> {
  let i = 0;
  const applyArgs = (dryRun: boolean) => ({ scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: NS, payload_manifest: manifest(++i), dry_run: dryRun, force: true });
  const execArgs = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: NS, entity_name: EXEC_POD, action_path: 'exec', request_payload: { command: ['echo', 'hello'] } };
  const each = (name: string, args: () => Record<string, unknown>) => clients.map((c) => () => c.callTool(name, args()));
  return [
    await compareInterleaved('apply (dry run)', () => raw.apply(CM_PATH, JSON.stringify(manifest(++i)), true), each('deploy_k8s_entity', () => applyArgs(true)), n),
    await compareInterleaved('apply (real)', () => raw.apply(CM_PATH, JSON.stringify(manifest(++i)), false), each('deploy_k8s_entity', () => applyArgs(false)), n),
    await compareInterleaved('exec echo', () => raw.exec(EXEC_PATH), each('interact_k8s_endpoint', () => execArgs), n),
  ];
}
