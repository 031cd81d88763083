/**
 * Wraps every tool handler with what all calls share: the rate limit, a deadline that aborts the Kubernetes
 * request, client cancellation, the write confirmation memory, activity events, and the translation of errors
 * into `isError` results. Nothing here knows about a particular tool.
 */
import { setMaxListeners } from 'node:events';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Caller } from '../core/credentials/callerCredentials';
import type { ClusterConnections } from '../core/clusterConnections';
import { K8sError } from '../core/errors';
import type { RateLimiter } from '../core/rateLimiter';
import { errorResult } from './errorResult';
import type { ServerHooks, WriteDecision, WriteRequest } from './hooks';
import { maskArguments } from './maskArguments';
import type { ServerOptions } from './options';
import type { ToolContext, ToolDefinition } from './toolDefinition';

export interface SessionInfo {
  id: string;
  /** Remote address or auth token fingerprint: the per-client rate-limit bucket. */
  clientKey: string;
  /** Tools+contexts the person allowed "for this session". */
  allowed: Set<string>;
}

export interface RunnerDeps {
  options: () => Readonly<ServerOptions>;
  hooks: ServerHooks;
  clusters: ClusterConnections;
  limiter: RateLimiter;
  /** Identity passthrough: the caller a request's auth info names, whose token its API requests carry. */
  callerFor(authInfo: AuthInfo | undefined): Caller | undefined;
}

/** What the SDK hands a tool call: the client's cancellation and, when the client asked, a progress channel. */
export interface CallExtra {
  signal: AbortSignal;
  /** Identity passthrough: the HTTP request's bearer token (`token`) and its rate-limit key (`clientId`). */
  authInfo?: AuthInfo | undefined;
  _meta?: { progressToken?: string | number } | undefined;
  sendNotification(notification: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; message: string } }): Promise<void>;
}

export async function runTool(
  tool: ToolDefinition, args: Record<string, unknown>, session: SessionInfo, deps: RunnerDeps, extra: CallExtra,
): Promise<CallToolResult> {
  const clientSignal = extra.signal;
  const started = Date.now();
  const options = deps.options();
  const contextArg = typeof args.context === 'string' && args.context !== '' ? args.context : undefined;
  let contextName = contextArg ?? '';
  let result: CallToolResult;
  let outcome: string | undefined;
  const deadlineMs = tool.deadlineMs ? tool.deadlineMs(args as never, options) : options.requestTimeoutMs;
  // One controller aborted by the deadline or by the client's cancellation (cheaper than AbortSignal.any,
  // which costs a second signal and a composite on every call).
  const abort = new AbortController();
  const signal = abort.signal;
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, deadlineMs);
  const onClientAbort = (): void => abort.abort(clientSignal.reason);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  // Discovery fans one call out to many parallel requests, each listening on this signal.
  setMaxListeners(100, signal);
  const caller = deps.callerFor(extra.authInfo);
  try {
    deps.limiter.check(session.id, extra.authInfo?.clientId ?? session.clientKey, tool.category);
    if (!contextArg) contextName = deps.clusters.selection().context;
    const ctx: ToolContext = {
      options,
      hooks: deps.hooks,
      connection: () => deps.clusters.get(contextName, caller),
      selectedNamespace: () => deps.clusters.selection().namespace,
      signal,
      remainingMs: () => Math.max(1, deadlineMs - (Date.now() - started)),
      sessionId: session.id,
      progress: progressReporter(extra),
      confirmWrite: (request) => confirm(tool, contextName, request, session, deps.hooks),
    };
    result = await tool.handler(args as never, ctx);
  } catch (err) {
    const error = translateAbort(err, timedOut, tool.name, deadlineMs);
    outcome = error instanceof K8sError ? error.kind : 'error';
    if (outcome === 'rate-limited') deps.hooks.onRateLimited?.(tool.category);
    result = errorResult(error);
  } finally {
    clearTimeout(timer);
    clientSignal.removeEventListener('abort', onClientAbort);
    deps.hooks.onLimits?.(deps.limiter.snapshot());
  }
  deps.hooks.onToolCall?.({ tool: tool.name, outcome: outcome ?? (result.isError ? 'error' : 'ok'), durationMs: Date.now() - started });
  if (deps.hooks.onActivity) reportActivity(deps.hooks.onActivity, tool, contextName, args, result, started, session.id);
  return result;
}

/** ctx.progress: numbered `notifications/progress` on the client's token; nothing when it gave none. */
function progressReporter(extra: CallExtra): (message: string) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => undefined;
  let progress = 0;
  return (message) => {
    // A client that went away must not fail the call; its answer is lost anyway.
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++progress, message } }).catch(() => undefined);
  };
}

/** The activity event for listeners (the extension's Activity log); built only when someone listens. */
function reportActivity(
  onActivity: NonNullable<ServerHooks['onActivity']>, tool: ToolDefinition, contextName: string, args: Record<string, unknown>,
  result: CallToolResult, started: number, sessionId: string,
): void {
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  onActivity({
    tool: tool.name,
    context: contextName,
    args: maskArguments(args),
    ok: !result.isError,
    summary: text.split('\n', 1)[0]!.slice(0, 200),
    resultBytes: Buffer.byteLength(text),
    durationMs: Date.now() - started,
    sessionId,
  });
}

/** A cancelled request is a timeout when our deadline fired, a cancellation when the client asked. */
function translateAbort(err: unknown, timedOut: boolean, tool: string, deadlineMs: number): unknown {
  if (err instanceof K8sError && err.kind === 'cancelled' && timedOut) {
    return new K8sError('timeout', `${tool} did not finish within ${Math.round(deadlineMs / 1000)} s; the Kubernetes request was aborted. The cluster may be slow: retry, or narrow the request.`);
  }
  return err;
}

async function confirm(
  tool: ToolDefinition, context: string, request: Omit<WriteRequest, 'tool' | 'context'>, session: SessionInfo, hooks: ServerHooks,
): Promise<void> {
  if (!hooks.confirmWrite) return;
  const key = `${tool.name}\u0000${context}`;
  if (session.allowed.has(key)) return;
  let decision: WriteDecision;
  try {
    decision = await hooks.confirmWrite({ ...request, tool: tool.name, context });
  } catch {
    decision = 'deny';
  }
  if (decision === 'allow-session') session.allowed.add(key);
  if (decision === 'deny') {
    throw new K8sError('declined', `The write was declined by the user (${request.action} ${request.kind} "${request.name}"${request.namespace ? ` in ${request.namespace}` : ''}, context ${context}). Do not retry it unless the user asks.`);
  }
}
