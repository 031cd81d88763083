/**
 * /diagnose-workload: find out why a workload is unhealthy in four small calls (the workload, its pods with
 * their Ready/Status/Restarts columns, the crashed container's previous logs, the pod's events), instead of
 * listing everything and reading whole objects.
 */
import { ValidationError } from '../../core/errors';
import { validateNamespace, validateObjectName } from '../../core/input/validation';
import { checkedString, completedBy, definePrompt, toolCall, userMessage } from './promptDefinition';

interface WorkloadKind { api_group?: string; resource_kind: string; label: string }

/** The kinds the template knows how to walk from; a pod is diagnosed directly, the others through their selector. */
const KINDS: Record<string, WorkloadKind> = {
  deployment: { api_group: 'apps', resource_kind: 'deployments', label: 'deployment' },
  statefulset: { api_group: 'apps', resource_kind: 'statefulsets', label: 'stateful set' },
  daemonset: { api_group: 'apps', resource_kind: 'daemonsets', label: 'daemon set' },
  job: { api_group: 'batch', resource_kind: 'jobs', label: 'job' },
  pod: { resource_kind: 'pods', label: 'pod' },
};
const KIND_NAMES = Object.keys(KINDS);
const DEFAULT_KIND = 'deployment';
/** Enough of a crashed container's output to show the error, small enough to keep the answer short. */
const LOG_LINES = 50;

function checkKind(value: string): void {
  if (!(value.toLowerCase() in KINDS)) throw new ValidationError('kind', `"${value}" is not one of ${KIND_NAMES.join(', ')}.`);
}

function podSteps(namespace: string, pod: string, first: number): string[] {
  const address = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: namespace };
  return [
    `${first}. Logs of a pod that restarts or is not Ready: ${toolCall('get_k8s_entity', { ...address, entity_name: pod, sub_path: 'logs', query_params: { previous: true, tailLines: LOG_LINES } })}. ` +
      'previous=true returns the crashed container\'s last lines; if the container never restarted, ask again without it. Add "container" for pods with several.',
    `${first + 1}. Its events: ${toolCall('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'events', target_ns: namespace, field_filter: `involvedObject.name=${pod}` })}` +
      ' (scheduling, image pulls, probes, OOM kills).',
  ];
}

export const diagnoseWorkloadPrompt = definePrompt({
  name: 'diagnose-workload',
  title: 'Diagnose a Kubernetes workload',
  description: 'Find out why a deployment, stateful set, daemon set, job or pod is unhealthy, in a few small read-only calls.',
  arguments: (ctx) => ({
    namespace: completedBy(checkedString('namespace', 'Namespace of the workload, e.g. "default".', (v) => validateNamespace(v, 'namespace')), () => ctx.listNamespaces()),
    name: checkedString('name', 'Name of the workload (or pod), e.g. "web".', (v) => validateObjectName(v, 'name')),
    kind: completedBy(checkedString('kind', `One of ${KIND_NAMES.join(', ')}; default ${DEFAULT_KIND}.`, checkKind).optional(), () => KIND_NAMES),
  }),
  build({ namespace, name, kind }) {
    const k = KINDS[(kind ?? DEFAULT_KIND).toLowerCase()]!;
    const steps = k.resource_kind === 'pods'
      ? [
        `1. The pod: ${toolCall('get_k8s_entity', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: namespace, entity_name: name })}. ` +
          'Read status.phase, conditions and each containerStatuses entry (state, lastState.terminated.reason and exitCode, restartCount).',
        ...podSteps(namespace, name, 2),
      ]
      : [
        `1. The ${k.label}: ${toolCall('get_k8s_entity', { scope: 'namespaced', ...(k.api_group ? { api_group: k.api_group } : {}), api_version: 'v1', resource_kind: k.resource_kind, target_ns: namespace, entity_name: name })}. ` +
          'Read spec.selector.matchLabels and status (replicas ready and available, conditions and their messages).',
        `2. Its pods, selected by those labels: ${toolCall('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: namespace, label_filter: '<key>=<value>,…' })}. ` +
          'The Ready, Status and Restarts columns show which pods are broken; pick one of those.',
        ...podSteps(namespace, '<pod>', 3),
      ];
    const text = [
      `Diagnose the ${k.label} "${name}" in namespace "${namespace}". Use these read-only calls, in order, and stop as soon as the cause is clear:`,
      ...steps,
      'Then answer in a few lines: what is wrong, the evidence (quote the log line or event message), and the fix. Change nothing unless asked.',
    ].join('\n');
    return userMessage(`Diagnose ${k.label} ${namespace}/${name}`, text);
  },
});
