/**
 * Validation of every value that ends up in a URL path, run before any request. An agent can send anything
 * (`../secrets`, `a/b`, `%2e%2e`), and a path built from such a value would address a different object or
 * endpoint than the one the person approved. Each check throws a ValidationError that names the parameter,
 * says what is allowed and gives a valid example, so the agent can fix its call in one go.
 */
import { ValidationError } from '../errors';
import { findTextProblem } from './inputText';
import { quoteForMessage } from './quoteForMessage';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RESOURCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const SUB_PATH_SEGMENT = /^[a-z0-9][-a-z0-9]*$/;
// Whitespace and control characters, including the Unicode line/paragraph separators and the BOM: none of
// them is ever part of a real object name, and they make messages and logs misleading.
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}\u200b-\u200f\u2028\u2029\ufeff]/u;

const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
const OBJECT_NAME_MAX = 253;
const MAX_SUB_PATH_SEGMENTS = 3;

function requireString(value: unknown, parameter: string, example: string): string {
  if (typeof value !== 'string') {
    throw new ValidationError(parameter, `expected a string, got ${quoteForMessage(value)}. Example: "${example}".`);
  }
  if (value === '') {
    throw new ValidationError(parameter, `must not be empty. Example: "${example}".`);
  }
  const problem = findTextProblem(value, 'name');
  if (problem) throw new ValidationError(parameter, `${problem} Example: "${example}".`);
  return value;
}

/** A DNS-1123 label (namespaces, container names, most object names): lowercase, digits, '-'; ≤ 63. */
export function validateDns1123Label(value: unknown, parameter: string, example = 'my-app'): string {
  const text = requireString(value, parameter, example);
  if (text.length > DNS1123_LABEL_MAX) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is longer than ${DNS1123_LABEL_MAX} characters (a DNS-1123 label). Example: "${example}".`,
    );
  }
  if (!DNS1123_LABEL.test(text)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid DNS-1123 label: use lowercase letters, digits and '-', starting and ` +
        `ending with a letter or digit. Example: "${example}".`,
    );
  }
  return text;
}

export function validateNamespace(value: unknown, parameter = 'target_ns'): string {
  return validateDns1123Label(value, parameter, 'kube-system');
}

/**
 * The name of an existing object, as it may appear in a path. Kubernetes itself only forbids what would break
 * the path (apimachinery's IsValidPathSegmentName), so strict DNS-1123 would refuse real names such as
 * `system:controller:foo` (RBAC) or `Bad_Name` in an old cluster. We add: no whitespace or control
 * characters, at most 253 characters.
 */
export function validateObjectName(value: unknown, parameter = 'entity_name'): string {
  const text = requireString(value, parameter, 'web-7d9f8c6b5-x2x4q');
  if (text === '.' || text === '..' || text.includes('/')) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid object name (no "/" or ".."). Pass only the object's own name, ` +
        `e.g. "web-7d9f8c6b5-x2x4q"; subresources go in sub_path.`,
    );
  }
  if (text.includes('%')) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid object name (no "%"; send the name unencoded). Example: "web".`,
    );
  }
  if (WHITESPACE_OR_CONTROL.test(text)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid object name (no spaces or control characters). Example: "web".`,
    );
  }
  if (text.length > OBJECT_NAME_MAX) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is longer than ${OBJECT_NAME_MAX} characters, the maximum for an object name.`,
    );
  }
  return text;
}

/** Names of objects being created: what the API server requires of most kinds (lowercase, '-', '.'; ≤ 253). */
export function validateDns1123Subdomain(value: unknown, parameter: string, example = 'my-app.v2'): string {
  const text = requireString(value, parameter, example);
  if (text.length > DNS1123_SUBDOMAIN_MAX) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is longer than ${DNS1123_SUBDOMAIN_MAX} characters (a DNS-1123 subdomain).`,
    );
  }
  if (!DNS1123_SUBDOMAIN.test(text)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', ` +
        `starting and ending with a letter or digit. Example: "${example}".`,
    );
  }
  return text;
}

/** '' (core) or a DNS-1123 subdomain. Clients also say "core" for the core group: normalized to ''. */
export function validateApiGroup(value: unknown, parameter = 'api_group'): string {
  if (value === undefined || value === '' || value === 'core') {
    return '';
  }
  if (typeof value !== 'string') {
    throw new ValidationError(parameter, `expected a string, got ${quoteForMessage(value)}. Example: "apps".`);
  }
  if (value.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(value)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(value)} is not a valid API group: use "" (or "core") for the core group, otherwise a ` +
        `lowercase DNS name such as "apps", "networking.k8s.io" or "cert-manager.io".`,
    );
  }
  return value;
}

/** A DNS-1035 label, like every served version: v1, v1beta1, v2alpha1 (CRDs follow the same rule). */
export function validateApiVersion(value: unknown, parameter = 'api_version'): string {
  const text = requireString(value, parameter, 'v1');
  if (text.includes('/')) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} contains "/": give the group in api_group and only the version here, ` +
        `e.g. api_group "apps", api_version "v1".`,
    );
  }
  if (text.length > DNS1123_LABEL_MAX || !DNS1035_LABEL.test(text)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid API version: lowercase letters, digits and '-', starting with a ` +
        `letter, at most ${DNS1123_LABEL_MAX} characters. Examples: "v1", "v1beta1", "v2alpha1".`,
    );
  }
  return text;
}

/**
 * What a client may send as the resource before discovery resolves it: a plural (`deployments`), a Kind
 * (`Deployment`), a singular, a short name (`deploy`), optionally qualified by group (`deployments.apps`).
 */
export function validateResourceName(value: unknown, parameter = 'resource_kind'): string {
  const text = requireString(value, parameter, 'deployments');
  if (text.length > DNS1123_SUBDOMAIN_MAX || !RESOURCE_NAME.test(text)) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid resource name: letters, digits, '-' and '.' only (no "/"). ` +
        `Use the plural resource name, e.g. "deployments", "pods" or "certificates.cert-manager.io".`,
    );
  }
  return text;
}

/** A subresource path such as `status`, `scale`, `log` or `proxy/healthz`: 1 to 3 plain segments. */
export function validateSubPath(value: unknown, parameter = 'sub_path'): string {
  const text = requireString(value, parameter, 'status');
  const segments = text.split('/');
  const valid =
    segments.length <= MAX_SUB_PATH_SEGMENTS &&
    text.length <= DNS1123_SUBDOMAIN_MAX &&
    segments.every((segment) => SUB_PATH_SEGMENT.test(segment));
  if (!valid) {
    throw new ValidationError(
      parameter,
      `${quoteForMessage(text)} is not a valid subresource path: 1 to ${MAX_SUB_PATH_SEGMENTS} segments of ` +
        `lowercase letters, digits and '-', separated by "/" (no "..", "%", "?" or leading "/"). ` +
        `Examples: "status", "scale", "log"; query parameters go in query_params.`,
    );
  }
  return text;
}

/** Belt and braces: values are validated first, and still encoded when they are put into a path. */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value);
}
