/**
 * The policy's rules as pure functions, checked before any request: may this verb on this resource in this
 * namespace of this context go ahead, and if not, which rule says no and where it is set. Also the helpers the
 * server needs around a call: the mode of a context, whether a resource is denied (the catalogue), what an
 * all-namespaces list must leave out, whether any context may be written (the tool list), whether a write
 * needs the person's confirmation.
 */
import { anyOf, globMatcher, isGlob, type NameMatcher } from './globMatcher';
import type { ContextRule, DeniedResource, Policy, PolicyMode, RuleSource } from './policy';

export type PolicyVerb = 'get' | 'list' | 'create-or-apply' | 'delete' | 'exec' | 'post';

/** A namespace; cluster-scoped objects; or a namespaced collection across all namespaces. */
export type PolicyScope = { kind: 'namespace'; namespace: string } | { kind: 'cluster' } | { kind: 'all-namespaces' };

export interface PolicyRequest {
  context: string;
  verb: PolicyVerb;
  /** '' = the core group. */
  group: string;
  /** The plural resource name. */
  resource: string;
  /** e.g. 'exec', 'log', 'eviction'. */
  subresource?: string | undefined;
  scope: PolicyScope;
  /** The object's name, when the request addresses one. */
  name?: string | undefined;
}

export type PolicyRule = 'deniedResources' | 'allowedNamespaces' | 'contexts' | 'defaultMode' | 'protectedNamespaces';

export type PolicyDecision =
  | { allowed: true }
  | { allowed: false; rule: PolicyRule; source: RuleSource; message: string };

const ALLOWED: PolicyDecision = Object.freeze({ allowed: true });
const WRITE_VERBS: ReadonlySet<PolicyVerb> = new Set(['create-or-apply', 'delete', 'exec', 'post']);
const DESTRUCTIVE_VERBS: ReadonlySet<PolicyVerb> = new Set(['delete', 'exec']);
const AGENT_HINT = 'Only the person can change this rule; do not retry or work around it.';

export function isWriteVerb(verb: PolicyVerb): boolean {
  return WRITE_VERBS.has(verb);
}

interface CompiledPolicy {
  contexts: Array<{ rule: ContextRule; matches: NameMatcher; exact: boolean }>;
  protectedNamespace: NameMatcher;
  allowedNamespace: NameMatcher | undefined;
}

/** Globs compiled once per policy object (policies are frozen, so the cache never goes stale). */
const compiledPolicies = new WeakMap<Policy, CompiledPolicy>();

function compiled(policy: Policy): CompiledPolicy {
  let c = compiledPolicies.get(policy);
  if (!c) {
    c = {
      contexts: policy.contexts.map((rule) => ({ rule, matches: globMatcher(rule.pattern), exact: !isGlob(rule.pattern) })),
      protectedNamespace: anyOf(policy.protectedNamespaces),
      allowedNamespace: policy.allowedNamespaces.length > 0 ? anyOf(policy.allowedNamespaces) : undefined,
    };
    compiledPolicies.set(policy, c);
  }
  return c;
}

/**
 * A context's mode and the rule that sets it: its exact `contexts` entry, else the globs matching it (when
 * several match, read-only wins: overlapping rules fail closed), else defaultMode.
 */
export function modeOf(policy: Policy, context: string): { mode: PolicyMode; rule: 'contexts' | 'defaultMode'; source: RuleSource } {
  const rules = compiled(policy).contexts;
  const exact = rules.find((r) => r.exact && r.rule.pattern === context);
  const matching = exact ? [exact] : rules.filter((r) => !r.exact && r.matches(context));
  const chosen = matching.find((r) => r.rule.mode === 'read-only') ?? matching[0];
  if (chosen) return { mode: chosen.rule.mode, rule: 'contexts', source: chosen.rule.source };
  return { mode: policy.defaultMode, rule: 'defaultMode', source: policy.sources.defaultMode };
}

/** The deniedResources entry covering this resource (or one of its subresources), if any. */
export function deniedResource(policy: Policy, group: string, resource: string, subresource?: string): DeniedResource | undefined {
  return policy.deniedResources.find((d) => d.group === group
    && (d.resource === '*' || d.resource === resource || (subresource !== undefined && d.resource === `${resource}/${subresource}`)));
}

/** Write tools are listed when this is true. Without the kubeconfig's context names, any read-write rule counts. */
export function mayAnyContextWrite(policy: Policy, contextNames?: readonly string[]): boolean {
  if (contextNames) return contextNames.some((name) => modeOf(policy, name).mode === 'read-write');
  return policy.defaultMode === 'read-write' || policy.contexts.some((r) => r.mode === 'read-write');
}

