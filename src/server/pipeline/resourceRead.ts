/**
 * resources/read through the same pipeline as a tool call (rate limit as a read, the deadline, activity events,
 * resolveTarget with its policy check): a single object reads as JSON within the answer budget, a collection
 * as the compact list scan_k8s_collection gives.
 */
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { K8sError } from '../../core/errors';
import { getObject } from '../../core/operations/getObject';
import { fitObjectToBudget } from '../../core/shaping/objectBudget';
import { parseResourceUri } from '../../core/input/resourceUri';
import { listPage } from './compactListing';
import { errorMessage } from './errorResult';
import { resolveAddressTarget } from './resolveTarget';
import type { ToolContext } from '../protocol/toolDefinition';
import { runCall, type CallExtra, type RunnerDeps, type SessionInfo } from './toolRunner';

/** The name resource reads have in activity events and deadline messages. */
const READ_NAME = 'resources/read';

async function readResource(uri: string, ctx: ToolContext): Promise<{ mimeType: string; text: string }> {
  const address = parseResourceUri(uri);
  if (address.name === undefined) {
    const target = await resolveAddressTarget(ctx, address, 'list');
    // A collection reads as the compact list (a JSON header line, then tab-separated rows), not as JSON.
    return { mimeType: 'text/plain', text: await listPage(ctx, target, {}) };
  }
  const { client, resolved } = await resolveAddressTarget(ctx, address, 'get');
  const { object } = await getObject(client, resolved, { allowSecretValues: ctx.options.allowSecretValues }, ctx.signal);
  return { mimeType: 'application/json', text: fitObjectToBudget(object, ctx.options.maxAnswerBytes) };
}

export async function runResourceRead(uri: string, session: SessionInfo, deps: RunnerDeps, extra: CallExtra): Promise<ReadResourceResult> {
  const outcome = await runCall(
    { name: READ_NAME, category: 'read', deadlineMs: deps.options().requestTimeoutMs, args: { uri } }, session, deps, extra,
    (ctx) => readResource(uri, ctx), (read) => ({ text: read.text, ok: true }),
  );
  if (outcome.ok) return { contents: [{ uri, ...outcome.value }] };
  // resources/read has no isError result: failures are JSON-RPC errors with the same short message.
  const err = outcome.error;
  const code = err instanceof K8sError && (err.kind === 'validation' || err.kind === 'not-found') ? ErrorCode.InvalidParams : ErrorCode.InternalError;
  throw new McpError(code, errorMessage(err));
}
