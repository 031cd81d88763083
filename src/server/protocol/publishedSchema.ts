/**
 * The input schema each tool publishes in tools/list, kept within what every client takes: the OpenAPI 3.0
 * subset of Gemini's function declarations (type, description, enum, properties, required, items, anyOf with
 * single-typed branches, additionalProperties: false). zod's JSON Schema goes beyond it: a union of primitives
 * becomes a type array (`["string","number"]`, which Gemini refuses and one agent CLI warns about on every call),
 * a record gets `propertyNames`, the root names its `$schema`. Those are rewritten here, once per tool.
 * Validation still runs on the zod schema itself, so publishing a record as a plain object loosens nothing.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { isRecord } from '../../core/isRecord';

type JsonSchema = Record<string, unknown>;

const isSchema = (value: unknown): value is JsonSchema => isRecord(value);

/** zod's bounds for `.int()`: they say nothing a client can use. */
const isSafeIntegerBound = (value: unknown): boolean => value === Number.MAX_SAFE_INTEGER || value === Number.MIN_SAFE_INTEGER;

/** One schema node rewritten into the portable subset (children first, then the node's own keywords). */
function portable(node: JsonSchema, where: string): JsonSchema {
  const out: JsonSchema = { ...node };
  delete out.$schema;
  if (isSchema(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([name, child]) => [name, portable(child as JsonSchema, `${where}.${name}`)]));
  }
  if (isSchema(out.items)) out.items = portable(out.items, `${where}[]`);
  if (Array.isArray(out.anyOf)) out.anyOf = out.anyOf.map((branch: JsonSchema, i) => portable(branch, `${where}|${i}`));
  if (Array.isArray(out.type)) {
    // `type: [a, b]` means exactly `anyOf: [{type: a}, {type: b}]`, which the subset allows.
    if (out.anyOf) throw new Error(`${where}: cannot publish both a type list and anyOf`);
    out.anyOf = out.type.map((type: unknown) => ({ type }));
    delete out.type;
  }
  if ('propertyNames' in out) {
    // JSON keys are strings anyway; any narrower key rule cannot be published and must be enforced in code.
    if (!isSchema(out.propertyNames) || out.propertyNames.type !== 'string' || Object.keys(out.propertyNames).length !== 1) {
      throw new Error(`${where}: propertyNames other than {type: "string"} cannot be published`);
    }
    delete out.propertyNames;
  }
  // A record's value schema: published as a plain object (its description says what the values are).
  if (out.additionalProperties !== false) delete out.additionalProperties;
  if (isSafeIntegerBound(out.minimum)) delete out.minimum;
  if (isSafeIntegerBound(out.maximum)) delete out.maximum;
  return out;
}

/** The published input schema of a strict tool input object (see strictInput). */
export function publishedInputSchema(input: z.ZodObject, toolName: string): Tool['inputSchema'] {
  const generated = z.toJSONSchema(input, { target: 'draft-7', io: 'input' }) as JsonSchema;
  return portable(generated, toolName) as Tool['inputSchema'];
}
