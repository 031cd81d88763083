/**
 * From the common tool parameters (scope, api_group, api_version, resource_kind, target_ns, entity_name) to a
 * validated address, then to a resolved one whose URL path is safe to send. Validation happens entirely before
 * any request: a value like `../secrets` never reaches the API server.
 */
import type { ApiResource, Discovery } from '../client/discovery';
import { formatGroupVersion, groupVersionPath } from '../client/discovery';
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';
import {
  encodePathSegment, validateApiGroup, validateApiVersion, validateNamespace, validateObjectName, validateResourceName, validateSubPath,
} from './validation';

export type Scope = 'cluster' | 'namespaced';

export interface AddressInput {
  scope: string;
  api_group?: string | undefined;
  api_version: string;
  resource_kind: string;
  target_ns?: string | undefined;
  entity_name?: string | undefined;
}

export interface Address {
  scope: Scope;
  group: string;
  version: string;
  resourceName: string;
  namespace?: string | undefined;
  name?: string | undefined;
}

export interface ResolvedAddress extends Address {
  resource: ApiResource;
}

/** `"clustered"` is what some clients send; it means cluster. */
export function normalizeScope(scope: string): Scope {
  if (scope === 'cluster' || scope === 'clustered') return 'cluster';
  if (scope === 'namespaced') return 'namespaced';
  throw new ValidationError('scope', `${quoteForMessage(scope)} is not a scope: use "cluster" or "namespaced".`);
}

/** Checks every part of the address; throws a ValidationError naming the parameter. No request is made. */
export function validateAddress(input: AddressInput, options: { nameRequired: boolean }): Address {
  const scope = normalizeScope(input.scope);
  const group = validateApiGroup(input.api_group ?? '');
  const version = validateApiVersion(input.api_version);
  validateResourceName(input.resource_kind);
  let namespace: string | undefined;
  if (scope === 'namespaced') {
    if (input.target_ns === undefined || input.target_ns === '') {
      throw new ValidationError('target_ns', 'it is required when scope is "namespaced" (e.g. "default").');
    }
    namespace = validateNamespace(input.target_ns);
  } else if (input.target_ns !== undefined && input.target_ns !== '') {
    throw new ValidationError('target_ns', `scope "cluster" takes no namespace; drop target_ns or use scope "namespaced".`);
  }
  let name: string | undefined;
  if (options.nameRequired || input.entity_name !== undefined) {
    if (input.entity_name === undefined || input.entity_name === '') throw new ValidationError('entity_name', 'it is required and must not be empty.');
    name = validateObjectName(input.entity_name);
  }
  return { scope, group, version, resourceName: input.resource_kind, namespace, name };
}

/**
 * Resolves the resource through discovery and checks the scope against it. A namespaced resource addressed
 * with scope "cluster" is allowed only for lists (`allowAllNamespaces`), where it means every namespace.
 */
export async function resolveAddress(
  discovery: Discovery, address: Address,
  /** verb: what the call will do, checked against the verbs discovery lists (when it lists any). */
  options: { allowAllNamespaces: boolean; verb?: string | undefined }, signal?: AbortSignal,
): Promise<ResolvedAddress> {
  const resource = await discovery.resolve(address.group, address.version, address.resourceName, signal);
  const gv = formatGroupVersion(resource.group, resource.version);
  if (!resource.namespaced && address.scope === 'namespaced') {
    throw new ValidationError('scope', `${resource.plural} (${gv}) are cluster-scoped: use scope "cluster" without target_ns.`);
  }
  if (resource.namespaced && address.scope === 'cluster' && !options.allowAllNamespaces) {
    throw new ValidationError('scope', `${resource.plural} (${gv}) are namespaced: use scope "namespaced" with target_ns.`);
  }
  if (options.verb && resource.verbs.length && !resource.verbs.includes(options.verb)) {
    throw new ValidationError('resource_kind', `${resource.plural} (${gv}) do not support ${options.verb}; the API server offers: ${resource.verbs.join(', ')}.`);
  }
  return { ...address, resourceName: resource.plural, resource };
}

/** The URL path of the collection or object (and subresource), every segment validated and encoded. */
export function objectPath(address: ResolvedAddress, subPath?: string): string {
  const r = address.resource;
  let path = groupVersionPath(r.group, r.version);
  if (address.namespace !== undefined && r.namespaced) path += `/namespaces/${encodePathSegment(address.namespace)}`;
  path += `/${encodePathSegment(r.plural)}`;
  if (address.name !== undefined) path += `/${encodePathSegment(address.name)}`;
  if (subPath) path += '/' + validateSubPath(subPath).split('/').map(encodePathSegment).join('/');
  return path;
}

export function describeAddress(address: ResolvedAddress): string {
  const r = address.resource;
  const where = address.namespace ? ` in namespace ${address.namespace}` : '';
  return `${r.kind} ${address.name ? `"${address.name}"` : `(${r.plural})`}${where}`;
}
