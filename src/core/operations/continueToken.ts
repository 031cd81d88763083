/**
 * The continue token an answer hands out: the API server's own token behind a short fingerprint of the list it
 * belongs to (context, resource, namespace, selectors). The API server cannot tell a token from another list:
 * it starts that list at the other list's position and silently skips items. With the fingerprint such a token
 * is refused before any request, and a token the server no longer honours (410 Expired) gets the same advice:
 * start over.
 */
import { createHash } from 'node:crypto';
import { K8sError, ValidationError } from '../errors';

export interface ListIdentity {
  context: string;
  group: string;
  version: string;
  plural: string;
  /** undefined = all namespaces, or a cluster-scoped resource. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

const FINGERPRINT_LENGTH = 10;
const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${FINGERPRINT_LENGTH}}\\.[A-Za-z0-9+/=_-]+$`);
const START_OVER = 'call scan_k8s_collection again without continue to start the list over';

function fingerprint(list: ListIdentity): string {
  const parts = [list.context, list.group, list.version, list.plural, list.namespace ?? '', list.labelSelector ?? '', list.fieldSelector ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

export function wrapContinue(apiToken: string, list: ListIdentity): string {
  return `${fingerprint(list)}.${apiToken}`;
}

/** The shape check, needing no cluster: done with the other input checks, before any request. */
export function validateContinueFormat(token: string): void {
  if (!TOKEN_SHAPE.test(token)) {
    throw new ValidationError('continue', `not a token this server handed out; pass it exactly as the previous answer's header gave it, or ${START_OVER}.`);
  }
}

/** The API server's token inside `token`, or a ValidationError when it belongs to another list. */
export function unwrapContinue(token: string, list: ListIdentity): string {
  validateContinueFormat(token);
  if (token.slice(0, FINGERPRINT_LENGTH) !== fingerprint(list)) {
    throw new ValidationError('continue',
      `this token belongs to another list (another resource, namespace, context or filter). Repeat the call that returned it with only continue added, or ${START_OVER}.`);
  }
  return token.slice(FINGERPRINT_LENGTH + 1);
}

/** A 410 from the API server on a continued list: the snapshot the token points into is gone (etcd compaction). */
export function expiredContinueError(cause: unknown): unknown {
  if (!(cause instanceof K8sError) || cause.status !== 410) return cause;
  return new K8sError('bad-request',
    `The continue token has expired: the API server keeps a list snapshot for a few minutes only. To read the list again, ${START_OVER}.`, 410);
}
