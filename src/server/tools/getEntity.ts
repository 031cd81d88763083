/** get_k8s_entity: one object, one of its subresources, or a pod's logs. */
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { getObject } from '../../core/operations/getObject';
import { fitLogToBudget } from '../../core/shaping/logBudget';
import { fitObjectToBudget } from '../../core/shaping/objectBudget';
import { resolveLogOptions } from '../../core/input/logOptions';
import { readPodLogs } from '../../core/operations/podLogs';
import { validateSubPath } from '../../core/input/validation';
import { textResult } from '../pipeline/errorResult';
import { resolveTarget } from '../pipeline/resolveTarget';
import { addressShape, defineTool } from '../protocol/toolDefinition';
import { queryParamsParameter, toQueryValues } from '../pipeline/queryParams';

const LOG_SUBPATHS = new Set(['log', 'logs']);
/** Subresources that open a stream into a container: a read tool must not run or attach to anything. */
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);
/** The one proxy a read may use: a node's, to the kubelet's read endpoints (stats/summary, metrics, logs/). */
const PROXY_ALLOWED_FOR = new Set(['nodes']);

/** Refuses connect subresources before any request: only the path says what they are. */
function refuseConnect(subPath: string | undefined): void {
  const first = subPath?.split('/')[0];
  if (first === undefined || !CONNECT_SUBRESOURCES.has(first)) return;
  throw new ValidationError('sub_path', `"${first}" opens a connection into a container, which this read tool does not do. ` +
    'To run a command, use interact_k8s_endpoint with action_path "exec" (read-write mode); attach and portforward are not offered.');
}

/** A pod's or service's proxy reaches the application's own HTTP endpoints, which are not Kubernetes reads. */
function refuseApplicationProxy(subPath: string | undefined, plural: string): void {
  if (subPath?.split('/')[0] !== 'proxy' || PROXY_ALLOWED_FOR.has(plural)) return;
  throw new ValidationError('sub_path', `the proxy of ${plural} reaches the application's own HTTP endpoints, which this tool does not call. ` +
    'Read the object, its status or (pods) its logs instead; a node\'s proxy (kubelet stats/summary, metrics, logs/) is allowed.');
}

export const getEntityTool = defineTool({
  name: 'get_k8s_entity',
  title: 'Get a Kubernetes object',
  description: [
    'Get one Kubernetes object as JSON (managedFields removed, Secret values masked), or one of its subresources',
    '(sub_path "status", "scale", …), or a pod\'s logs (resource_kind "pods", sub_path "logs").',
    'Logs default to the last 100 lines and 32 KiB; query_params: container, previous, sinceSeconds, sinceTime,',
    'timestamps, tailLines (max 10000), limitBytes (max 10 MiB). Answers are kept under a size budget: logs keep the newest',
    'lines, an object its longest values shortened; the answer says what was cut.',
    'Node diagnostics through the kubelet: resource_kind "nodes", sub_path "proxy/stats/summary" (CPU, memory and',
    'filesystem use per pod), "proxy/metrics", "proxy/logs/<file>". Not offered: exec, attach, portforward (run',
    'commands with interact_k8s_endpoint) and pod or service proxies (they reach the application, not Kubernetes).',
    'Example: {"scope":"namespaced","api_group":"apps","api_version":"v1","resource_kind":"deployments",',
    '"target_ns":"default","entity_name":"web"}. Use scan_k8s_collection to find names first.',
  ].join(' '),
  inputSchema: {
    ...addressShape,
    entity_name: z.string().describe('Name of the object.'),
    sub_path: z.string().optional().describe('Subresource: "status", "scale", "logs" (pods), "proxy/stats/summary" (nodes), or another GET-able subresource.'),
    query_params: queryParamsParameter('Query parameters: resourceVersion for objects; container, tailLines, sinceSeconds, … for logs.'),
  },
  category: 'read',
  idempotent: true,
  async handler(args, ctx) {
    const subPath = args.sub_path === undefined || args.sub_path === '' ? undefined : validateSubPath(args.sub_path);
    refuseConnect(subPath);
    const query = toQueryValues(args.query_params);
    const isLogs = subPath !== undefined && LOG_SUBPATHS.has(subPath);
    // A watch (or a followed log) never ends: it would hold the call until its deadline and return nothing useful.
    for (const key of ['watch', 'follow']) {
      if (query && key in query) throw new ValidationError(`query_params.${key}`, `${key} is not supported: this tool returns one answer. Use resourceVersion to read a specific version.`);
    }
    const logOptions = isLogs
      ? resolveLogOptions(query ?? {}, { tailLines: ctx.options.logs.defaultTailLines, limitBytes: ctx.options.logs.defaultLimitBytes })
      : undefined;
    const { client, resolved } = await resolveTarget(ctx, args, 'get', { subresource: subPath?.split('/')[0] });
    refuseApplicationProxy(subPath, resolved.resource.plural);
    if (logOptions) {
      if (resolved.resource.plural !== 'pods') throw new ValidationError('sub_path', `logs are served for pods only, not ${resolved.resource.plural}.`);
      const logs = await readPodLogs(client, resolved, logOptions, ctx.signal);
      return textResult(fitLogToBudget(logs.notice, logs.text, ctx.options.maxAnswerBytes));
    }
    const { object } = await getObject(client, resolved, { subPath, query, allowSecretValues: ctx.options.allowSecretValues }, ctx.signal);
    return textResult(fitObjectToBudget(object, ctx.options.maxAnswerBytes));
  },
});
