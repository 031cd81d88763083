/**
 * The MCP service: shared state (kubeconfig connections, rate limiter, mode) plus one SDK McpServer per client
 * session, because an SDK server instance serves exactly one transport. Transports (stdio, SSE, streamable
 * HTTP) call newSession(); the extension and the CLI call the rest.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
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
import { CallerScopedMcpServer, currentAuthInfo } from './protocol/callerScope';
import { clientPeer } from './protocol/clientPeer';
import type { LimitsSnapshot, ServerHooks } from './hooks';
import { SERVER_NAME, type ServerOptions } from './options';
import { runResourceRead } from './pipeline/resourceRead';
import { ResourceCatalogue } from './resources';
import { SERVER_INSTRUCTIONS } from './protocol/instructions';
import { ALL_PROMPTS } from './prompts';
import type { PromptContext } from './prompts/promptDefinition';
import { ALL_TOOLS } from './tools';
import { serveTools } from './protocol/toolProtocol';
import { runTool, type SessionInfo } from './pipeline/toolRunner';
import { listNamespaces } from '../core/operations/namespaces';
import { VERSION } from './version';

export interface SessionHandle {
  readonly id: string;
  readonly server: McpServer;
  close(): Promise<void>;
}

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
  reloadKubeconfig(): void;
  listNamespaces(context?: string): Promise<string[]>;
  limits(): LimitsSnapshot;
  sessionCount(): number;
  close(): Promise<void>;
}

/**
 * The SDK builds an ajv validator for every server, for elicitation answers, which we never ask for; ajv and its
 * formats cost start-up time and memory (README "Measured"), so the validator is built on first use only.
 */
let ajvValidator: AjvJsonSchemaValidator | undefined;
const validatorOnFirstUse: jsonSchemaValidator = {
  getValidator: (schema) => (ajvValidator ??= new AjvJsonSchemaValidator()).getValidator(schema),
};

interface LiveSession {
  info: SessionInfo;
  server: McpServer;
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
  // GET /version: any authenticated caller may read it, and an unknown token is a 401 on every path.
  const verdicts = new CallerVerdicts(async (token) => (await clusters.get(undefined, { token }).client.request({ method: 'GET', path: '/version', signal: AbortSignal.timeout(10_000) })).status);
  const callerFor = (authInfo: AuthInfo | undefined): Caller | undefined =>
    authInfo && { token: authInfo.token, onRejected: () => verdicts.forget(authInfo.token) };
  const auditLog = options.policy.auditLog;
  const audit = auditLog ? new AuditLog(auditLog, { log: (level, message) => hooks.log?.(level, message) }) : undefined;
  const deps = { options: () => options, hooks, clusters, limiter, callerFor, audit };
  /** Runs a rate-limit check, telling the metrics about a refusal. */
  const counted = (category: RateCategory, check: () => void): void => {
    try {
      check();
    } catch (err) {
      if (err instanceof K8sError && err.kind === 'rate-limited') hooks.onRateLimited?.(category);
      throw err;
    }
  };
  const catalogue = new ResourceCatalogue(clusters, () => options, hooks, callerFor);
  const promptContext: PromptContext = {
    // A broken kubeconfig must not break a prompt: the tools it leads to will explain the problem.
    selectedNamespace: () => { try { return clusters.selection().namespace; } catch { return 'default'; } },
    // Completers get no request context from the SDK: the caller comes from the message's scope.
    listNamespaces: () => listNamespaces(clusters.get(undefined, callerFor(currentAuthInfo())).client),
  };
  // Built once per service, like the tools' input objects, and shared by every session.
  const prompts = ALL_PROMPTS.map((prompt) => ({ prompt, argsSchema: prompt.arguments(promptContext) }));

  const contextNames = (): string[] | undefined => {
    try { return clusters.contexts().map((c) => c.name); } catch { return undefined; }
  };
  /** SPEC §7: write tools are offered while the policy lets at least one kubeconfig context be written. */
  const writable = (): boolean => mayAnyContextWrite(options.policy, contextNames());
  const offeredTools = () => { const write = writable(); return ALL_TOOLS.filter((tool) => write || !tool.write); };
  /** Runs `change`; when it turned the write tools on or off, every session gets tools/list_changed. */
  const changeTools = (change: () => void): void => {
    const before = writable();
    change();
    if (writable() !== before) for (const live of sessions.values()) live.server.sendToolListChanged();
  };

  const service: K8sMcpService = {
    get options() { return options; },
    admitSession: (clientKey) => counted('default', () => limiter.checkClient(clientKey, 'default', 'new sessions')),
    newSession({ id, clientKey, stateless = false }) {
      const listChanged = !stateless;
      const server = new CallerScopedMcpServer(
        { name: SERVER_NAME, version: VERSION },
        {
          capabilities: { tools: {}, resources: {} },
          jsonSchemaValidator: validatorOnFirstUse,
          instructions: SERVER_INSTRUCTIONS,
        },
      );
      const live: LiveSession = { info: { id, clientKey, allowed: new Set(), peer: clientPeer(server.server) }, server };
      serveTools(server, offeredTools, (tool, args, extra) => runTool(tool, args, live.info, deps, extra));
      for (const { prompt, argsSchema } of prompts) {
        const { name, title, description } = prompt;
        server.registerPrompt(name, { title, description, argsSchema }, (args) => prompt.build(args, promptContext));
      }
      catalogue.attach(server, (uri, extra) => runResourceRead(uri, live.info, deps, extra), { notify: listChanged });
      // After registering: the SDK promises list_changed for whatever is registered, and a stateless server has
      // no stream to send it on, so its clients must know to list again rather than wait.
      server.server.registerCapabilities({ tools: { listChanged }, resources: { listChanged }, prompts: { listChanged } });
      if (stateless) return { id, server, close: () => server.close().catch(() => undefined) };
      sessions.set(id, live);
      return {
        id,
        server,
        close: async () => {
          if (!sessions.delete(id)) return;
          catalogue.detach(server);
          limiter.forgetSession(id);
          await server.close().catch(() => undefined);
        },
      };
    },
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
  return service;
}
