// Server-side printers (pkg/printers/internalversion) for the kinds tests look at, always in "wide" mode as
// the apiserver prints them. Column definitions for pods, nodes and deployments are the recorded ones
// (031-033); the others carry the same swagger descriptions the apiserver uses.
import type { KObject } from './types';
import { loadRecording } from './fixtures';
import { ageOf, rfc3339 } from './timeFormat';
import { labelSelectorString } from './selectors';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: () => ColumnDefinition[];
  cells: (obj: KObject, now: number) => unknown[];
  conditions?: (obj: KObject) => KObject[] | undefined;
}

/** Column definitions read once from a recorded Table (shared, never modified). */
function recordedColumns(file: string): () => ColumnDefinition[] {
  let cached: ColumnDefinition[] | undefined;
  return () => (cached ??= (loadRecording(file).response.body as KObject).columnDefinitions as ColumnDefinition[]);
}
const podColumns = recordedColumns('031-list-pods-table.json');

export const NAME_DESCRIPTION = (): string => (podColumns()[0] as ColumnDefinition).description;
export const AGE_DESCRIPTION = (): string => (podColumns()[4] as ColumnDefinition).description;

function col(name: string, description: string, type = 'string', format = '', priority = 0): ColumnDefinition {
  return { name, type, format, description, priority };
}
const nameCol = (): ColumnDefinition => col('Name', NAME_DESCRIPTION(), 'string', 'name');
const ageCol = (): ColumnDefinition => col('Age', AGE_DESCRIPTION());

function podCells(pod: KObject, now: number): unknown[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  let reason: string = status.reason || status.phase || '';
  const noteRestart = (cs: KObject): void => {
    restarts += Number(cs.restartCount ?? 0);
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
  };
  let initializing = false;
  const inits = (status.initContainerStatuses ?? []) as KObject[];
  for (let i = 0; i < inits.length; i++) {
    const cs = inits[i] as KObject;
    noteRestart(cs);
    const t = cs.state?.terminated;
    const w = cs.state?.waiting;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (w?.reason && w.reason !== 'PodInitializing') reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as KObject[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as KObject;
      noteRestart(cs);
      const w = cs.state?.waiting;
      const t = cs.state?.terminated;
      if (w?.reason) reason = w.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = ((status.conditions ?? []) as KObject[]).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = readyCond ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartText = lastRestart ? `${restarts} (${ageOf(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  const gates = (spec.readinessGates ?? []) as KObject[];
  const conds = (status.conditions ?? []) as KObject[];
  const gatesText = gates.length
    ? `${gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`
    : '<none>';
  return [
    pod.metadata?.name,
    `${ready}/${(spec.containers ?? []).length}`,
    reason,
    restartText,
    ageOf(pod.metadata?.creationTimestamp, now),
    status.podIPs?.[0]?.ip || status.podIP || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    gatesText,
  ];
}

function nodeCells(node: KObject, now: number): unknown[] {
  const ready = ((node.status?.conditions ?? []) as KObject[]).find((c) => c.type === 'Ready');
  const statuses = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) statuses.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries((node.metadata?.labels ?? {}) as KObject)) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(String(v));
  }
  const addr = (type: string): string => ((node.status?.addresses ?? []) as KObject[]).find((a) => a.type === type)?.address ?? '<none>';
  const info = node.status?.nodeInfo ?? {};
  return [
    node.metadata?.name,
    statuses.join(','),
    roles.size ? [...roles].sort().join(',') : '<none>',
    ageOf(node.metadata?.creationTimestamp, now),
    info.kubeletVersion ?? '',
    addr('InternalIP'),
    addr('ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

function deploymentCells(d: KObject, now: number): unknown[] {
  const containers = (d.spec?.template?.spec?.containers ?? []) as KObject[];
  const st = d.status ?? {};
  return [
    d.metadata?.name,
    `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    st.updatedReplicas ?? 0,
    st.availableReplicas ?? 0,
    ageOf(d.metadata?.creationTimestamp, now),
    containers.map((c) => c.name).join(','),
    containers.map((c) => c.image).join(','),
    labelSelectorString(d.spec?.selector),
  ];
}

export const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: podColumns,
    cells: podCells,
    conditions: (pod) => {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
      if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
      return undefined;
    },
  },
  Node: { columns: recordedColumns('032-list-nodes-table.json'), cells: nodeCells },
  Deployment: { columns: recordedColumns('033-list-deployments-table.json'), cells: deploymentCells },
  ConfigMap: {
    columns: () => [
      nameCol(),
      col(
        'Data',
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      ),
      ageCol(),
    ],
    cells: (cm, now) => [
      cm.metadata?.name,
      Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
      ageOf(cm.metadata?.creationTimestamp, now),
    ],
  },
  Secret: {
    columns: () => [
      nameCol(),
      col('Type', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
      col(
        'Data',
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      ),
      ageCol(),
    ],
    cells: (s, now) => [s.metadata?.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, ageOf(s.metadata?.creationTimestamp, now)],
  },
  // pkg/printers/internalversion printEvent (core/v1 events), wide: the apiserver prints every column.
  Event: {
    columns: () => [
      col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      col('Object', 'The object that this event is about.'),
      col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 'string', '', 1),
      col('Source', 'The component reporting this event. Should be a short machine understandable string.', 'string', '', 1),
      col('Message', 'A human-readable description of the status of this operation.'),
      col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 'string', '', 1),
      col('Count', 'The number of times this event has occurred.', 'string', '', 1),
      col('Name', NAME_DESCRIPTION(), 'string', 'name', 1),
    ],
    cells: (ev, now) => {
      const first = ageOf(ev.firstTimestamp ?? ev.eventTime, now);
      const last = ev.lastTimestamp ? ageOf(ev.lastTimestamp, now) : first;
      const inv = ev.involvedObject ?? {};
      const target = inv.name ? `${String(inv.kind ?? '').toLowerCase()}/${inv.name}` : String(inv.kind ?? '').toLowerCase();
      const component = ev.source?.component || ev.reportingComponent || '';
      const instance = ev.source?.host || ev.reportingInstance || '';
      const source = instance ? `${component}, ${instance}` : component;
      return [last, ev.type ?? '', ev.reason ?? '', target, inv.fieldPath ?? '', source, String(ev.message ?? '').trim(), first, Number(ev.count || 1), ev.metadata?.name];
    },
  },
  Namespace: {
    columns: () => [nameCol(), col('Status', 'The status of the namespace'), ageCol()],
    cells: (ns, now) => [ns.metadata?.name, ns.status?.phase ?? '', ageOf(ns.metadata?.creationTimestamp, now)],
  },
};

/** The apiserver's default table for kinds without a printer: Name and Created At. */
export const DEFAULT_PRINTER: Printer = {
  columns: () => [nameCol(), col('Created At', AGE_DESCRIPTION(), 'date')],
  cells: (obj) => [obj.metadata?.name, obj.metadata?.creationTimestamp ? rfc3339(Date.parse(obj.metadata.creationTimestamp)) : null],
};
