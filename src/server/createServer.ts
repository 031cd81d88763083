/**
 * The MCP service: shared state (kubeconfig connections, rate limiter, mode) plus one SDK McpServer per client
 * session, because an SDK server instance serves exactly one transport. Transports (stdio, SSE, streamable
 * HTTP) call newSession(); the extension and the CLI call the rest.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Caller } from '../core/credentials/callerCredentials';
import { AuditLog } from '../core/audit/auditLog';
import { ClusterConnections, type Selection } from '../core/client/clusterConnections';
import type { ContextSummary } from '../core/client/kubeconfig';
import { K8sError } from '../core/errors';
import { RateLimiter, type RateCategory } from '../core/limits/rateLimiter';
import { CallerVerdicts, type Verdict } from './http/callerVerdicts';
import type { Policy } from '../core/policy/policy';
import { withReadWriteSwitch } from '../core/policy/policy';
import { mayAnyContextWrite } from '../core/policy/policyRules';
import { currentAuthInfo } from './protocol/callerScope';
import type { LimitsSnapshot, ServerHooks } from './hooks';
import type { ServerOptions } from './options';
import { ResourceCatalogue } from './resources';
import { ALL_PROMPTS } from './prompts';
import type { PromptContext } from './prompts/promptDefinition';
import { ALL_TOOLS } from './tools';
import { isWriteTool, type ToolDefinition } from './protocol/toolDefinition';
import { openSession, type LiveSession, type SessionHandle, type SharedBySessions } from './serverSession';

export type { SessionHandle } from './serverSession';
import { listNamespaces } from '../core/operations/namespaces';

export interface K8sMcpService {
  readonly options: Readonly<ServerOptions>;
  /**
   * Counts a new session against the client's rate-limit budget (its `default` bucket), so opening sessions
   * is not a way around the limits; throws K8sError('rate-limited') when it is spent. For transports that open
   * sessions on a client's request (HTTP), before newSession().
   */
  admitSession(clientKey: string): void;
  /**
   * A new MCP server instance for one client session (connect a transport to `server`). A `stateless` one
   * serves a single request (`--stateless`): it sends no list_changed notifications, and its rate-limit
   * budget under `id` outlives it (give every request of a client the same id).
   */
  newSession(session: { id: string; clientKey: string; stateless?: boolean }): SessionHandle;
  /** Identity passthrough: whether the API server accepts `token` (answers from a short memory, see callerVerdicts.ts). */
  verifyCaller(token: string): Promise<Verdict>;
  /** The read-write switch: sets the policy's defaultMode; clients get tools/list_changed when the write tools come or go. */
  setReadWrite(on: boolean): void;
  /** Replaces the policy (a changed config or settings); tools/list_changed when the write tools come or go. */
  setPolicy(policy: Policy): void;
  /** Switches the context (and namespace) the tools use; throws K8sError('config') for unknown contexts. */
  useContext(name: string, namespace?: string): void;
  selection(): Selection;
  contexts(): ContextSummary[];
  /** The kubeconfig's context names; undefined when it cannot be read (that problem is reported on its own). */
  contextNames(): string[] | undefined;
  reloadKubeconfig(): void;
  listNamespaces(context?: string): Promise<string[]>;
  limits(): LimitsSnapshot;
  sessionCount(): number;
  close(): Promise<void>;
}

/** The prompts with their argument shapes, built once per service (like the tools' input objects) for every session. */
function servicePrompts(
  clusters: ClusterConnections, callerFor: (authInfo: AuthInfo | undefined) => Caller | undefined,
): Pick<SharedBySessions, 'promptContext' | 'prompts'> {
  const promptContext: PromptContext = {
    // A broken kubeconfig must not break a prompt: the tools it leads to will explain the problem.
    selectedNamespace: () => { try { return clusters.selection().namespace; } catch { return 'default'; } },
    // Completers get no request context from the SDK: the caller comes from the message's scope.
    listNamespaces: () => listNamespaces(clusters.get(undefined, callerFor(currentAuthInfo())).client),
  };
  return { promptContext, prompts: ALL_PROMPTS.map((prompt) => ({ prompt, argsSchema: prompt.arguments(promptContext) })) };
}

/** Identity passthrough: whether the API server accepts a caller's token, and the caller of a request. */
function passthroughCallers(clusters: ClusterConnections): {
  verdicts: CallerVerdicts; callerFor: (authInfo: AuthInfo | undefined) => Caller | undefined;
} {
  // GET /version: any authenticated caller may read it, and an unknown token is a 401 on every path.
  const verdicts = new CallerVerdicts(async (token) =>
    (await clusters.get(undefined, { token }).client.request({ method: 'GET', path: '/version', signal: AbortSignal.timeout(10_000) })).status);
  const callerFor = (authInfo: AuthInfo | undefined): Caller | undefined =>
    authInfo && { token: authInfo.token, onRejected: () => verdicts.forget(authInfo.token) };
  return { verdicts, callerFor };
}

