/**
 * The shape every tool file fills in (STYLE.md habit 1): a zod input shape, annotations, a description written
 * for a model, and a handler that calls core. The runner (toolRunner.ts) adds rate limiting, deadlines,
 * cancellation, activity events and error translation around every handler.
 */
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, type ZodRawShape } from 'zod';
import type { Connection } from '../../core/client/clusterConnections';
import type { RateCategory } from '../../core/limits/rateLimiter';
import { strictObjectWithHints } from '../../core/input/strictKeys';
import type { ServerHooks, WriteRequest } from '../hooks';
import type { ServerOptions } from '../options';

export interface ToolContext {
  options: Readonly<ServerOptions>;
  hooks: ServerHooks;
  /** The connection of the call's `context` parameter, else the selected context. */
  connection(): Connection;
  /** The selected namespace (for descriptions and defaults; tools still require target_ns). */
  selectedNamespace(): string;
  /** The call's one deadline and the client's cancellation: pass it to every Kubernetes request. */
  signal: AbortSignal;
  sessionId: string;
  /**
   * Tells the client how long work is going (MCP `notifications/progress`; VS Code shows the message in the
   * chat while the tool runs). A no-op when the client did not ask for progress.
   */
  progress(message: string): void;
  /** Asks confirmWrite (with "allow for this session" memory); throws K8sError('declined') when denied. */
  confirmWrite(request: Omit<WriteRequest, 'tool' | 'context'>): Promise<void>;
}

/** The parsed arguments a tool's handler gets for its input shape. */
export type ToolArgs<Shape extends ZodRawShape> = z.output<z.ZodObject<Shape>>;

export interface ToolDefinition<Shape extends ZodRawShape = ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  /**
   * Its rate-limit bucket, and the one statement of whether it writes: a `write` tool is listed only while some
   * context may be written, is checked against the write policy and audited, and is hinted as destructive.
   */
  category: RateCategory;
  /** Calling it again with the same arguments changes nothing more (MCP's idempotentHint). */
  idempotent: boolean;
  /** Deadline for this call given its arguments (exec runs longer). */
  deadlineMs?(args: ToolArgs<Shape>, options: Readonly<ServerOptions>): number;
  handler(args: ToolArgs<Shape>, ctx: ToolContext): Promise<CallToolResult>;
}

/** Whether `tool` changes the cluster: said by its category alone. */
export function isWriteTool(tool: Pick<ToolDefinition, 'category'>): boolean {
  return tool.category === 'write';
}

/** The MCP annotations of a tool, derived from its title, category and idempotence. */
export function toolAnnotations(tool: ToolDefinition): ToolAnnotations {
  const write = isWriteTool(tool);
  return { title: tool.title, readOnlyHint: !write, destructiveHint: write, idempotentHint: tool.idempotent, openWorldHint: false };
}

/**
 * The published and enforced input of a tool: its shape as a strict object, so a misspelt parameter
 * (`label_selector` for `label_filter`) is an error naming the parameters the tool takes instead of being
 * dropped silently (which would list every pod), and `tools/list` says `additionalProperties: false`.
 * Built once per tool and shared by every session.
 */
export function strictInput(shape: ZodRawShape): z.ZodObject {
  return strictObjectWithHints(shape, (hints, known) => `unknown parameter ${hints}; this tool takes ${known.join(', ')}`);
}

/** Lets each tool file declare its definition with full typing of its own arguments. */
export function defineTool<Shape extends ZodRawShape>(definition: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return definition;
}

/** The addressing parameters every tool shares (SPEC §1, wire names fixed). */
export const addressShape = {
  scope: z.enum(['cluster', 'namespaced', 'clustered'])
    .describe('"namespaced" for objects that live in a namespace (pods, deployments, configmaps), "cluster" for cluster-wide ones (nodes, namespaces, CRDs). "clustered" is accepted as "cluster".'),
  api_group: z.string().optional()
    .describe('API group: "" or omitted for the core group (pods, services, configmaps), "apps" for deployments, "batch" for jobs, a CRD group such as "cert-manager.io". "core" is accepted as the core group.'),
  api_version: z.string().describe('API version, e.g. "v1", "v1beta1".'),
  resource_kind: z.string()
    .describe('The plural resource name as in the REST path, e.g. "pods", "deployments", "nodes". A Kind ("Deployment") or short name ("deploy") is resolved too.'),
  target_ns: z.string().optional()
    .describe('Namespace: required when scope is "namespaced", not allowed when scope is "cluster".'),
  context: z.string().optional()
    .describe('Kubeconfig context to run this one call against, without changing the selected one. Omit to use the selected context.'),
};
