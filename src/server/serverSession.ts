/**
 * One client session: its own SDK McpServer (an SDK server instance serves exactly one transport), with the
 * service's tools, prompts and resources wired to the call pipeline, which all sessions share.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ZodRawShape } from 'zod';
import type { RateLimiter } from '../core/limits/rateLimiter';
import { SERVER_NAME } from './options';
import { runResourceRead } from './pipeline/resourceRead';
import { runTool, type RunnerDeps, type SessionInfo } from './pipeline/toolRunner';
import type { PromptContext, PromptDefinition } from './prompts/promptDefinition';
import { CallerScopedMcpServer } from './protocol/callerScope';
import { clientPeer } from './protocol/clientPeer';
import { SERVER_INSTRUCTIONS } from './protocol/instructions';
import type { ToolDefinition } from './protocol/toolDefinition';
import { serveTools } from './protocol/toolProtocol';
import type { ResourceCatalogue } from './resources';
import { VERSION } from './version';

export interface SessionHandle {
  readonly id: string;
  readonly server: McpServer;
  close(): Promise<void>;
}

export interface LiveSession {
  info: SessionInfo;
  server: McpServer;
}

/** What every session of one service shares. */
export interface SharedBySessions {
  deps: RunnerDeps;
  /** The tools to list at the time of each request (write tools come and go with the policy). */
  offeredTools(): readonly ToolDefinition[];
  /** Each prompt with its argument shape, built once per service like the tools' input objects. */
  prompts: readonly { prompt: PromptDefinition; argsSchema: ZodRawShape }[];
  promptContext: PromptContext;
  catalogue: ResourceCatalogue;
  /** The live (not stateless) sessions, for list_changed notifications and mode switches. */
  sessions: Map<string, LiveSession>;
  limiter: RateLimiter;
}

/**
 * The SDK builds an ajv validator for every server, for elicitation answers, which we never ask for; ajv and its
 * formats cost start-up time and memory (README "Measured"), so the validator is built on first use only.
 */
let ajvValidator: AjvJsonSchemaValidator | undefined;
const validatorOnFirstUse: jsonSchemaValidator = {
  getValidator: (schema) => (ajvValidator ??= new AjvJsonSchemaValidator()).getValidator(schema),
};

/** A new session's server, its tools, prompts and resources served through the pipeline (see K8sMcpService.newSession). */
export function openSession(
  shared: SharedBySessions, { id, clientKey, stateless = false }: { id: string; clientKey: string; stateless?: boolean },
): SessionHandle {
  const { deps, catalogue, sessions, limiter, promptContext } = shared;
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
  serveTools(server, () => shared.offeredTools(), (tool, args, extra) => runTool(tool, args, live.info, deps, extra));
  for (const { prompt, argsSchema } of shared.prompts) {
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
}
