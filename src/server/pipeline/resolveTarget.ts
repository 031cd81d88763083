/**
 * The one way a call finds what it acts on, for every tool and resource URI: validate the address, pick the
 * connection of the call's context, resolve the resource through discovery with the verb check, and check the
 * policy (SPEC §7: denied resources, allowed and protected namespaces, the context's mode), all before the
 * call's own request. Discovery is the only request a refused call can cause (once per context, cached).
 */
import type { ClusterClient } from '../../core/client/clusterClient';
import type { Connection } from '../../core/client/clusterConnections';
import { K8sError } from '../../core/errors';
import { evaluatePolicy, type PolicyScope, type PolicyVerb } from '../../core/policy/policyRules';
import { resolveAddress, validateAddress, type Address, type AddressInput, type ResolvedAddress } from '../../core/input/resourceAddress';
import type { ToolContext } from '../protocol/toolDefinition';

export interface Target {
  connection: Connection;
  client: ClusterClient;
  resolved: ResolvedAddress;
}

export interface TargetOptions {
  /** The subresource the call reaches ("log", "exec", "eviction"); a get of one skips the object's verb check. */
  subresource?: string | undefined;
  /** The object's name when the address has none: an apply takes it from the manifest (policy checks it). */
  name?: string | undefined;
}

/** What discovery must list for the resource: a subresource has verbs of its own, exec and POSTs go to one. */
function discoveryVerb(verb: PolicyVerb, subresource: string | undefined): string | undefined {
  switch (verb) {
    case 'get': return subresource === undefined ? 'get' : undefined;
    case 'list': return 'list';
    case 'create-or-apply': return 'patch';
    case 'delete': return 'delete';
    default: return undefined;
  }
}

/** Validates the tool's address parameters (a name is required except for lists and applies), then resolves. */
export function resolveTarget(ctx: ToolContext, args: AddressInput, verb: PolicyVerb, options: TargetOptions = {}): Promise<Target> {
  const nameRequired = verb !== 'list' && verb !== 'create-or-apply';
  return resolveAddressTarget(ctx, validateAddress(args, { nameRequired }), verb, options);
}

/** Resolves an already validated address (a resource URI). */
export async function resolveAddressTarget(
  ctx: ToolContext, address: Address, verb: PolicyVerb, options: TargetOptions = {},
): Promise<Target> {
  const connection = ctx.connection();
  const resolved = await resolveAddress(connection.discovery, address, {
    allowAllNamespaces: verb === 'list', verb: discoveryVerb(verb, options.subresource),
  }, ctx.signal);
  // SPEC §7: after resolving (the policy speaks of plural names and groups, the agent may have sent a Kind),
  // before the call's own request.
  const decision = evaluatePolicy(ctx.options.policy, {
    context: connection.context, verb, group: resolved.resource.group, resource: resolved.resource.plural,
    subresource: options.subresource, scope: policyScope(resolved), name: resolved.name ?? options.name,
  });
  if (!decision.allowed) throw new K8sError('forbidden', decision.message);
  return { connection, client: connection.client, resolved };
}

/** A namespace, a cluster-scoped resource, or a namespaced one listed with scope "cluster" (all namespaces). */
export function policyScope(resolved: ResolvedAddress): PolicyScope {
  if (!resolved.resource.namespaced) return { kind: 'cluster' };
  return resolved.namespace === undefined ? { kind: 'all-namespaces' } : { kind: 'namespace', namespace: resolved.namespace };
}
