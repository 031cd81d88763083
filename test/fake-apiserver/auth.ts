// Authentication (client certificates verified against the CA, static bearer tokens) and authorization
// (system:masters, and a read-only viewer bound to "view"), with the apiserver's 401/403 bodies. The x509
// authenticator runs before the token one, like kube-apiserver's union; an unknown token is a 401 even on
// public paths, while no credentials at all is system:anonymous, allowed only the public-info paths.
import type * as http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './types';
import type { RequestInfo } from './requestInfo';
import { errors, type ApiError } from './statusErrors';

/** The static tokens of the generated kubeconfig (like --token-auth-file entries). */
export const FAKE_TOKENS = {
  admin: 'fake-admin-token-5b1e7c0d9a2f4e68',
  viewer: 'fake-viewer-token-3c9d2a7e6f1b4d05',
  bad: 'fake-bad-token-0000000000000000',
} as const;

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

const TOKEN_USERS: Record<string, UserInfo> = {
  [FAKE_TOKENS.admin]: { name: 'lab-admin-token', groups: ['system:masters', 'system:authenticated'] },
  [FAKE_TOKENS.viewer]: { name: 'lab-viewer-token', groups: ['system:authenticated'] },
};

/** Users bound to the built-in "view" ClusterRole. */
const VIEWERS = new Set(['lab-viewer', 'lab-viewer-token']);

function certificateUser(req: http.IncomingMessage): UserInfo | undefined {
  const socket = req.socket as TLSSocket;
  // Only a certificate that verified against our CA counts; anything else is as good as none.
  if (!socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const org = cert.subject.O;
  const groups = (Array.isArray(org) ? org : org ? [org] : []).concat('system:authenticated');
  return { name: Array.isArray(cn) ? String(cn[0]) : cn, groups };
}

/** The caller, anonymous when no credentials were sent; throws 401 for a token nobody knows. */
export function authenticate(req: http.IncomingMessage): UserInfo {
  const fromCert = certificateUser(req);
  if (fromCert) return fromCert;
  const header = req.headers.authorization;
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const user = match ? TOKEN_USERS[(match[1] as string).trim()] : undefined;
  if (!user) throw errors.unauthorized();
  return user;
}

const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);
const DISCOVERY_PREFIXES = ['/api', '/apis', '/openapi'];
/** Subresources "view" never grants, even for reading. */
const SENSITIVE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy', 'token', 'eviction']);

/** The resources of the real "view" role (113), for tests that want the strict version. */
const VIEW_ROLE: Record<string, Set<string>> = {
  '': new Set(['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'serviceaccounts', 'services', 'bindings', 'events', 'limitranges', 'namespaces', 'resourcequotas']),
  apps: new Set(['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets']),
  autoscaling: new Set(['horizontalpodautoscalers']),
  batch: new Set(['cronjobs', 'jobs']),
  policy: new Set(['poddisruptionbudgets']),
  'networking.k8s.io': new Set(['ingresses', 'networkpolicies']),
  'discovery.k8s.io': new Set(['endpointslices']),
};

export interface AuthzOptions {
  /** Use the real "view" role's resource list instead of "everything but secrets". */
  strictViewRole?: boolean;
}

export function isAdmin(user: UserInfo): boolean {
  return user.groups.includes('system:masters');
}

export function isAllowed(user: UserInfo, info: RequestInfo, opts: AuthzOptions = {}): boolean {
  if (isAdmin(user)) return true;
  const authenticated = user.groups.includes('system:authenticated');
  if (!info.isResourceRequest) {
    if (info.verb !== 'get') return false;
    if (PUBLIC_PATHS.has(info.path)) return true;
    return authenticated && DISCOVERY_PREFIXES.some((p) => info.path === p || info.path.startsWith(`${p}/`));
  }
  if (!authenticated) return false;
  if (info.apiGroup === 'authorization.k8s.io' && info.verb === 'create' && (info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews')) {
    return true;
  }
  if (!VIEWERS.has(user.name)) return false;
  if (!['get', 'list', 'watch'].includes(info.verb)) return false;
  if (info.resource === 'secrets') return false;
  if (info.subresource && SENSITIVE_SUBRESOURCES.has(info.subresource)) return false;
  if (opts.strictViewRole) return VIEW_ROLE[info.apiGroup]?.has(info.resource ?? '') ?? false;
  return true;
}

/** The 403 the authorizer's response writer builds (016, 037, 067, 077). */
export function forbidden(user: UserInfo, info: RequestInfo): ApiError {
  if (!info.isResourceRequest) {
    return errors.forbidden({ group: '', resource: '' }, undefined, `User ${JSON.stringify(user.name)} cannot ${info.verb} path ${JSON.stringify(info.path)}`);
  }
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : (info.resource ?? '');
  const scope = info.namespace ? `in the namespace ${JSON.stringify(info.namespace)}` : 'at the cluster scope';
  const why = `User ${JSON.stringify(user.name)} cannot ${info.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(info.apiGroup)} ${scope}`;
  return errors.forbidden({ group: info.apiGroup, resource: info.resource ?? '' }, info.name, why);
}
