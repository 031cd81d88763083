/**
 * tools/list and tools/call of one session, served on the SDK's low-level server instead of through
 * McpServer.registerTool, for two reasons: registerTool publishes zod's JSON Schema as is (see
 * publishedSchema.ts), and it hands a handler arguments that its request parsing already changed (a record
 * parse drops `__proto__` keys without a word). Here the raw arguments reach parseToolArguments untouched.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { quoteForMessage } from '../../core/input/quoteForMessage';
import { errorResult } from '../pipeline/errorResult';
import { publishedInputSchema } from './publishedSchema';
import { strictInput, toolAnnotations, type ToolDefinition } from './toolDefinition';
import { parseToolArguments } from '../pipeline/toolInput';
import type { CallExtra } from '../pipeline/toolRunner';

/** A tools/call request whose `arguments` stay the object JSON.parse made (z.unknown() keeps the reference). */
const RawCallToolRequest = z.object({
  method: z.literal('tools/call'),
  params: z.looseObject({ name: z.string(), arguments: z.unknown().optional() }),
});

interface PreparedTool { definition: ToolDefinition; input: z.ZodObject; listing: Tool }

/** Strict input object and published listing of each tool, built once and shared by every session. */
const prepared = new Map<string, PreparedTool>();

function prepare(definition: ToolDefinition): PreparedTool {
  let entry = prepared.get(definition.name);
  if (!entry) {
    const input = strictInput(definition.inputSchema);
    const listing: Tool = {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      inputSchema: publishedInputSchema(input, definition.name),
      annotations: toolAnnotations(definition),
      execution: { taskSupport: 'forbidden' },
    };
    entry = { definition, input, listing };
    prepared.set(definition.name, entry);
  }
  return entry;
}

export type RunToolCall = (tool: ToolDefinition, args: Record<string, unknown>, extra: CallExtra) => Promise<CallToolResult>;

/**
 * Serves tools/list and tools/call on `server` for the tools `offered()` returns at the time of each request
 * (write tools come and go with the policy; call `server.sendToolListChanged()` after a change).
 */
export function serveTools(server: McpServer, offered: () => readonly ToolDefinition[], run: RunToolCall): void {
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: offered().map((tool) => prepare(tool).listing) }));
  server.server.setRequestHandler(RawCallToolRequest, async (request, extra) => {
    const tools = offered();
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) {
      const names = tools.map((t) => t.name).join(', ');
      return errorResult(new ValidationError('name', `there is no tool ${quoteForMessage(request.params.name)}; this server offers ${names} (write tools only while the policy lets some context be written).`));
    }
    let args: Record<string, unknown>;
    try {
      args = parseToolArguments(tool.name, prepare(tool).input, request.params.arguments);
    } catch (err) {
      return errorResult(err);
    }
    return run(tool, args, extra);
  });
}
