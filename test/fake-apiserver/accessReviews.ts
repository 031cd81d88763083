// SelfSubjectAccessReview (kubectl auth can-i, 112) and SelfSubjectRulesReview (113), answered by the fake's
// own authorizer so they agree with what requests actually get.
import type { KObject } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { isAdmin, isAllowed } from './auth';
import { loadRecording } from './fixtures';
import { sendDocument } from './representations';
import { decodeBody, fieldManager } from './objectWrites';
import type { RequestInfo } from './requestInfo';
import { FieldSet } from './fieldSet';

function reviewBody(ctx: ApiContext): KObject {
  const body = decodeBody(ctx, false);
  if (!isPlainObject(body)) throw errors.badRequest('the body of the request was not an object');
  return body;
}

function fieldsOf(value: KObject, prefix: string[]): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, `f:${k}`];
    if (isPlainObject(v) && Object.keys(v).length) {
      out.push(path);
      out.push(...fieldsOf(v, path));
    } else out.push(path);
  }
  return out;
}

export function handleSelfSubjectAccessReview(ctx: ApiContext): void {
  const body = reviewBody(ctx);
  const spec: KObject = isPlainObject(body.spec) ? body.spec : {};
  const ra: KObject | undefined = spec.resourceAttributes;
  const nra: KObject | undefined = spec.nonResourceAttributes;
  const info: RequestInfo = ra
    ? {
        isResourceRequest: true,
        path: '',
        verb: String(ra.verb ?? ''),
        apiGroup: String(ra.group ?? ''),
        apiVersion: String(ra.version ?? ''),
        namespace: ra.namespace || undefined,
        resource: ra.resource,
        subresource: ra.subresource || undefined,
        name: ra.name || undefined,
        rest: [],
      }
    : { isResourceRequest: false, path: String(nra?.path ?? ''), verb: String(nra?.verb ?? ''), apiGroup: '', apiVersion: '', rest: [] };
  const allowed = isAllowed(ctx.user, info, ctx.state.authz);
  const status: KObject = { allowed };
  if (allowed && isAdmin(ctx.user)) status.reason = 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"';
  // spec is a struct that always exists, so it gets no "." of its own.
  const fieldsV1 = FieldSet.of(fieldsOf({ spec }, []).filter((p) => p.length > 1)).toFieldsV1();
  const now = rfc3339();
  sendDocument(
    ctx,
    {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {
        creationTimestamp: null,
        managedFields: [{ manager: fieldManager(ctx), operation: 'Update', apiVersion: 'authorization.k8s.io/v1', time: now, fieldsType: 'FieldsV1', fieldsV1 }],
      },
      spec,
      status,
    },
    201,
  );
}

export function handleSelfSubjectRulesReview(ctx: ApiContext): void {
  reviewBody(ctx);
  if (!isAdmin(ctx.user)) {
    return sendDocument(ctx, loadRecording('113-self-subject-rules-review-viewer.json').response.body as KObject, 201);
  }
  sendDocument(
    ctx,
    {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {},
      status: {
        resourceRules: [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        ],
        nonResourceRules: [
          { verbs: ['*'], nonResourceURLs: ['*'] },
          { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
        ],
        incomplete: false,
      },
    },
    201,
  );
}
