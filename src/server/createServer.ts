/**
 * The MCP service: shared state (kubeconfig connections, rate limiter, mode) plus one SDK McpServer per client
 * session, because an SDK server instance serves exactly one transport. Transports (stdio, SSE, streamable
 * HTTP) call newSession(); the extension and the CLI call the rest.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { ClusterConnections, type Selection } from '../core/clusterConnections';
import type { ContextSummary } from '../core/kubeconfig';
import { RateLimiter } from '../core/rateLimiter';
import type { LimitsSnapshot, ServerHooks } from './hooks';
import { SERVER_NAME, type ServerOptions } from './options';
import { ResourceCatalogue } from './resources';
import { SERVER_INSTRUCTIONS } from './instructions';
import { ALL_PROMPTS } from './prompts';
import type { PromptContext } from './prompts/promptDefinition';
import { ALL_TOOLS } from './tools';
import { serveTools } from './toolProtocol';
import { runTool, type SessionInfo } from './toolRunner';
import { listNamespaces } from '../core/namespaces';
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
  /** A new MCP server instance for one client session (connect a transport to `server`). */
  newSession(session: { id: string; clientKey: string }): SessionHandle;
  /** Registers or removes the write tools in every session; clients get tools/list_changed. */
  setReadWrite(on: boolean): void;
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

export function createServer(initialOptions: ServerOptions, hooks: ServerHooks = {}): K8sMcpService {
  let options: Readonly<ServerOptions> = Object.freeze({ ...initialOptions });
  const clusters = new ClusterConnections(options.kubeconfig, { context: options.context, namespace: options.namespace });
  const limiter = new RateLimiter(options.rateLimit);
  const sessions = new Map<string, LiveSession>();
  const deps = { options: () => options, hooks, clusters, limiter };
  const catalogue = new ResourceCatalogue(clusters, () => options, hooks);
  const promptContext: PromptContext = {
    // A broken kubeconfig must not break a prompt: the tools it leads to will explain the problem.
    selectedNamespace: () => { try { return clusters.selection().namespace; } catch { return 'default'; } },
    listNamespaces: () => listNamespaces(clusters.get().client),
  };
  // Built once per service, like the tools' input objects, and shared by every session.
  const prompts = ALL_PROMPTS.map((prompt) => ({ prompt, argsSchema: prompt.arguments(promptContext) }));

  /** The tools a session offers now: the write tools only in read-write mode. */
  const offeredTools = () => ALL_TOOLS.filter((tool) => options.readWrite || !tool.write);

  const service: K8sMcpService = {
    get options() { return options; },
    admitSession: (clientKey) => limiter.checkClient(clientKey, 'default', 'new sessions'),
    newSession({ id, clientKey }) {
      const server = new McpServer(
        { name: SERVER_NAME, version: VERSION },
        {
          capabilities: { tools: { listChanged: true }, resources: { listChanged: true } },
          jsonSchemaValidator: validatorOnFirstUse,
          instructions: SERVER_INSTRUCTIONS,
        },
      );
      const live: LiveSession = { info: { id, clientKey, allowed: new Set() }, server };
      serveTools(server, offeredTools, (tool, args, extra) => runTool(tool, args, live.info, deps, extra));
      for (const { prompt, argsSchema } of prompts) {
        server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema }, (args) => prompt.build(args, promptContext));
      }
      catalogue.attach(server, () => limiter.check(id, clientKey, 'read'));
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
    setReadWrite(on) {
      if (options.readWrite === on) return;
      options = Object.freeze({ ...options, readWrite: on });
      for (const live of sessions.values()) {
        if (!on) live.info.allowed.clear();
        live.server.sendToolListChanged();
      }
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
      clusters.reload();
      catalogue.invalidate();
    },
    listNamespaces: (context) => listNamespaces(clusters.get(context).client),
    limits: () => limiter.snapshot(),
    sessionCount: () => sessions.size,
    async close() {
      catalogue.close();
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => undefined)));
      sessions.clear();
      clusters.close();
    },
  };
  return service;
}
