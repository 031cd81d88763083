/**
 * The three sizes of issue 15 item 2, on the sample cluster (or the BENCH_KUBECONFIG cluster, where the names
 * must exist): the 300 configmaps over all pages against the raw list, a pod list per pod, and the answers a
 * crashlooping pod's diagnosis takes (pod list, previous logs, the pod's events). Bytes only; asserts nothing.
 */
import type { BenchClient } from './clients';
import type { RawBaseline } from './rawBaseline';

const NS = 'lab-apps';
const CRASHLOOP = 'checkout-dfd5b95b4-7klg4';
const pods = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: NS };
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;

/** Every page of a scan, following the header's continue token. */
async function allPages(client: BenchClient, args: Record<string, unknown>): Promise<string[]> {
  const pages: string[] = [];
  let token: string | undefined;
  do {
    const text = await client.callTool('scan_k8s_collection', { ...args, ...(token ? { continue: token } : {}) });
    pages.push(text);
    token = (JSON.parse(text.split('\n')[0]!) as { continue?: string }).continue;
  } while (token);
  return pages;
}

/** Rows: what, raw bytes, answer bytes, share, note. */
export async function answerSizeRows(client: BenchClient, raw: RawBaseline): Promise<Array<Array<string | number>>> {
  const rawConfigmaps = await raw.get(`/api/v1/namespaces/${NS}/configmaps?limit=500`);
  const pages = await allPages(client, { ...pods, resource_kind: 'configmaps' });
  const configmapBytes = pages.reduce((sum, p) => sum + bytes(p), 0);

  const rawPods = await raw.get(`/api/v1/namespaces/${NS}/pods?limit=500`);
  const podList = await client.callTool('scan_k8s_collection', pods);
  const podCount = podList.split('\n').length - 2;

  const logs = await client.callTool('get_k8s_entity', { ...pods, entity_name: CRASHLOOP, sub_path: 'logs', query_params: { previous: true } });
  const events = await client.callTool('scan_k8s_collection', { ...pods, resource_kind: 'events', field_filter: `involvedObject.name=${CRASHLOOP}` });
  const rawLogs = await raw.get(`/api/v1/namespaces/${NS}/pods/${CRASHLOOP}/log?previous=true`, '*/*');
  const rawEvents = await raw.get(`/api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.name%3D${CRASHLOOP}`);
  const diagnosis = bytes(podList) + bytes(logs) + bytes(events);
  const rawDiagnosis = rawPods + rawLogs + rawEvents;

  return [
    [`300 configmaps, all pages (target ≤ 12%)`, rawConfigmaps, configmapBytes, share(configmapBytes, rawConfigmaps), `${pages.length} page(s)`],
    [`pod list (target ≤ 120 B/pod)`, rawPods, bytes(podList), share(bytes(podList), rawPods), `${(bytes(podList) / podCount).toFixed(0)} B/pod, ${podCount} pods`],
    [`crashloop diagnosis (target ≤ 6 KB)`, rawDiagnosis, diagnosis, share(diagnosis, rawDiagnosis), `list ${bytes(podList)} + logs ${bytes(logs)} + events ${bytes(events)}`],
  ];
}
