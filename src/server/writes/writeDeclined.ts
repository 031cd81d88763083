/** A write refused before anything was sent, and who refused it (for the agent's message and the audit log). */
import type { RefusedBy } from '../../core/audit/auditRecord';
import { K8sError } from '../../core/errors';
import type { WriteRequest } from '../hooks';

export class WriteDeclinedError extends K8sError {
  constructor(readonly by: RefusedBy, message: string) {
    super('declined', message);
    this.name = 'WriteDeclinedError';
  }
}

export function describeWrite(request: WriteRequest): string {
  return `${request.action} ${request.kind} "${request.name}"${request.namespace ? ` in ${request.namespace}` : ''}, context ${request.context}`;
}

export function declinedByPerson(request: WriteRequest, by: 'modal' | 'elicitation'): WriteDeclinedError {
  return new WriteDeclinedError(by, `The write was declined by the user (${describeWrite(request)}). Do not retry it unless the user asks.`);
}
