/**
 * What the Contexts view says about the policy of one context: its mode and the rule that sets it, and the
 * namespace and resource rules that apply to every context. Plain text, no VS Code, so it is tested alone.
 */
import type { DeniedResource, Policy, PolicyMode } from '../core/policy/policy';
import { modeOf } from '../core/policy/policyRules';

export interface ContextPolicySummary {
  mode: PolicyMode;
  /** Where the mode is set: "contexts.prod.mode from the k8sMcp.contexts setting", "defaultMode, default". */
  modeSource: string;
  protectedNamespaces: string;
  allowedNamespaces: string;
  deniedResources: string;
}

/** kubectl's `resource.group` form, as K8S_MCP_DENIED_RESOURCES takes it: `secrets`, `*.rbac.authorization.k8s.io`. */
function deniedText(denied: DeniedResource): string {
  return denied.group === '' ? denied.resource : `${denied.resource}.${denied.group}`;
}

export function summarizeContextPolicy(policy: Policy, context: string): ContextPolicySummary {
  const { mode, source } = modeOf(policy, context);
  return {
    mode,
    modeSource: source,
    protectedNamespaces: policy.protectedNamespaces.join(', ') || 'none',
    allowedNamespaces: policy.allowedNamespaces.join(', ') || 'all',
    deniedResources: policy.deniedResources.map(deniedText).join(', ') || 'none',
  };
}
