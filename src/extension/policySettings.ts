/**
 * The k8sMcp.* settings that carry the policy (SPEC §7), read through the same parser as the CLI's config file:
 * `k8sMcp.readWrite` is defaultMode, `k8sMcp.contexts`, `k8sMcp.protectedNamespaces`,
 * `k8sMcp.allowedNamespaces`, `k8sMcp.deniedResources` and `k8sMcp.confirmWrites` are the keys of the same names.
 * (`confirmFallback` has no setting: in VS Code the modal always asks; the audit log is always on, in the
 * extension's global storage.) Settings are edited by hand in JSON, so a value can be anything: a bad one keeps
 * the last good policy in force, shows a problem row naming the setting, and a notification once per problem.
 */
import * as vscode from 'vscode';
import { defaultModeLayer, resolvePolicy, type Policy, type PolicyLayer, type PolicyMode } from '../core/policy/policy';
import { checkPolicyContexts } from '../core/policy/policyContexts';
import { parsePolicyInput } from '../core/policy/policySchema';
import { SECTION } from './settings';


/** The policy keys with a setting of the same name (k8sMcp.<key>). */
export const POLICY_SETTING_KEYS = ['contexts', 'protectedNamespaces', 'allowedNamespaces', 'deniedResources', 'confirmWrites'] as const;

/** A setting that cannot be used as it is. */
export interface PolicyProblem {
  /** `k8sMcp.contexts` */
  readonly setting: string;
  readonly message: string;
}

/** The setting of a key path: `contexts.prod.mode` → `k8sMcp.contexts`, `deniedResources[0].group` → `k8sMcp.deniedResources`. */
function settingOf(key: string): string {
  return `${SECTION}.${/^\w+/.exec(key)?.[0] ?? key}`;
}

function auditLayer(auditFile: string | undefined): PolicyLayer {
  return { values: { auditLog: auditFile }, describe: (key) => `${key}: the extension's global storage` };
}

/** The values the person set (user, workspace or folder settings); unset keys keep the core's defaults. */
function setValues(c: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of POLICY_SETTING_KEYS) {
    const i = c.inspect(key);
    // get() merges objects across scopes (k8sMcp.contexts from user and workspace settings together).
    if (i && [i.globalValue, i.workspaceValue, i.workspaceFolderValue].some((v) => v !== undefined)) raw[key] = c.get(key);
  }
  return raw;
}

/**
 * Reads the policy settings. `contextNames` (undefined = the kubeconfig cannot be read yet) checks that every
 * `k8sMcp.contexts` entry names a context: a typo there is a rule that silently does nothing. `policy` is
 * undefined when there are problems.
 */
export function readPolicySettings(
  auditFile: string | undefined, contextNames: readonly string[] | undefined,
): { policy?: Policy; problems: PolicyProblem[] } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const readWrite = defaultModeLayer(c.get<boolean>('readWrite', false), `the ${SECTION}.readWrite setting`);
  const parsed = parsePolicyInput(setValues(c));
  if (!parsed.ok) {
    return { problems: parsed.issues.map((issue) => ({ setting: settingOf(issue.key), message: `${issue.key}: ${issue.message}` })) };
  }
  const layer: PolicyLayer = { values: parsed.value, describe: (key) => `${key} from the ${settingOf(key)} setting` };
  const policy = resolvePolicy([readWrite, layer, auditLayer(auditFile)]);
  if (!contextNames) return { policy, problems: [] };
  const check = checkPolicyContexts(policy, contextNames);
  // The CLI only warns about an entry no stricter than defaultMode; here every such entry is a problem, so
  // the person sees the typo in the tree, and the "no effect" of the CLI's warning no longer applies.
  const problems = [...check.errors, ...check.warnings]
    .map((message) => ({ setting: `${SECTION}.contexts`, message: message.replace(/; the entry has no effect\.$/, '.') }));
  return problems.length ? { problems } : { policy, problems };
}

/** Equal policies (same rules, same sources) need not be applied again. */
function samePolicy(a: Policy, b: Policy): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The policy in force in the extension, and the problems of the settings. Until the settings have been good
 * once, every context is read-only (fail closed: a broken `k8sMcp.contexts` must not leave prod writable).
 */
export class PolicySettings {
  private good: Policy;
  private current: readonly PolicyProblem[] = [];
  private readonly notified = new Set<string>();

  constructor(
    private readonly auditFile: string | undefined,
    private readonly contextNames: () => readonly string[] | undefined,
    private readonly notify: (problem: PolicyProblem) => void,
  ) {
    this.good = resolvePolicy([auditLayer(auditFile)]);
    this.reload();
  }

  get policy(): Policy {
    return this.good;
  }

  get problems(): readonly PolicyProblem[] {
    return this.current;
  }

  /** Re-reads the settings; `changed` says whether the policy in force is a different one now. */
  reload(): { policy: Policy; changed: boolean } {
    const { policy, problems } = readPolicySettings(this.auditFile, this.contextNames());
    this.current = problems;
    const keys = new Set(problems.map((p) => `${p.setting}\u0000${p.message}`));
    for (const key of this.notified) if (!keys.has(key)) this.notified.delete(key); // fixed: tell again if it comes back
    for (const problem of problems) {
      const key = `${problem.setting}\u0000${problem.message}`;
      if (this.notified.has(key)) continue;
      this.notified.add(key);
      this.notify(problem);
    }
    if (!policy || samePolicy(policy, this.good)) return { policy: this.good, changed: false };
    this.good = policy;
    return { policy, changed: true };
  }
}

/** Where a mode switch is written: the workspace settings when a folder or workspace is open, else the user's. */
function modeTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/**
 * Sets `k8sMcp.contexts.NAME.mode` (the tree's one-click switch), keeping the other entries of that settings
 * file. An exact name wins over globs, so this decides the context's mode whatever the globs say.
 */
export async function setContextModeSetting(context: string, mode: PolicyMode): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const target = modeTarget();
  const inspected = c.inspect<Record<string, unknown>>('contexts');
  const existing = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  const entries = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
  await c.update('contexts', { ...entries, [context]: { mode } }, target);
}

/** The notification of one problem (once per distinct problem; PolicySettings decides when). */
export function showPolicyProblem(problem: PolicyProblem): void {
  const open = 'Open Setting';
  void vscode.window.showWarningMessage(`Kubernetes MCP: ${problem.setting}: ${problem.message} The last good policy stays in force.`, open)
    .then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', problem.setting) : undefined));
}
