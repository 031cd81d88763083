// serviceaccounts/{name}/token: a TokenRequest answer shaped like 068. The token is a JWT-looking string with
// the claims a real one would carry; nothing verifies it (the fake's authenticator does not accept it).
import type { KObject } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { sendDocument } from './representations';
import { decodeBody, fieldManager } from './objectWrites';

const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function handleTokenRequest(ctx: ApiContext, sa: KObject): void {
  const body = ctx.body.trim() ? decodeBody(ctx, false) : {};
  const spec: KObject = isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {};
  const expirationSeconds = Number(spec.expirationSeconds ?? 3600);
  const { name, namespace, uid } = sa.metadata;
  if (expirationSeconds < 600) {
    throw errors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
      { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', value: String(expirationSeconds), detail: 'may not specify a duration less than 10 minutes' },
    ]);
  }
  const now = Date.now();
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences : [DEFAULT_AUDIENCE];
  const claims = {
    aud: audiences,
    exp: Math.floor(now / 1000) + expirationSeconds,
    iat: Math.floor(now / 1000),
    iss: DEFAULT_AUDIENCE,
    'kubernetes.io': { namespace, serviceaccount: { name, uid } },
    nbf: Math.floor(now / 1000),
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const token = `${b64url({ alg: 'RS256', kid: 'fake-apiserver' })}.${b64url(claims)}.ZmFrZS1zaWduYXR1cmUtbm90LXZlcmlmaWFibGU`;
  const fields: KObject = { 'f:spec': { 'f:expirationSeconds': {} } };
  if (spec.audiences) fields['f:spec']['f:audiences'] = {};
  sendDocument(
    ctx,
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {
        name,
        namespace,
        creationTimestamp: rfc3339(now),
        managedFields: [
          { manager: fieldManager(ctx), operation: 'Update', apiVersion: 'authentication.k8s.io/v1', time: rfc3339(now), fieldsType: 'FieldsV1', fieldsV1: fields, subresource: 'token' },
        ],
      },
      spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp: rfc3339(now + expirationSeconds * 1000) },
    },
    201,
  );
}
