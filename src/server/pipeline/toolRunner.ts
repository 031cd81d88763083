/**
 * Wraps every tool handler and resource read with what all calls share: the rate limit, a deadline that aborts the Kubernetes
 * request, client cancellation, the write confirmation memory, activity events, and the translation of errors
 * into `isError` results. Nothing here knows about a particular tool.
 */
import { setMaxListeners } from 'node:events';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { AuditLog } from '../../core/audit/auditLog';
import type { Caller } from '../../core/credentials/callerCredentials';
import type { ClusterConnections, Connection } from '../../core/client/clusterConnections';
import { DeadlineError } from '../../core/client/abortReason';
import { K8sError } from '../../core/errors';
import type { RateCategory, RateLimiter } from '../../core/limits/rateLimiter';
import { errorMessage, errorResult } from './errorResult';
import type { ClientPeer } from '../protocol/clientPeer';
import type { ServerHooks, WriteRequest } from '../hooks';
import { maskArguments } from './maskArguments';
import type { ServerOptions } from '../options';
import { isWriteTool, type ToolContext, type ToolDefinition } from '../protocol/toolDefinition';
import { approveWrite } from '../writes/writeApproval';
import { WriteAttempt, type AuditedUser } from '../writes/writeAudit';

export interface SessionInfo {
  id: string;
  /** Remote address or auth token fingerprint: the per-client rate-limit bucket. */
  clientKey: string;
  /** Tools+contexts the person allowed "for this session". */
  allowed: Set<string>;
  /** The session's MCP client: its name, and whether it can ask the person (elicitation). */
  peer?: ClientPeer | undefined;
}

export interface RunnerDeps {
  options: () => Readonly<ServerOptions>;
  hooks: ServerHooks;
  clusters: ClusterConnections;
  limiter: RateLimiter;
  /** Identity passthrough: the caller a request's auth info names, whose token its API requests carry. */
  callerFor(authInfo: AuthInfo | undefined): Caller | undefined;
  /** The policy's audit log, when it names one: every write attempt gets a line. */
  audit?: AuditLog | undefined;
}

/** What the SDK hands a tool call: the client's cancellation and, when the client asked, a progress channel. */
export interface CallExtra {
  signal: AbortSignal;
  /** Identity passthrough: the HTTP request's bearer token (`token`) and its rate-limit key (`clientId`). */
  authInfo?: AuthInfo | undefined;
  _meta?: { progressToken?: string | number } | undefined;
  sendNotification(notification: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; message: string } }): Promise<void>;
}

/** One call through the pipeline: a tool call, or a resource read (named "resources/read"). */
export interface PipelineCall {
  name: string;
  category: RateCategory;
  deadlineMs: number;
  /** As the client sent them; shown masked in the activity event. */
  args: Record<string, unknown>;
  /** Told the method and status of each API answer of this call (a write's audit line). */
  onApiResponse?: ((method: string, status: number) => void) | undefined;
}

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What the activity event says about a successful call's value. */
export type DescribeValue<T> = (value: T) => { text: string; ok: boolean };

/**
 * Runs `handler` with what every call shares. The deadline aborts the call's one signal with the message the
 * agent sees (abortReason.ts), so every request inside the call ends with it; no core call keeps a timer of
 * its own.
 */
export async function runCall<T>(
  call: PipelineCall, session: SessionInfo, deps: RunnerDeps, extra: CallExtra,
  handler: (ctx: ToolContext) => Promise<T>, describe: DescribeValue<T>,
  confirmWrite: (context: string, request: Omit<WriteRequest, 'tool' | 'context'>, signal: AbortSignal) => Promise<void> = refuseWrite,
): Promise<CallOutcome<T>> {
  const clientSignal = extra.signal;
  const started = Date.now();
  const options = deps.options();
  const contextArg = typeof call.args.context === 'string' && call.args.context !== '' ? call.args.context : undefined;
  let contextName = contextArg ?? '';
  let outcome: CallOutcome<T>;
  // One controller aborted by the deadline or by the client's cancellation (cheaper than AbortSignal.any,
  // which costs a second signal and a composite on every call).
  const abort = new AbortController();
  const signal = abort.signal;
  const timer = setTimeout(() => abort.abort(deadlineError(call.name, call.deadlineMs)), call.deadlineMs);
  const onClientAbort = (): void => abort.abort(clientSignal.reason);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  // Discovery fans one call out to many parallel requests, each listening on this signal.
  setMaxListeners(100, signal);
  const caller = deps.callerFor(extra.authInfo);
  try {
    deps.limiter.check(session.id, extra.authInfo?.clientId ?? session.clientKey, call.category);
    if (!contextArg) contextName = deps.clusters.selection().context;
    const ctx: ToolContext = {
      options,
      hooks: deps.hooks,
      connection: () => observed(deps.clusters.get(contextName, caller), call.onApiResponse),
      selectedNamespace: () => deps.clusters.selection().namespace,
      signal,
      sessionId: session.id,
      progress: progressReporter(extra),
      confirmWrite: (request) => confirmWrite(contextName, request, signal),
    };
    outcome = { ok: true, value: await handler(ctx) };
  } catch (err) {
    const error = translateAbort(err, signal);
    if (error instanceof K8sError && error.kind === 'rate-limited') deps.hooks.onRateLimited?.(call.category);
    outcome = { ok: false, error };
  } finally {
    clearTimeout(timer);
    clientSignal.removeEventListener('abort', onClientAbort);
    deps.hooks.onLimits?.(deps.limiter.snapshot());
  }
  if (deps.hooks.onActivity) {
    const seen = outcome.ok ? describe(outcome.value) : { text: errorMessage(outcome.error), ok: false };
    reportActivity(deps.hooks.onActivity, call, contextName, seen, started, session.id);
  }
  return outcome;
}