/** confirmWrites: always (every write), destructive (delete and exec), never. Reads never need it. */
export function needsConfirmation(policy: Policy, verb: PolicyVerb): boolean {
  if (!isWriteVerb(verb) || policy.confirmWrites === 'never') return false;
  return policy.confirmWrites === 'always' || DESTRUCTIVE_VERBS.has(verb);
}

export function isProtectedNamespace(policy: Policy, namespace: string): boolean {
  return compiled(policy).protectedNamespace(namespace);
}

/** True when allowedNamespaces is empty (everything allowed) or matches. */
export function isAllowedNamespace(policy: Policy, namespace: string): boolean {
  const allowed = compiled(policy).allowedNamespace;
  return !allowed || allowed(namespace);
}

function refuse(rule: PolicyRule, source: RuleSource, why: string, fix = ''): PolicyDecision {
  return { allowed: false, rule, source, message: `Refused by policy: ${why} (rule: ${source}).${fix ? ` ${fix}` : ''} ${AGENT_HINT}` };
}

function resourceLabel(d: DeniedResource): string {
  if (d.resource === '*') return `every resource of the API group "${d.group || 'core'}"`;
  return `"${d.resource}${d.group ? ` in ${d.group}` : ''}"`;
}

/** Allows the request, or refuses it naming the rule and where it is set. Rules in order: resource, namespace, mode, protection. */
export function evaluatePolicy(policy: Policy, request: PolicyRequest): PolicyDecision {
  const { scope } = request;
  const write = isWriteVerb(request.verb);
  const denied = deniedResource(policy, request.group, request.resource, request.subresource);
  if (denied) return refuse('deniedResources', policy.sources.deniedResources, `${resourceLabel(denied)} is denied: no tool or resource URI reads or writes it`);

  const allowedSource = policy.sources.allowedNamespaces;
  if (scope.kind === 'namespace' && !isAllowedNamespace(policy, scope.namespace)) {
    return refuse('allowedNamespaces', allowedSource, `namespace "${scope.namespace}" is outside allowedNamespaces [${policy.allowedNamespaces.join(', ')}]`);
  }
  if (write && scope.kind !== 'namespace' && policy.allowedNamespaces.length > 0) {
    return refuse('allowedNamespaces', allowedSource, `allowedNamespaces [${policy.allowedNamespaces.join(', ')}] confines writes to those namespaces, and this write is ${scope.kind === 'cluster' ? 'cluster-scoped' : 'across all namespaces'}`);
  }
  if (!write) return ALLOWED;

  const mode = modeOf(policy, request.context);
  if (mode.mode === 'read-only') {
    // An exact entry wins over globs and defaultMode, so this one key is always what would allow the write.
    return refuse(mode.rule, mode.source, `context "${request.context}" is read-only`, `Writing it needs contexts.${request.context}.mode: read-write.`);
  }

  const protectedSource = policy.sources.protectedNamespaces;
  if (scope.kind === 'namespace' && isProtectedNamespace(policy, scope.namespace)) {
    return refuse('protectedNamespaces', protectedSource, `namespace "${scope.namespace}" is protected: readable, never written`);
  }
  const namespaceObject = scope.kind === 'cluster' && request.group === '' && request.resource === 'namespaces' && request.name !== undefined;
  if (namespaceObject && isProtectedNamespace(policy, request.name!)) {
    return refuse('protectedNamespaces', protectedSource, `namespace "${request.name!}" is protected: readable, never written`);
  }
  if (scope.kind === 'all-namespaces' && policy.protectedNamespaces.length > 0) {
    return refuse('protectedNamespaces', protectedSource, 'a write across all namespaces would reach the protected ones');
  }
  return ALLOWED;
}

/**
 * An all-namespaces list with the items outside allowedNamespaces left out, and the note that says so (a
 * list that silently drops items lies about what exists). Cluster-scoped items (no namespace) stay.
 */
export function filterAllowedNamespaces<T>(
  policy: Policy, items: readonly T[], namespaceOf: (item: T) => string | undefined,
): { items: T[]; leftOut: number; note?: string } {
  if (policy.allowedNamespaces.length === 0) return { items: [...items], leftOut: 0 };
  // A list holds many items per namespace: each namespace is matched once.
  const verdicts = new Map<string, boolean>();
  const kept = items.filter((item) => {
    const namespace = namespaceOf(item);
    if (namespace === undefined || namespace === '') return true;
    let allowed = verdicts.get(namespace);
    if (allowed === undefined) verdicts.set(namespace, allowed = isAllowedNamespace(policy, namespace));
    return allowed;
  });
  const leftOut = items.length - kept.length;
  if (leftOut === 0) return { items: kept, leftOut };
  const what = leftOut === 1 ? '1 item in a namespace' : `${leftOut} items in namespaces`;
  return { items: kept, leftOut, note: `${what} outside allowedNamespaces left out (${policy.sources.allowedNamespaces}).` };
}
