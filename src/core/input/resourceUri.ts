/**
 * k8s:// URIs of MCP resources (SPEC §2). The core group is the empty segment (`k8s://cluster//v1/nodes/n1`);
 * `core` is accepted too. Parsing validates every segment like tool parameters, so `..` never reaches a path.
 */
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';
import { validateAddress, type Address } from './resourceAddress';

const PREFIX = 'k8s://';

export function parseResourceUri(uri: string): Address {
  if (!uri.startsWith(PREFIX)) throw new ValidationError('uri', `${quoteForMessage(uri, 100)} is not a k8s:// URI (e.g. k8s://namespace/default//v1/pods/web-1).`);
  const rest = uri.slice(PREFIX.length);
  if (rest.includes('?') || rest.includes('#') || rest.includes('%') || rest.includes('\\')) {
    throw new ValidationError('uri', 'k8s:// URIs take no query, fragment or escapes.');
  }
  const parts = rest.split('/');
  let input: Parameters<typeof validateAddress>[0];
  if (parts[0] === 'cluster' && (parts.length === 4 || parts.length === 5)) {
    input = { scope: 'cluster', api_group: parts[1], api_version: parts[2]!, resource_kind: parts[3]!, entity_name: parts[4] };
  } else if (parts[0] === 'namespace' && (parts.length === 5 || parts.length === 6)) {
    input = { scope: 'namespaced', target_ns: parts[1], api_group: parts[2], api_version: parts[3]!, resource_kind: parts[4]!, entity_name: parts[5] };
  } else {
    throw new ValidationError('uri', `${quoteForMessage(uri, 100)} does not match k8s://cluster/{group}/{version}/{resource}[/{name}] or k8s://namespace/{namespace}/{group}/{version}/{resource}[/{name}].`);
  }
  if (input.entity_name === '') throw new ValidationError('uri', 'the object name segment is empty.');
  return validateAddress(input, { nameRequired: false });
}

export function formatCollectionUri(group: string, version: string, plural: string, namespace?: string): string {
  return namespace !== undefined ? `${PREFIX}namespace/${namespace}/${group}/${version}/${plural}` : `${PREFIX}cluster/${group}/${version}/${plural}`;
}
