/**
 * The policy keys as a strict zod schema, shared by every source (config file, environment, extension
 * settings), and the translation of zod's issues into one message per problem that names the key: a typo in a
 * safety rule must stop the server rather than be ignored.
 */
import { z, type ZodRawShape } from 'zod';
import { strictObjectWithHints } from '../input/strictKeys';
import { quoteForMessage } from '../input/quoteForMessage';
import type { PolicyInput } from './policy';

const NAMESPACE_PATTERN = /^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/;
const RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;
const API_GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

function strictKeys<Shape extends ZodRawShape>(shape: Shape) {
  return strictObjectWithHints(shape, (hints, known) => `unknown key ${hints}; the keys here are ${known.join(', ')}`);
}

const mode = z.enum(['read-only', 'read-write']);

const namespacePattern = z.string().refine((v) => v.length <= 63 && NAMESPACE_PATTERN.test(v), {
  error: (issue) => `${quoteForMessage(issue.input)} is not a namespace name or glob (lowercase letters, digits, '-', and * or ?)`,
});

const apiGroup = z.string().transform((v) => (v === 'core' ? '' : v)).refine((v) => v === '' || API_GROUP.test(v), {
  error: (issue) => `${quoteForMessage(issue.input)} is not an API group: "" (or "core") for the core group, else e.g. "apps", "rbac.authorization.k8s.io"`,
});

const resource = z.string().refine((v) => v === '*' || RESOURCE.test(v), {
  error: (issue) => (typeof issue.input === 'string' && /^[A-Z]/.test(issue.input)
    ? `${quoteForMessage(issue.input)} looks like a Kind: use the plural resource name as in the REST path, e.g. "secrets", or "*" for every resource of the group`
    : `${quoteForMessage(issue.input)} is not a resource: a plural name ("secrets"), one subresource ("pods/exec"), or "*"`),
});

const contextName = z.string().refine((v) => v !== '' && !CONTROL.test(v), { error: 'a context name or glob must be a non-empty line of text' });

/** Every key a policy source may set (SPEC §7). */
export const policyInputSchema = strictKeys({
  defaultMode: mode.optional(),
  contexts: z.record(contextName, strictKeys({ mode })).optional(),
  protectedNamespaces: z.array(namespacePattern).optional(),
  allowedNamespaces: z.array(namespacePattern).optional(),
  // `group` is required: `{ resource: deployments }` meaning apps/deployments would silently deny nothing.
  deniedResources: z.array(strictKeys({ group: apiGroup, resource })).optional(),
  confirmWrites: z.enum(['always', 'destructive', 'never']).optional(),
  confirmFallback: z.enum(['deny', 'allow']).optional(),
  auditLog: z.string().refine((v) => v.trim() !== '' && !CONTROL.test(v), { error: 'auditLog must be a file path' }).optional(),
});

export type PolicyIssue = { key: string; message: string };

/** Validates one source's values; each issue names its key path (`contexts.prod.mode`). */
export function parsePolicyInput(data: unknown): { ok: true; value: PolicyInput } | { ok: false; issues: PolicyIssue[] } {
  const result = policyInputSchema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  // Unknown keys first: they are usually typos, and a misspelt key hides the rule the person meant.
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  return { ok: false, issues: issues.map((issue) => ({ key: keyPath(issue.path), message: describeIssue(issue) })) };
}

/** `contexts.prod.mode`, `deniedResources[0].group`. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', record: 'a mapping', string: 'a string' };

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`;
    case 'invalid_value':
      if (issue.input === undefined) return `is required (${issue.values.map((v) => String(v)).join(' or ')})`;
      return `must be ${issue.values.map((v) => String(v)).join(' or ')}, not ${quoteForMessage(issue.input)}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${quoteForMessage(value)}`;
}
