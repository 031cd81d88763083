/**
 * Who approves a write (SPEC §7 confirmWrites / confirmFallback): the policy (no confirmation needed), an
 * "allow for this session" given earlier, the extension's modal (the confirmWrite hook), or, outside VS Code,
 * the person through MCP elicitation. A client that cannot ask the person gets confirmFallback. A refusal
 * throws WriteDeclinedError before anything is sent, saying who refused, for the agent and the audit log.
 */
import type { ApprovedBy } from '../../core/audit/auditRecord';
import type { Policy } from '../../core/policy/policy';
import { needsConfirmation, type PolicyVerb } from '../../core/policy/policyRules';
import type { ClientPeer } from '../protocol/clientPeer';
import { askThroughElicitation } from './elicitWrite';
import type { ServerHooks, WriteAction, WriteDecision, WriteRequest } from '../hooks';
import { declinedByPerson, describeWrite, WriteDeclinedError } from './writeDeclined';

export interface ApprovalSession {
  /** Tools+contexts the person allowed "for this session". */
  allowed: Set<string>;
  peer?: ClientPeer | undefined;
}

const VERB_OF_ACTION: Record<WriteAction, PolicyVerb> = { apply: 'create-or-apply', delete: 'delete', exec: 'exec', post: 'post' };

export function policyVerbOf(action: WriteAction): PolicyVerb {
  return VERB_OF_ACTION[action];
}

function fallbackRefusal(request: WriteRequest, policy: Policy): WriteDeclinedError {
  return new WriteDeclinedError('confirm-fallback', `The write was not made (${describeWrite(request)}): this write needs the person's confirmation`
    + ` (confirmWrites: ${policy.confirmWrites}; rule: ${policy.sources.confirmWrites}), and this MCP client cannot ask the person`
    + ` (it does not support MCP elicitation), so confirmFallback: deny refuses it (rule: ${policy.sources.confirmFallback}).`
    + ' Tell the person: to allow writes from this client, set confirmFallback: allow (or confirmWrites: destructive or never)'
    + ' in the policy file, or K8S_MCP_CONFIRM_FALLBACK=allow; or use a client that supports elicitation. Do not retry it.');
}

/**
 * Resolves with who approved the write, or throws WriteDeclinedError. `request` is complete (tool and
 * context filled in); `signal` ends a question to the person when the call is cancelled or its deadline passes.
 */
export async function approveWrite(
  request: WriteRequest, policy: Policy, session: ApprovalSession, hooks: ServerHooks, signal: AbortSignal,
): Promise<ApprovedBy> {
  if (!needsConfirmation(policy, policyVerbOf(request.action))) return 'policy';
  const key = `${request.tool}\u0000${request.context}`;
  if (session.allowed.has(key)) return 'session-allowance';
  if (hooks.confirmWrite) {
    // In VS Code the modal stays the way to approve (SPEC §5); a failing modal is a refusal, never a pass.
    const decision: WriteDecision = await hooks.confirmWrite(request).catch((): WriteDecision => 'deny');
    if (decision === 'deny') throw declinedByPerson(request, 'modal');
    if (decision === 'allow-session') session.allowed.add(key);
    return 'modal';
  }
  if (session.peer?.canElicit()) {
    const answer = await askThroughElicitation(session.peer, request, signal);
    if (answer === 'decline') throw declinedByPerson(request, 'elicitation');
    if (answer === 'allow-session') session.allowed.add(key);
    return 'elicitation';
  }
  if (policy.confirmFallback === 'allow') return 'policy';
  throw fallbackRefusal(request, policy);
}
