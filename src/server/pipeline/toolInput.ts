/**
 * Turns the raw `arguments` of a tools/call into a tool's typed arguments, or one clear error, before anything
 * else runs: every string (nested ones too) is checked for broken Unicode and control characters, every object
 * for `__proto__` keys, then the strict zod input refuses unknown parameters and wrong types.
 */
import type { z } from 'zod';
import { K8sError } from '../../core/errors';
import { checkInputText, nestedParameter, type TextRule } from '../../core/input/inputText';
import { isRecord } from '../../core/isRecord';

/** Parameters holding free text; every other parameter is a name or a query value (TextRule "name"). */
const TEXT_RULES: Readonly<Record<string, TextRule>> = {
  payload_manifest: 'document',
  request_payload: 'argument',
  label_filter: 'selector',
  field_filter: 'selector',
};

/** `query_params.container`, `omit_annotation_keys[2]`: where a zod issue is, as the caller names it. */
function issuePath(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  return rest.reduce<string>((parent, key) => nestedParameter(parent, key), String(first));
}

function describeIssues(toolName: string, issues: readonly z.core.$ZodIssue[]): string {
  const described = issues.map((issue) => {
    // zod's own prefixes ("Invalid input: expected string, received number") would repeat our "Invalid".
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    return issue.path.length ? `Invalid ${issuePath(issue.path)}: ${message}.` : `Invalid arguments for ${toolName}: ${message}.`;
  });
  return described.join(' ');
}

/**
 * The checked arguments of one call of `toolName`, whose strict input object is `input` (see strictInput).
 * Throws a K8sError('validation') naming the parameter at fault.
 */
export function parseToolArguments(toolName: string, input: z.ZodObject, raw: unknown): Record<string, unknown> {
  const args = raw ?? {};
  if (isRecord(args)) {
    for (const [name, value] of Object.entries(args)) {
      // Unknown names (`__proto__` included) are left to the strict object, which names the known ones.
      if (Object.hasOwn(input.shape, name)) checkInputText(value, name, TEXT_RULES[name] ?? 'name');
    }
  }
  const parsed = input.safeParse(args);
  if (!parsed.success) throw new K8sError('validation', describeIssues(toolName, parsed.error.issues));
  return parsed.data;
}
