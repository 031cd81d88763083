/**
 * The question a write puts to the person through MCP elicitation (`elicitation/create`, form mode) when the
 * client can ask: what will change (context, namespace, kind/name, action and, for an apply, the fields a
 * server-side dry run shows changing), with one optional checkbox to allow the same tool on the same context
 * for the rest of the session. Accept = allow; decline or cancel = nothing is sent.
 */
import type { ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import { changedFields } from '../../core/operations/changedFields';
import { K8sError } from '../../core/errors';
import type { ClientPeer } from '../protocol/clientPeer';
import type { WriteRequest } from '../hooks';
import { WriteDeclinedError } from './writeDeclined';

export type ElicitedAnswer = 'allow' | 'allow-session' | 'decline';

const ACTION_TEXT: Record<WriteRequest['action'], string> = {
  apply: 'Apply (server-side apply) to',
  delete: 'Delete',
  exec: 'Run a command in',
  post: 'POST a subresource of',
};

function groupVersion(request: WriteRequest): string {
  return request.apiGroup ? `${request.apiGroup}/${request.apiVersion}` : request.apiVersion;
}

/** For an apply: which fields the dry run changes (a dry run that fails ends the call: the write would fail too). */
async function applyChanges(request: WriteRequest): Promise<string> {
  const { live, result } = await request.preview();
  const { paths, more } = changedFields(live, result);
  const list = paths.length === 0 ? 'none (the object would be unchanged)' : `${paths.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
  return `${live === null ? 'Creates a new object. Fields' : 'Changed fields'} (server-side dry run): ${list}`;
}

export async function writeQuestion(request: WriteRequest): Promise<string> {
  const where = request.namespace ? `namespace "${request.namespace}"` : 'cluster-scoped';
  const lines = [
    `${ACTION_TEXT[request.action]} ${request.kind} "${request.name}" (${groupVersion(request)} ${request.resource})`,
    `Context: ${request.context}; ${where}.`,
  ];
  if (request.detail) lines.push(`Details: ${request.detail}.`);
  if (request.action === 'apply') lines.push(`${await applyChanges(request)}.`);
  lines.push(`Requested by the agent through ${request.tool}. Accept to allow this write; decline to refuse it (nothing is sent).`);
  return lines.join('\n');
}

const REQUESTED_SCHEMA: ElicitRequestFormParams['requestedSchema'] = {
  type: 'object',
  properties: {
    allowForSession: {
      type: 'boolean',
      title: 'Allow for this session',
      description: 'Also allow this tool on this context for the rest of the session without asking again.',
      default: false,
    },
  },
};

export async function askThroughElicitation(peer: ClientPeer, request: WriteRequest, signal: AbortSignal): Promise<ElicitedAnswer> {
  const message = await writeQuestion(request);
  let answer;
  try {
    answer = await peer.elicit({ mode: 'form', message, requestedSchema: REQUESTED_SCHEMA }, signal);
  } catch (err) {
    if (signal.aborted) throw new K8sError('cancelled', 'The call was cancelled while waiting for the person to confirm the write; nothing was sent.');
    // A client that declared elicitation but failed to ask: the person said nothing, so nothing is written.
    throw new WriteDeclinedError('elicitation', `The person could not be asked to confirm the write (the client's elicitation failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}); nothing was sent.`);
  }
  if (answer.action !== 'accept') return 'decline';
  return answer.content?.allowForSession === true ? 'allow-session' : 'allow';
}
