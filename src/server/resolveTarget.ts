/**
 * The one way a call finds what it acts on, for every tool and resource URI: validate the address, pick the
 * connection of the call's context, resolve the resource through discovery with the verb check, and (SPEC §7)
 * the policy check, all before the call's own request.
 */
import type { ClusterClient } from '../core/clusterClient';
import type { Connection } from '../core/clusterConnections';
import type { PolicyVerb } from '../core/policy/policyRules';
import { resolveAddress, validateAddress, type Address, type AddressInput, type ResolvedAddress } from '../core/resourceAddress';
import type { ToolContext } from './toolDefinition';

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
export async function resolveAddressTarget(ctx: ToolContext, address: Address, verb: PolicyVerb, options: TargetOptions = {}): Promise<Target> {
  const connection = ctx.connection();
  const resolved = await resolveAddress(connection.discovery, address, {
    allowAllNamespaces: verb === 'list', verb: discoveryVerb(verb, options.subresource),
  }, ctx.signal);
  return { connection, client: connection.client, resolved };
}
