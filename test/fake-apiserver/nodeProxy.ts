// nodes/{name}/proxy/stats/summary: the kubelet Summary API behind the apiserver proxy (122), which metrics
// tools read when there is no metrics-server. Built from the recording: the node's figures, and one recorded
// pod entry (cycled) per pod the store has on that node, renamed to match.
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { loadRecording } from './fixtures';
import { sendDocument } from './representations';
import { writeNotFoundText } from './respond';

export function handleNodeProxy(ctx: ApiContext, def: ResourceDef): void {
  const name = String(ctx.info.name);
  const node = ctx.state.store.read(def, undefined, name);
  if (!node) throw errors.notFound({ group: '', resource: 'nodes' }, name);
  if (ctx.info.rest.join('/') !== 'stats/summary') return writeNotFoundText(ctx.res);
  const summary = structuredClone(loadRecording('122-node-proxy-stats-summary.json').response.body as KObject);
  summary.node.nodeName = name;
  const podsDef = ctx.state.registry.find('', 'v1', 'pods');
  const templates = (summary.pods ?? []) as KObject[];
  const onNode = (podsDef ? ctx.state.store.items(podsDef) : []).filter((p) => p.spec?.nodeName === name);
  summary.pods = onNode.map((pod, i) => {
    const t = structuredClone<KObject>(templates[i % templates.length] ?? {});
    const sample = ((t.containers ?? []) as KObject[])[0] ?? {};
    t.podRef = { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
    t.containers = ((pod.spec?.containers ?? []) as KObject[]).map((c) => ({ ...structuredClone(sample), name: c.name }));
    return t;
  });
  sendDocument(ctx, summary);
}