/**
 * The tools offered: the write tools only while some context may be written (SPEC §7). That changes only with
 * the policy or the kubeconfig, both through `changeTools`, so it is remembered between those instead of worked
 * out again on every tools/list and tools/call; a change that turns the write tools on or off sends every
 * session tools/list_changed.
 */
function toolOffer(policy: () => Policy, clusters: ClusterConnections, sessions: Map<string, LiveSession>): {
  offeredTools: () => readonly ToolDefinition[]; changeTools: (change: () => void) => void;
} {
  let writableNow: boolean | undefined;
  const writable = (): boolean => (writableNow ??= anyContextWritable(policy(), clusters));
  const readTools = ALL_TOOLS.filter((tool) => !isWriteTool(tool));
  return {
    offeredTools: () => (writable() ? ALL_TOOLS : readTools),
    changeTools: (change) => {
      const before = writable();
      change();
      writableNow = undefined;
      if (writable() !== before) for (const live of sessions.values()) live.server.sendToolListChanged();
    },
  };
}

function contextNamesOf(clusters: ClusterConnections): string[] | undefined {
  try {
    return clusters.contexts().map((c) => c.name);
  } catch {
    return undefined;
  }
}

/** SPEC §7: write tools are offered while the policy lets at least one kubeconfig context be written. */
function anyContextWritable(policy: Policy, clusters: ClusterConnections): boolean {
  return mayAnyContextWrite(policy, contextNamesOf(clusters));
}

/** Runs a rate-limit check, telling the metrics about a refusal. */
function countRefusal(hooks: ServerHooks, category: RateCategory, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof K8sError && err.kind === 'rate-limited') hooks.onRateLimited?.(category);
    throw err;
  }
}

/** The options with the policy's defaultMode following the read-write switch. */
function effective(options: ServerOptions): Readonly<ServerOptions> {
  return Object.freeze({ ...options, policy: withReadWriteSwitch(options.policy, options.readWrite) });
}

export function createServer(initialOptions: ServerOptions, hooks: ServerHooks = {}): K8sMcpService {
  let options = effective(initialOptions);
  const clusters = new ClusterConnections(options.kubeconfig, {
    context: options.context, namespace: options.namespace, passthrough: options.authMode === 'passthrough', onApiResponse: hooks.onApiResponse,
  });
  const limiter = new RateLimiter(options.rateLimit);
  const sessions = new Map<string, LiveSession>();
  const { verdicts, callerFor } = passthroughCallers(clusters);
  const { auditLog } = options.policy;
  const audit = auditLog ? new AuditLog(auditLog, { log: (level, message) => hooks.log?.(level, message) }) : undefined;
  const deps = { options: () => options, hooks, clusters, limiter, callerFor, audit };
  const catalogue = new ResourceCatalogue(clusters, () => options, hooks, callerFor);
  const { promptContext, prompts } = servicePrompts(clusters, callerFor);

  const { offeredTools, changeTools } = toolOffer(() => options.policy, clusters, sessions);

  const shared: SharedBySessions = { deps, offeredTools, prompts, promptContext, catalogue, sessions, limiter };

  return {
    get options() { return options; },
    admitSession: (clientKey) => countRefusal(hooks, 'default', () => limiter.checkClient(clientKey, 'default', 'new sessions')),
    newSession: (session) => openSession(shared, session),
    verifyCaller: (token) => verdicts.verdict(token),
    setReadWrite(on) {
      if (options.readWrite === on) return;
      if (!on) for (const live of sessions.values()) live.info.allowed.clear();
      changeTools(() => { options = effective({ ...options, readWrite: on }); });
    },
    setPolicy(policy) {
      // "Allow for this session" was given under the old rules; a person who just changed them is asked again.
      for (const live of sessions.values()) live.info.allowed.clear();
      changeTools(() => { options = effective({ ...options, policy, readWrite: policy.defaultMode === 'read-write' }); });
      catalogue.invalidate();
    },
    useContext(name, namespace) {
      const selection = clusters.select(name, namespace);
      for (const live of sessions.values()) live.info.allowed.clear();
      catalogue.invalidate();
      hooks.onContextChange?.(selection);
    },
    selection: () => clusters.selection(),
    contexts: () => clusters.contexts(),
    contextNames: () => contextNamesOf(clusters),
    reloadKubeconfig() {
      changeTools(() => clusters.reload());
      catalogue.invalidate();
    },
    listNamespaces: (context) => listNamespaces(clusters.get(context).client),
    limits: () => limiter.snapshot(),
    sessionCount: () => sessions.size,
    async close() {
      catalogue.close();
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => undefined)));
      sessions.clear();
      await audit?.flush();
      clusters.close();
    },
  };
}
