/**
 * The `contexts` entries checked against the kubeconfig's context names. An entry that matches nothing is
 * usually a typo, and whether the typo is dangerous depends on its direction: a read-only entry under a
 * read-write defaultMode that misses its context leaves that context writable (an error: fail closed); an
 * entry no stricter than defaultMode that misses only keeps a context at the default (a warning).
 */
import { closestMatches } from '../input/closestMatches';
import { globMatcher, isGlob } from './globMatcher';
import type { Policy } from './policy';

const NAMES_SHOWN = 10;

export interface ContextCheck {
  /** The policy must not be used (the CLI exits with code 2). */
  errors: string[];
  /** Worth telling the person; the policy is still safe to use. */
  warnings: string[];
}

export function checkPolicyContexts(policy: Policy, contextNames: readonly string[]): ContextCheck {
  const out: ContextCheck = { errors: [], warnings: [] };
  const known = contextNames.length === 0 ? 'the kubeconfig has no contexts'
    : `contexts: ${contextNames.slice(0, NAMES_SHOWN).join(', ')}${contextNames.length > NAMES_SHOWN ? `, … (${contextNames.length} in all)` : ''}`;
  for (const rule of policy.contexts) {
    const matches = globMatcher(rule.pattern);
    if (contextNames.some(matches)) continue;
    const near = isGlob(rule.pattern) ? undefined : closestMatches(rule.pattern, contextNames, 1)[0];
    const what = `${rule.source} ${isGlob(rule.pattern) ? 'is a glob that matches' : 'names'} no kubeconfig context`
      + ` (${near ? `did you mean "${near}"? ` : ''}${known})`;
    if (rule.mode === 'read-only' && policy.defaultMode === 'read-write') {
      out.errors.push(`${what}. It makes a context read-only while defaultMode is read-write, so a misspelt name would leave the context it meant writable: fix or remove the entry.`);
    } else {
      out.warnings.push(`${what}; the entry has no effect.`);
    }
  }
  return out;
}
