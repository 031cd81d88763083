/**
 * One audit line per write attempt (SPEC §7), approved or refused. The line is built field by field from a
 * fixed list, so nothing a caller happens to spread into the record (a manifest, a Secret's data, an exec
 * command) can reach the file: the manifest is represented by its SHA-256 only.
 */
import { createHash } from 'node:crypto';
import type { PolicyVerb } from '../policy/policyRules';

export type ApprovedBy = 'modal' | 'elicitation' | 'policy' | 'session-allowance';
export type RefusedBy = 'policy' | 'modal' | 'elicitation' | 'confirm-fallback';

export type AuditDecision =
  | { approved: true; by: ApprovedBy }
  | { approved: false; by: RefusedBy; reason: string };

export interface AuditRecord {
  time: Date;
  session: string;
  client: { name?: string | undefined; address?: string | undefined };
  context: string;
  /**
   * Who wrote: the kubeconfig user of the context (a name, never a credential); with identity passthrough the
   * caller, as `token:` and the first 16 hex digits of the SHA-256 of their token.
   */
  user: string;
  tool: string;
  verb: PolicyVerb;
  group: string;
  version: string;
  resource: string;
  subresource?: string | undefined;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  dryRun: boolean;
  decision: AuditDecision;
  /**
   * What happened: the write succeeded (with the status the API server answered, e.g. 201 created, 200
   * changed; none for exec, a WebSocket stream), the API server answered an HTTP error status, or it failed
   * another way (the error's kind); absent when nothing was sent (refused).
   */
  outcome?: { succeeded: true; status?: number | undefined } | { status: number } | { error: string } | undefined;
  durationMs: number;
  /** manifestDigest() of an applied manifest. */
  manifestSha256?: string | undefined;
}

/** Long texts (reasons, errors) are cut: an audit line is for grep and jq, not for the whole story. */
const MAX_TEXT = 500;

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** The JSON line for one record, ending in a newline; field order fixed for people reading the file. */
export function auditLine(record: AuditRecord): string {
  const { decision, outcome } = record;
  const line = {
    time: record.time.toISOString(),
    session: record.session,
    clientName: record.client.name,
    clientAddress: record.client.address,
    context: record.context,
    user: record.user,
    tool: record.tool,
    verb: record.verb,
    group: record.group,
    version: record.version,
    resource: record.resource,
    subresource: record.subresource,
    namespace: record.namespace,
    name: record.name,
    dryRun: record.dryRun,
    decision: decision.approved ? 'approved' : 'refused',
    decidedBy: decision.by,
    reason: decision.approved ? undefined : cut(decision.reason),
    succeeded: outcome && 'succeeded' in outcome ? true : undefined,
    status: outcome && 'status' in outcome ? outcome.status : undefined,
    error: outcome && 'error' in outcome ? cut(outcome.error) : undefined,
    durationMs: Math.round(record.durationMs),
    manifestSha256: record.manifestSha256,
  };
  return `${JSON.stringify(line)}\n`;
}

/** JSON with object keys sorted, so the digest does not depend on the order the agent wrote the keys in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 (hex) of a manifest as compact JSON with sorted keys: lets an auditor check which manifest was applied
 * (`jq -jcS . manifest.json | sha256sum`) without the audit log holding its data.
 */
export function manifestDigest(manifest: unknown): string {
  return createHash('sha256').update(canonicalJson(manifest)).digest('hex');
}
