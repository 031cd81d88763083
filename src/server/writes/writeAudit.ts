/**
 * One audit line per write attempt (SPEC §7), gathered while the call runs: the target and who approved it
 * (from the confirmation step), or who refused it, then the outcome. A call that fails before it names a
 * target (bad input, the rate limit, an unknown resource) sends nothing and is not an attempt; everything
 * else that reached a decision, and every dry run the API server answered, gets its line.
 */
import type { AuditLog } from '../../core/audit/auditLog';
import { manifestDigest, type ApprovedBy, type AuditDecision, type AuditRecord } from '../../core/audit/auditRecord';
import { K8sError } from '../../core/errors';
import { parseManifestPayload } from '../../core/input/manifest';
import type { PolicyVerb } from '../../core/policy/policyRules';
import type { WriteRequest } from '../hooks';
import { policyVerbOf } from './writeApproval';
import { WriteDeclinedError } from './writeDeclined';

/** The session as the audit line names it. */
export interface AuditedSession {
  id: string;
  clientKey: string;
  peer?: { name(): string | undefined } | undefined;
}

/** The user an audit line names for a write to `context`. */
export type AuditedUser = (context: string) => string;

/** Methods that change something; the audit line's status is the last answer to one of them. */
const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Target = Pick<AuditRecord, 'verb' | 'group' | 'version' | 'resource' | 'namespace' | 'name'>;

/** Refusals the policy rules produce (policyRules.evaluatePolicy) start with this. */
const POLICY_REFUSAL = /^Refused by policy: /;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** What the agent asked for, as far as the arguments say: the fallback target when no confirmation named one. */
function targetFromArgs(tool: string, args: Record<string, unknown>): Target {
  const verb: PolicyVerb = tool === 'delete_k8s_entity' ? 'delete' : tool === 'deploy_k8s_entity' ? 'create-or-apply' : args.action_path === 'exec' ? 'exec' : 'post';
  const manifest = args.payload_manifest as { metadata?: { name?: unknown } } | undefined;
  return {
    verb, group: text(args.api_group), version: text(args.api_version), resource: text(args.resource_kind),
    namespace: text(args.target_ns), name: text(args.entity_name) || text(manifest?.metadata?.name),
  };
}

/** SHA-256 of the manifest the agent sent (parsed when it is YAML text), never its data. */
function digestOf(args: Record<string, unknown>): string | undefined {
  if (args.payload_manifest === undefined) return undefined;
  try {
    return manifestDigest(parseManifestPayload(args.payload_manifest));
  } catch {
    return manifestDigest(args.payload_manifest);
  }
}

export class WriteAttempt {
  private readonly started = Date.now();
  private target: Target | undefined;
  private decision: AuditDecision | undefined;
  /** The HTTP status the API server gave the write request itself (not the reads around it). */
  private status: number | undefined;

  constructor(
    private readonly log: AuditLog, private readonly tool: string, private readonly args: Record<string, unknown>,
    private readonly session: AuditedSession, private readonly userOf: AuditedUser,
  ) {}

  /** An API answer during the call: 0 when none came. */
  answered(method: string, status: number): void {
    if (WRITE_METHODS.has(method) && status > 0) this.status = status;
  }

  /** The resolved target, as the confirmation step names it. */
  aimedAt(request: WriteRequest): void {
    this.target = {
      verb: policyVerbOf(request.action), group: request.apiGroup, version: request.apiVersion, resource: request.resource,
      namespace: request.namespace, name: request.name,
    };
  }

  approvedBy(by: ApprovedBy): void {
    this.decision = { approved: true, by };
  }

  /** Writes the line (unless the call never became an attempt); never throws. */
  finish(context: string, failure: unknown): Promise<void> {
    const decision = this.decision ?? refusalOf(failure) ?? (this.args.dry_run === true && answeredByServer(failure) ? { approved: true, by: 'policy' as const } : undefined);
    if (!decision) return Promise.resolve();
    const target = this.target ?? targetFromArgs(this.tool, this.args);
    const record: AuditRecord = {
      time: new Date(this.started), session: this.session.id, client: { name: this.session.peer?.name(), address: this.session.clientKey },
      context, user: this.userOf(context), tool: this.tool, ...target, dryRun: this.args.dry_run === true, decision,
      outcome: outcomeOf(decision, failure, this.status), durationMs: Date.now() - this.started, manifestSha256: digestOf(this.args),
    };
    return this.log.write(record);
  }

}

function refusalOf(failure: unknown): AuditDecision | undefined {
  if (failure instanceof WriteDeclinedError) return { approved: false, by: failure.by, reason: failure.message };
  if (failure instanceof K8sError && POLICY_REFUSAL.test(failure.message)) return { approved: false, by: 'policy', reason: failure.message };
  return undefined;
}

/** A dry run is an attempt once it reached the API server: it answered, or failed with an HTTP status. */
function answeredByServer(failure: unknown): boolean {
  return failure === undefined || (failure instanceof K8sError && failure.status !== undefined);
}

function outcomeOf(decision: AuditDecision, failure: unknown, status: number | undefined): AuditRecord['outcome'] {
  if (!decision.approved) return undefined;
  if (failure === undefined) return status === undefined ? { succeeded: true } : { succeeded: true, status };
  if (failure instanceof K8sError && failure.status !== undefined) return { status: failure.status };
  // The kind only: an error's text can quote the manifest's values (a 422 names the invalid value).
  return { error: failure instanceof K8sError ? failure.kind : 'internal' };
}
