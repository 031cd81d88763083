/** interact_k8s_endpoint: pod exec over WebSocket, or a POST to another subresource (eviction, …). */
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { quoteForMessage } from '../../core/input/quoteForMessage';
import { assertNoCredentialCreation, postSubresource } from '../../core/operations/postSubresource';
import { describeAddress } from '../../core/input/resourceAddress';
import { getLive } from '../../core/operations/serverSideApply';
import { validateDns1123Label, validateSubPath } from '../../core/input/validation';
import { textResult } from '../pipeline/errorResult';
import { resolveTarget } from '../pipeline/resolveTarget';
import { maskObject, writeRequest } from '../writes/writeRequest';
import { execWithEvents } from '../execEvents';
import { DEFAULT_OPTIONS, type ServerOptions } from '../options';
import { queryParamsParameter, toQueryValues } from '../pipeline/queryParams';
import { addressShape, defineTool } from '../protocol/toolDefinition';

const EXEC_KEYS = new Set(['command', 'container', 'timeout']);
/** Streaming subresources that need a protocol this tool does not speak. */
const STREAMING = new Set(['attach', 'portforward', 'proxy']);
const MAX_COMMAND_BYTES = 64 * 1024;
/** What the description tells the model; the configured figures are enforced (execPayload). */
const EXEC_DEFAULTS = DEFAULT_OPTIONS.exec;

interface ExecPayload { command: string[]; container?: string | undefined; timeoutSeconds: number }

/** Checks the exec payload completely before anything is sent. */
export function parseExecPayload(payload: Record<string, unknown>, options: Readonly<ServerOptions>): ExecPayload {
  const unknown = Object.keys(payload).filter((k) => !EXEC_KEYS.has(k));
  if (unknown.length) throw new ValidationError('request_payload', `unknown key(s) ${unknown.map((key) => quoteForMessage(key)).join(', ')}; exec takes { command: string[], container?, timeout? }.`);
  const command = payload.command;
  if (typeof command === 'string') {
    throw new ValidationError('request_payload.command', `must be an array of strings, not a string. For a shell line use ["sh","-c",${quoteForMessage(command, 200)}]; for a program pass ["ls","-l","/tmp"].`);
  }
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string')) {
    throw new ValidationError('request_payload.command', 'must be a non-empty array of strings, e.g. ["cat","/etc/hostname"] or ["sh","-c","ls /tmp | head"].');
  }
  if (command[0] === '' || Buffer.byteLength(command.join('\0')) > MAX_COMMAND_BYTES) {
    throw new ValidationError('request_payload.command', `the program name must not be empty and the whole command must stay under ${MAX_COMMAND_BYTES} bytes.`);
  }
  const container = payload.container === undefined || payload.container === '' ? undefined : validateDns1123Label(payload.container, 'request_payload.container', 'app');
  const max = options.exec.maxTimeoutSeconds;
  let timeoutSeconds = options.exec.defaultTimeoutSeconds;
  if (payload.timeout !== undefined) {
    const t = payload.timeout;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 1 || t > max) {
      throw new ValidationError('request_payload.timeout', `must be a number of seconds from 1 to ${max}, got ${quoteForMessage(t)}. Long-running work belongs in a Job.`);
    }
    timeoutSeconds = t;
  }
  return { command, container, timeoutSeconds };
}

function execTimeoutFor(args: { action_path?: unknown; request_payload?: unknown }, options: Readonly<ServerOptions>): number {
  const payload = args.request_payload as { timeout?: unknown } | undefined;
  const t = typeof payload?.timeout === 'number' && payload.timeout >= 1 && payload.timeout <= options.exec.maxTimeoutSeconds ? payload.timeout : options.exec.defaultTimeoutSeconds;
  return t;
}

