/**
 * Pod-log query parameters (SPEC §1, get_k8s_entity with sub_path "log"/"logs"). A pod log can be gigabytes,
 * so a call without limits gets the last 100 lines capped at 32 KiB; the agent asks for more explicitly, up to
 * hard caps. A malformed value is an error naming the parameter rather than a silent fallback: the agent
 * would otherwise believe it got what it asked for.
 */
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';
import { validateDns1123Label } from './validation';

export interface LogOptions {
  container?: string;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** RFC3339, as given. */
  sinceTime?: string;
  tailLines?: number;
  limitBytes: number;
  /** The line count is our default, not the caller's: the result should say how to get more. */
  defaultedTail: boolean;
  /** The byte cap is our default, not the caller's. */
  defaultedLimitBytes: boolean;
}

export interface LogDefaults {
  tailLines: number;
  limitBytes: number;
}

export const DEFAULT_LOG_LIMITS: Readonly<LogDefaults> = Object.freeze({ tailLines: 100, limitBytes: 32 * 1024 });
export const MAX_TAIL_LINES = 10_000;
export const MAX_LIMIT_BYTES = 10 * 1024 * 1024;

const ALLOWED_KEYS = ['container', 'previous', 'timestamps', 'sinceSeconds', 'sinceTime', 'tailLines', 'limitBytes'];

const parameterName = (key: string): string => `query_params.${key}`;

function parseBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ValidationError(parameterName(key), `${quoteForMessage(value)} is not true or false. Example: true.`);
}

function parseWholeNumber(key: string, value: unknown, min: number, example: number): number {
  let parsed: number | undefined;
  if (typeof value === 'number') parsed = value;
  else if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) parsed = Number(value);
  if (parsed === undefined || !Number.isSafeInteger(parsed)) {
    throw new ValidationError(parameterName(key), `${quoteForMessage(value)} is not a whole number. Example: ${example}.`);
  }
  if (parsed < min) {
    throw new ValidationError(parameterName(key), `${parsed} is too small: it must be at least ${min}. Example: ${example}.`);
  }
  return parsed;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** Go's time.Parse(time.RFC3339, …), which the API server uses: field ranges included, leap second not. */
function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[8] === 'Z' || (Number(match[9]) < 24 && Number(match[10]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60 && offsetOk;
}

function parseSinceTime(value: unknown): string {
  if (typeof value !== 'string' || !isRfc3339(value)) {
    throw new ValidationError(
      parameterName('sinceTime'),
      `${quoteForMessage(value)} is not an RFC3339 time. Example: "2026-11-25T01:00:00Z" (or with an offset, ` +
        `"2026-11-25T02:00:00+01:00").`,
    );
  }
  return value;
}

function capped(key: string, value: number, cap: number, unit: string, hint: string): number {
  if (value > cap) {
    throw new ValidationError(parameterName(key), `${value} is above the cap of ${cap} ${unit}. ${hint}`);
  }
  return value;
}

/**
 * Validates the pod-log query parameters and applies the defaults: 100 lines and 32 KiB when neither
 * tailLines nor limitBytes is given; sinceSeconds/sinceTime drop the default line count but keep the byte cap.
 */
export function resolveLogOptions(
  query: Record<string, unknown>,
  defaults: LogDefaults = DEFAULT_LOG_LIMITS,
): LogOptions {
  // null is "not set" in JSON; treat it like an absent key.
  const given = Object.entries(query).filter(([, value]) => value !== undefined && value !== null);
  const unknown = given.map(([key]) => key).filter((key) => !ALLOWED_KEYS.includes(key));
  if (unknown.length > 0) {
    const hint = unknown.includes('follow') ? ' Streaming (follow) is not supported: logs are returned once.' : '';
    throw new ValidationError(
      'query_params',
      `unknown pod-log parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => quoteForMessage(key)).join(', ')}. ` +
        `Allowed: ${ALLOWED_KEYS.join(', ')}. Example: {"tailLines": 200, "container": "app"}.${hint}`,
    );
  }
  const values = new Map(given);

  const container = values.has('container')
    ? validateDns1123Label(values.get('container'), parameterName('container'), 'app')
    : undefined;
  const previous = values.has('previous') ? parseBoolean('previous', values.get('previous')) : false;
  const timestamps = values.has('timestamps') ? parseBoolean('timestamps', values.get('timestamps')) : false;
  const sinceSeconds = values.has('sinceSeconds') ? parseWholeNumber('sinceSeconds', values.get('sinceSeconds'), 1, 300) : undefined;
  const sinceTime = values.has('sinceTime') ? parseSinceTime(values.get('sinceTime')) : undefined;
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    throw new ValidationError(
      'query_params',
      'give either sinceSeconds or sinceTime, not both (the API server refuses the combination). ' +
        'Example: {"sinceSeconds": 600}.',
    );
  }
  const tailLines = values.has('tailLines')
    ? capped('tailLines', parseWholeNumber('tailLines', values.get('tailLines'), 0, 200), MAX_TAIL_LINES, 'lines',
      `Ask for at most ${MAX_TAIL_LINES} lines, or narrow the window with sinceSeconds.`)
    : undefined;
  const limitBytes = values.has('limitBytes')
    ? capped('limitBytes', parseWholeNumber('limitBytes', values.get('limitBytes'), 1, 65536), MAX_LIMIT_BYTES, 'bytes (10 MiB)',
      `Ask for at most ${MAX_LIMIT_BYTES} bytes, or fewer lines with tailLines.`)
    : undefined;

  const defaultedTail = tailLines === undefined && limitBytes === undefined && sinceSeconds === undefined && sinceTime === undefined;
  const options: LogOptions = {
    previous,
    timestamps,
    limitBytes: limitBytes ?? defaults.limitBytes,
    defaultedTail,
    defaultedLimitBytes: limitBytes === undefined,
  };
  if (container !== undefined) options.container = container;
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) options.sinceTime = sinceTime;
  if (tailLines !== undefined) options.tailLines = tailLines;
  else if (defaultedTail) options.tailLines = defaults.tailLines;
  return options;
}

/** The query string parameters of GET …/pods/{name}/log for `options`. */
export function toQuery(options: LogOptions): Record<string, string> {
  const query: Record<string, string> = {};
  if (options.container !== undefined) query['container'] = options.container;
  if (options.previous) query['previous'] = 'true';
  if (options.timestamps) query['timestamps'] = 'true';
  if (options.sinceSeconds !== undefined) query['sinceSeconds'] = String(options.sinceSeconds);
  if (options.sinceTime !== undefined) query['sinceTime'] = options.sinceTime;
  if (options.tailLines !== undefined) query['tailLines'] = String(options.tailLines);
  query['limitBytes'] = String(options.limitBytes);
  return query;
}
