/**
 * The policy (SPEC §7): which contexts may be written, which namespaces and resources are out of reach, when a
 * write needs the person's confirmation, where the audit log goes. One typed, frozen object resolved from
 * layers (defaults < config file < environment < flags; the extension's settings are a layer too), and every
 * value remembers where it was set, so a refusal can say which rule to change and where.
 */

export type PolicyMode = 'read-only' | 'read-write';
export type ConfirmWrites = 'always' | 'destructive' | 'never';
export type ConfirmFallback = 'deny' | 'allow';

/** A resource out of reach: `resource` is a plural name, `pods/exec` for one subresource, or `*` for all. */
export interface DeniedResource {
  /** '' = the core group. */
  readonly group: string;
  readonly resource: string;
}

/**
 * Where a rule was set, as a refusal quotes it: "contexts.prod.mode in /home/me/policy.yaml",
 * "defaultMode from --read-write", "protectedNamespaces from K8S_MCP_PROTECTED_NAMESPACES",
 * "protectedNamespaces, default".
 */
export type RuleSource = string;

/** One `contexts` entry; `pattern` is a context name or a glob (`*` any characters, `?` one). */
export interface ContextRule {
  readonly pattern: string;
  readonly mode: PolicyMode;
  readonly source: RuleSource;
}

/** What one layer sets; absent keys leave the lower layers' values. Lists replace, `contexts` merges by name. */
export interface PolicyInput {
  defaultMode?: PolicyMode | undefined;
  contexts?: Readonly<Record<string, { mode: PolicyMode }>> | undefined;
  protectedNamespaces?: readonly string[] | undefined;
  allowedNamespaces?: readonly string[] | undefined;
  deniedResources?: readonly DeniedResource[] | undefined;
  confirmWrites?: ConfirmWrites | undefined;
  confirmFallback?: ConfirmFallback | undefined;
  auditLog?: string | undefined;
}

export type PolicyKey = Exclude<keyof PolicyInput, 'contexts'>;

export interface PolicyLayer {
  readonly values: PolicyInput;
  /** Names where `key` (e.g. "defaultMode", "contexts.prod.mode") was set in this layer. */
  describe(key: string): RuleSource;
}

export interface Policy {
  readonly defaultMode: PolicyMode;
  /** In the order they were given; an exact name wins over globs (see policyRules.modeOf). */
  readonly contexts: readonly ContextRule[];
  /** Readable, never written (names or globs). */
  readonly protectedNamespaces: readonly string[];
  /** Empty = every namespace; otherwise nothing outside them is read or written (names or globs). */
  readonly allowedNamespaces: readonly string[];
  readonly deniedResources: readonly DeniedResource[];
  readonly confirmWrites: ConfirmWrites;
  readonly confirmFallback: ConfirmFallback;
  /** Absolute path of the audit log file; undefined = no audit log. */
  readonly auditLog: string | undefined;
  /** Where each key's value was set. */
  readonly sources: Readonly<Record<PolicyKey, RuleSource>>;
}

const DEFAULT_VALUES = {
  defaultMode: 'read-only',
  // SPEC §7: the control plane's own namespaces are readable but never written, unless a layer says otherwise.
  protectedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  allowedNamespaces: [],
  deniedResources: [],
  confirmWrites: 'always',
  confirmFallback: 'deny',
  auditLog: undefined,
} as const satisfies Record<PolicyKey, unknown> & PolicyInput;

const POLICY_KEYS = Object.keys(DEFAULT_VALUES) as PolicyKey[];

const defaultsLayer: PolicyLayer = { values: DEFAULT_VALUES, describe: (key) => `${key}, default` };

/**
 * Merges layers, lowest first, into one frozen policy. A later layer's value replaces an earlier one's
 * (lists too: `protectedNamespaces: []` in a file removes the default protection, on purpose and visibly);
 * `contexts` entries merge by name.
 */
export function resolvePolicy(layers: readonly PolicyLayer[]): Policy {
  const all = [defaultsLayer, ...layers];
  const values: Record<string, unknown> = {};
  const sources = {} as Record<PolicyKey, RuleSource>;
  const contexts = new Map<string, ContextRule>();
  for (const layer of all) {
    for (const key of POLICY_KEYS) {
      const value = layer.values[key];
      if (value === undefined && layer !== defaultsLayer) continue;
      values[key] = Array.isArray(value) ? Object.freeze([...(value as unknown[])]) : value;
      sources[key] = layer.describe(key);
    }
    for (const [pattern, rule] of Object.entries(layer.values.contexts ?? {})) {
      contexts.set(pattern, Object.freeze({ pattern, mode: rule.mode, source: layer.describe(`contexts.${pattern}.mode`) }));
    }
  }
  return Object.freeze({
    ...(values as Omit<Policy, 'contexts' | 'sources'>),
    deniedResources: Object.freeze((values.deniedResources as DeniedResource[]).map((d) => Object.freeze({ ...d }))),
    contexts: Object.freeze([...contexts.values()]),
    sources: Object.freeze(sources),
  });
}

/** The policy with nothing configured: read-only everywhere, the control-plane namespaces protected. */
export const DEFAULT_POLICY: Policy = resolvePolicy([]);

/**
 * The policy as the read-write switch leaves it (the extension's toggle, `setReadWrite`, tests): the switch
 * decides defaultMode; per-context entries still apply on top of it.
 */
export function withReadWriteSwitch(policy: Policy, readWrite: boolean): Policy {
  const defaultMode: PolicyMode = readWrite ? 'read-write' : 'read-only';
  if (policy.defaultMode === defaultMode) return policy;
  return Object.freeze({ ...policy, defaultMode, sources: Object.freeze({ ...policy.sources, defaultMode: 'defaultMode from the read-write switch' }) });
}

/**
 * A layer for one switch that sets the default mode (the CLI's `--read-write`, the extension's
 * `k8sMcp.readWrite`), named as the person knows it.
 */
export function defaultModeLayer(readWrite: boolean, where: string): PolicyLayer {
  return { values: { defaultMode: readWrite ? 'read-write' : 'read-only' }, describe: (key) => `${key} from ${where}` };
}