export async function runTool(
  tool: ToolDefinition, args: Record<string, unknown>, session: SessionInfo, deps: RunnerDeps, extra: CallExtra,
): Promise<CallToolResult> {
  const started = Date.now();
  const options = deps.options();
  const deadlineMs = tool.deadlineMs ? tool.deadlineMs(args, options) : options.requestTimeoutMs;
  const attempt = isWriteTool(tool) && deps.audit
    ? new WriteAttempt(deps.audit, tool.name, args, session, auditedUser(deps, extra.authInfo)) : undefined;
  const outcome = await runCall(
    {
      name: tool.name, category: tool.category, deadlineMs, args,
      onApiResponse: attempt && ((method, status) => attempt.answered(method, status)),
    },
    session, deps, extra,
    (ctx) => tool.handler(args as never, ctx),
    (result) => ({ text: result.content.map((c) => (c.type === 'text' ? c.text : '')).join(''), ok: !result.isError }),
    (context, request, signal) => confirm(tool, context, request, { session, deps, signal, attempt }),
  );
  void attempt?.finish(callContext(args, deps), outcome.ok ? undefined : outcome.error);
  const result = outcome.ok ? outcome.value : errorResult(outcome.error);
  const kind = outcome.ok ? (result.isError ? 'error' : 'ok') : outcome.error instanceof K8sError ? outcome.error.kind : 'error';
  deps.hooks.onToolCall?.({ tool: tool.name, outcome: kind, durationMs: Date.now() - started });
  return result;
}

/** The connection whose client also tells `observe` of each answer; the connection itself without one. */
function observed(connection: Connection, observe: PipelineCall['onApiResponse']): Connection {
  return observe ? { ...connection, client: connection.client.observing(observe) } : connection;
}

/**
 * Who the audit line says made the write. Identity passthrough (SPEC §8): the caller, as the fingerprint of
 * their token that also keys their rate-limit budget (never the token); the kubeconfig user is not used at all.
 * Otherwise the kubeconfig user of the call's context.
 */
function auditedUser(deps: RunnerDeps, authInfo: AuthInfo | undefined): AuditedUser {
  if (deps.options().authMode === 'passthrough') return () => authInfo?.clientId ?? '';
  return (context) => {
    try {
      return deps.clusters.contexts().find((c) => c.name === context)?.user ?? '';
    } catch {
      return '';
    }
  };
}

/** Only write tools confirm; a resource read never writes. */
function refuseWrite(): Promise<void> {
  return Promise.reject(new K8sError('internal', 'a read asked to confirm a write.'));
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
  onActivity: NonNullable<ServerHooks['onActivity']>, call: PipelineCall, contextName: string, seen: { text: string; ok: boolean },
  started: number, sessionId: string,
): void {
  const { text } = seen;
  onActivity({
    tool: call.name,
    context: contextName,
    args: maskArguments(call.args),
    ok: seen.ok,
    summary: text.split('\n', 1)[0]!.slice(0, 200),
    resultBytes: Buffer.byteLength(text),
    durationMs: Date.now() - started,
    sessionId,
  });
}

/** The reason the deadline aborts a call with: the message every request inside the call ends with. */
function deadlineError(name: string, deadlineMs: number): DeadlineError {
  const seconds = Math.round(deadlineMs / 1000);
  return new DeadlineError(deadlineMs, `${name} did not finish within ${seconds} s; the Kubernetes request was aborted. The cluster may be slow: retry, or narrow the request.`);
}

/**
 * Whatever a handler threw after the deadline fired (a cancelled discovery request, a stream that ended), the
 * agent is told the deadline passed; a cancellation by the client stays one.
 */
function translateAbort(err: unknown, signal: AbortSignal): unknown {
  if (err instanceof K8sError && err.kind === 'cancelled' && signal.reason instanceof DeadlineError) return signal.reason;
  return err;
}

/** The context a call ran against: its `context` argument, else the selected one ('' when none can be read). */
function callContext(args: Record<string, unknown>, deps: RunnerDeps): string {
  if (typeof args.context === 'string' && args.context !== '') return args.context;
  try {
    return deps.clusters.selection().context;
  } catch {
    return '';
  }
}

interface ConfirmDeps { session: SessionInfo; deps: RunnerDeps; signal: AbortSignal; attempt: WriteAttempt | undefined }

/** Asks whoever approves writes (see approveWrite); throws K8sError('declined') when refused. */
async function confirm(
  tool: ToolDefinition, context: string, request: Omit<WriteRequest, 'tool' | 'context'>, { session, deps, signal, attempt }: ConfirmDeps,
): Promise<void> {
  const full = { ...request, tool: tool.name, context };
  attempt?.aimedAt(full);
  const approvedBy = await approveWrite(full, deps.options().policy, session, deps.hooks, signal);
  attempt?.approvedBy(approvedBy);
}