export const interactEndpointTool = defineTool({
  name: 'interact_k8s_endpoint',
  title: 'Run a command in a pod or call a Kubernetes subresource',
  description: [
    'POST to a subresource of one named object. Pod exec: resource_kind "pods", action_path "exec", request_payload',
    `{"command":["sh","-c","ls /tmp"],"container":"app","timeout":15} (command is an array; timeout in seconds, default ${EXEC_DEFAULTS.defaultTimeoutSeconds},`,
    `max ${EXEC_DEFAULTS.maxTimeoutSeconds}). Returns JSON {stdout, stderr, stdoutTruncated, stderrTruncated, exitCode, timedOut, error}; each stream is cut at`,
    '1 MiB. Other subresources, e.g. evicting a pod: action_path "eviction", request_payload {"apiVersion":"policy/v1",',
    '"kind":"Eviction","metadata":{"name":"<pod>"}}; request_options are query parameters (e.g. {"dryRun":"All"}).',
    'Creating tokens or certificate requests is refused unless the server allows credential creation.',
  ].join(' '),
  inputSchema: {
    ...addressShape,
    entity_name: z.string().describe('Name of the object (for exec: the pod).'),
    action_path: z.string().describe('The subresource: "exec" (pods), "eviction" (pods), …'),
    request_payload: z.record(z.string(), z.unknown()).optional().describe('The body: for exec {command: string[], container?, timeout?}; otherwise the object to POST.'),
    request_options: queryParamsParameter('Query parameters of the POST, e.g. {"dryRun":"All"}. Not used by exec.'),
  },
  category: 'write',
  idempotent: false,
  deadlineMs(args, options) {
    return args.action_path === 'exec' ? (execTimeoutFor(args, options) + 5) * 1000 : options.requestTimeoutMs;
  },
  async handler(args, ctx) {
    const actionPath = validateSubPath(args.action_path, 'action_path');
    if (STREAMING.has(actionPath.split('/')[0]!)) {
      throw new ValidationError('action_path', `"${actionPath}" needs a streaming connection this tool does not offer; use "exec" to run a command, or get_k8s_entity for GET-able subresources.`);
    }
    const payload = args.request_payload ?? {};
    const isExec = actionPath === 'exec';
    const exec = isExec ? parseExecPayload(payload, ctx.options) : undefined;
    if (isExec && args.request_options && Object.keys(args.request_options).length) {
      throw new ValidationError('request_options', 'exec takes its options in request_payload (command, container, timeout), not as query parameters.');
    }
    const query = toQueryValues(args.request_options, 'request_options');
    const top = actionPath.split('/')[0]!;
    const target = await resolveTarget(ctx, args, isExec ? 'exec' : 'post', { subresource: top });
    const { client, resolved } = target;
    const r = resolved.resource;
    if (isExec && r.plural !== 'pods') throw new ValidationError('action_path', `exec is served for pods only, not ${r.plural}.`);
    // Discovery lists each resource's subresources: an unknown one is refused here instead of a 404 later.
    if (r.subresources.length > 0 && !r.subresources.includes(top)) {
      throw new ValidationError('action_path', `${r.plural} have no "${actionPath}" subresource. Available: ${r.subresources.join(', ')}.`);
    }
    assertNoCredentialCreation(r, actionPath, undefined, ctx.options.allowCredentialCreation);
    const mask = maskObject(ctx.options);
    const detail = exec ? `${JSON.stringify(exec.command)}${exec.container ? ` in container ${exec.container}` : ''}` : `POST ${actionPath}`;
    // Neither exec nor an arbitrary POST has a safe dry run; the preview shows the live object.
    await ctx.confirmWrite(writeRequest(target, args.entity_name, isExec ? 'exec' : 'post', detail,
      async () => ({ live: mask(await getLive(client, resolved, ctx.signal)), result: null })));

    if (!exec) {
      const posted = await postSubresource(client, resolved, actionPath, payload, { query, signal: ctx.signal });
      return textResult(`POST ${actionPath} on ${describeAddress(resolved)}: HTTP ${posted.status}.\n${JSON.stringify(mask(posted.response))}`);
    }
    const result = await execWithEvents(ctx, client, resolved, exec);
    const { protocol: _protocol, ...shown } = result;
    return textResult(JSON.stringify(shown));
  },
});
