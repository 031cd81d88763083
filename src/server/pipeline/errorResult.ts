/**
 * The one place where errors become what the agent sees: a tool result with `isError: true` and one short,
 * actionable message. No stack traces, no credentials.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { K8sError } from '../../core/errors';

export function errorMessage(err: unknown): string {
  if (err instanceof K8sError) return err.message;
  if (err instanceof Error) {
    // An unexpected failure inside our code: say so without the stack.
    return `Internal error: ${err.message.split('\n')[0]}. The server keeps running; please report this.`;
  }
  return `Internal error: ${String(err)}`;
}

export function errorResult(err: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: errorMessage(err) }] };
}

export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}
