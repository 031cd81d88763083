/**
 * The policy's own sources: the config file (`--config FILE` / `K8S_MCP_CONFIG`, YAML or JSON) and the
 * K8S_MCP_* environment variables. Each becomes a PolicyLayer whose errors name the file and key (or the
 * variable) at fault. The caller passes the environment in: only the options resolvers read process.env.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { expandHome } from '../client/homePath';
import type { DeniedResource, PolicyInput, PolicyLayer } from './policy';
import { parsePolicyInput, type PolicyIssue } from './policySchema';

/** A policy source that cannot be used: the CLI exits with code 2, the extension keeps the last good policy. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyConfigError';
  }
}

/** A policy file is a few dozen lines; anything this big is the wrong file. */
const MAX_FILE_BYTES = 1024 * 1024;
/** YAML aliases let a tiny file expand exponentially ("billion laughs"); a policy needs few or none. */
const MAX_ALIASES = 20;
const MAX_ISSUES_SHOWN = 5;

function issuesMessage(prefix: string, issues: readonly PolicyIssue[], keyName: (key: string) => string): string {
  const lines = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => (i.key ? `${keyName(i.key)}: ${i.message}` : i.message));
  const more = issues.length > MAX_ISSUES_SHOWN ? `\n  (${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return `${prefix}\n  ${lines.join('\n  ')}${more}`;
}

function readPolicyText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new PolicyConfigError(`Cannot read policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  if (!stat.isFile()) throw new PolicyConfigError(`Policy file ${file} is not a file.`);
  if (stat.size > MAX_FILE_BYTES) throw new PolicyConfigError(`Policy file ${file} is ${stat.size} bytes; a policy file is at most 1 MiB.`);
  return fs.readFileSync(file, 'utf8');
}

/** YAML 1.2 (JSON is YAML), duplicate keys refused, aliases capped. */
function parsePolicyDocument(file: string, text: string): unknown {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) throw new PolicyConfigError(`Policy file ${file} is not valid YAML or JSON: ${error.message.split('\n')[0]!.replace(/:$/, '')}.`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
  } catch (err) {
    throw new PolicyConfigError(`Policy file ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}.`);
  }
}

/** Reads and validates a policy file; throws PolicyConfigError naming the file and every bad key. */
export function loadPolicyFile(file: string, home?: string): PolicyLayer {
  const absolute = path.resolve(expandHome(file, home));
  const data = parsePolicyDocument(absolute, readPolicyText(absolute)) ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new PolicyConfigError(`Policy file ${absolute} must hold a mapping of policy keys (defaultMode, contexts, …), not a ${Array.isArray(data) ? 'list' : typeof data}.`);
  }
  const parsed = parsePolicyInput(data);
  if (!parsed.ok) throw new PolicyConfigError(issuesMessage(`Policy file ${absolute} has errors:`, parsed.issues, (key) => key));
  const values = parsed.value;
  // A relative audit log path is relative to the file that names it, like kubeconfig paths are.
  if (values.auditLog !== undefined) values.auditLog = path.resolve(path.dirname(absolute), expandHome(values.auditLog, home));
  return { values, describe: (key) => `${key} in ${absolute}` };
}

/** The environment variable of each key that can be set from the environment. */
export const POLICY_ENV = {
  defaultMode: 'K8S_MCP_DEFAULT_MODE',
  protectedNamespaces: 'K8S_MCP_PROTECTED_NAMESPACES',
  allowedNamespaces: 'K8S_MCP_ALLOWED_NAMESPACES',
  deniedResources: 'K8S_MCP_DENIED_RESOURCES',
  confirmWrites: 'K8S_MCP_CONFIRM_WRITES',
  confirmFallback: 'K8S_MCP_CONFIRM_FALLBACK',
  auditLog: 'K8S_MCP_AUDIT_LOG',
} as const;

const LIST_KEYS = new Set(['protectedNamespaces', 'allowedNamespaces', 'deniedResources']);

/** kubectl's `resource.group` form: `secrets`, `roles.rbac.authorization.k8s.io`, `*.rbac.authorization.k8s.io`. */
function deniedResourceFromText(text: string): DeniedResource {
  const dot = text.indexOf('.');
  return dot < 0 ? { group: '', resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

/** The K8S_MCP_* variables (lists comma-separated; empty = unset) as a layer. */
export function policyFromEnv(env: NodeJS.ProcessEnv, home?: string): PolicyLayer {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(POLICY_ENV)) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (!LIST_KEYS.has(key)) raw[key] = value;
    else {
      const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      raw[key] = key === 'deniedResources' ? items.map(deniedResourceFromText) : items;
    }
  }
  const parsed = parsePolicyInput(raw);
  const envName = (key: string): string => {
    const top = /^\w+/.exec(key)![0] as keyof typeof POLICY_ENV;
    const item = /^\w+\[(\d+)\]/.exec(key);
    return `${POLICY_ENV[top]}${item ? ` (item ${Number(item[1]) + 1})` : ''}`;
  };
  if (!parsed.ok) throw new PolicyConfigError(issuesMessage('Policy environment variables have errors:', parsed.issues, envName));
  const values: PolicyInput = parsed.value;
  if (values.auditLog !== undefined) values.auditLog = path.resolve(expandHome(values.auditLog, home));
  return { values, describe: (key) => `${key} from ${POLICY_ENV[key as keyof typeof POLICY_ENV] ?? key}` };
}
