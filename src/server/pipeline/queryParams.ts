/** `query_params` / `request_options`: an object of string, number or boolean values (SPEC §1). */
import { z } from 'zod';
import type { QueryValue } from '../../core/client/apiRequest';
import { ValidationError } from '../../core/errors';
import { quoteForMessage } from '../../core/input/quoteForMessage';

const queryParamsShape = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/**
 * An optional query-parameter object described by `description`. The published schema shows it as a plain
 * object (see publishedSchema.ts), so the description says what its values may be.
 */
export function queryParamsParameter(description: string) {
  return queryParamsShape.optional().describe(`${description} Values are strings, numbers or booleans.`);
}

const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

export function toQueryValues(params: Record<string, string | number | boolean> | undefined, parameter = 'query_params'): Record<string, QueryValue> | undefined {
  if (!params) return undefined;
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!KEY.test(key)) throw new ValidationError(parameter, `${quoteForMessage(key)} is not a valid query parameter name.`);
    if (typeof value === 'string' && value.length > 4096) throw new ValidationError(`${parameter}.${key}`, 'the value is longer than 4096 characters.');
    out[key] = value;
  }
  return out;
}
