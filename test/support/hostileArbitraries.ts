/**
 * fast-check generators of tool calls, driven by the schemas tools/list publishes (so a new parameter is
 * covered without touching this file): hostile values for any parameter, and calls made invalid in a way the
 * server can tell without asking the API server (wrong type, broken Unicode, control characters, traversal,
 * unknown or missing parameters, `__proto__` keys).
 */
import fc from 'fast-check';

export type Args = Record<string, unknown>;
type PropertySchema = { type?: string; anyOf?: unknown[]; enum?: string[]; items?: { type?: string } };
export interface ToolShape { name: string; properties: Record<string, PropertySchema>; required: string[] }

/** Parameters whose strings may hold control characters (TextRule "document"/"argument"/"selector"). */
const CONTROL_TOLERANT = new Set(['payload_manifest', 'request_payload', 'label_filter', 'field_filter']);
/** Parameters that end up in a URL path. */
const PATH_PARAMETERS = ['api_group', 'api_version', 'resource_kind', 'target_ns', 'entity_name', 'sub_path', 'action_path'];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u009b');
const plausible = fc.constantFrom(
  '', 'v1', 'apps', 'core', 'default', 'lab-apps', 'lab-staging', 'pods', 'configmaps', 'deployments', 'api-v1', 'status', 'logs',
  'exec', 'eviction', 'app=web', 'status.phase=Running', 'fake-admin', 'Deployment', 'example.com/*', '0', '-1', 'true',
);
const traversal = fc.constantFrom('..', '../secrets', 'a/b', '%2e%2e', '/', '?watch=1', '#x', '\\', 'a b', '.', 'exec/../x');
const huge = fc.constantFrom(70_000, 300_000, 1024 * 1024).map((n) => 'x'.repeat(n));

/** Any string a hostile client might send, broken Unicode and megabytes included. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: plausible, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: traversal, weight: 2 },
  { arbitrary: fc.array(fc.oneof(plausible, loneSurrogate, controlCharacter, fc.string({ maxLength: 5 })), { maxLength: 6 }).map((parts) => parts.join('')), weight: 3 },
  { arbitrary: huge, weight: 1 },
);

/** Any JSON value, with hostile strings as keys and leaves. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value for a parameter of this schema: plausible, hostile, or of any JSON type. */
function valueFor(schema: PropertySchema): fc.Arbitrary<unknown> {
  const typed = schema.enum ? fc.oneof(fc.constantFrom(...schema.enum), hostileString)
    : schema.type === 'string' ? hostileString
      : schema.type === 'integer' || schema.type === 'number' ? fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double())
        : schema.type === 'boolean' ? fc.boolean()
          : schema.type === 'array' ? fc.array(hostileString, { maxLength: 5 })
            : fc.dictionary(hostileString, fc.oneof(hostileString, fc.integer(), fc.boolean()), { maxKeys: 4 });
  return fc.oneof({ arbitrary: typed, weight: 4 }, { arbitrary: hostileJson, weight: 1 });
}

/** Calls of `tool` where one to three parameters are dropped or replaced by anything; the rest stay valid. */
export function anyCall(tool: ToolShape, base: Args): fc.Arbitrary<Args> {
  const change = ([name, schema]: [string, PropertySchema]) =>
    fc.option(valueFor(schema), { nil: undefined, freq: 4 }).map((value): [string, unknown] => [name, value]);
  return fc.subarray(Object.entries(tool.properties), { minLength: 1, maxLength: 3 })
    .chain((chosen) => fc.tuple(...chosen.map(change)))
    .map((changes) => Object.fromEntries([...Object.entries(base), ...changes].filter(([, value]) => value !== undefined)));
}

/** `target` with an own, enumerable `__proto__` key, as JSON.parse would make it. */
function withProtoKey(target: Args, value: unknown): Args {
  const copy = { ...target };
  Object.defineProperty(copy, '__proto__', { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** `text` with `insert` put in at a position chosen by `at` (0..1). */
const insertInto = (text: string, insert: string, at: number): string => {
  const i = Math.floor(at * (text.length + 1));
  return text.slice(0, i) + insert + text.slice(i);
};

/** What makes a valid call invalid locally; `null` when it does not apply to this parameter. */
type Corruption = (tool: ToolShape, base: Args, name: string, pick: { text: string; at: number; other: unknown }) => Args | null;

const corruptions: Record<string, Corruption> = {
  wrongType: (tool, base, name, { other }) => {
    const { type, anyOf, enum: members } = tool.properties[name]!;
    const accepted = anyOf ? ['object', 'string'] : [type === 'integer' ? 'number' : type];
    const kind = other === null ? 'null' : Array.isArray(other) ? 'array' : typeof other;
    if (accepted.includes(kind) && !(members && typeof other === 'string' && !members.includes(other))) return null;
    return { ...base, [name]: other };
  },
  brokenUnicode: (_tool, base, name, { text, at }) => ({ ...base, [name]: deepInsert(base[name] ?? text, '\ud800', at) }),
  controlCharacter: (_tool, base, name, { text, at }) => (CONTROL_TOLERANT.has(name) ? null : { ...base, [name]: deepInsert(base[name] ?? text, '\u0000', at) }),
  traversal: (_tool, base, name) => {
    const value = base[name];
    return PATH_PARAMETERS.includes(name) && typeof value === 'string' ? { ...base, [name]: `../${value}` } : null;
  },
  unknownParameter: (tool, base, _name, { text }) => (text in tool.properties || text === '' ? null : { ...base, [text]: 1 }),
  missingRequired: (tool, base, name) =>
    (tool.required.includes(name) ? Object.fromEntries(Object.entries(base).filter(([k]) => k !== name)) : null),
  protoKey: (tool, base, name, { other }) => {
    if (tool.properties[name]?.type !== 'object' && name !== 'payload_manifest') return withProtoKey(base, other);
    const nested = base[name];
    return { ...base, [name]: withProtoKey(typeof nested === 'object' && nested !== null ? nested as Args : {}, other) };
  },
};

/** The first string found in `value` (depth first) with `insert` put into it; a bare string becomes `insert`ed. */
function deepInsert(value: unknown, insert: string, at: number): unknown {
  if (typeof value === 'string') return insertInto(value, insert, at);
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items.length ? [deepInsert(items[0], insert, at), ...items.slice(1)] : [insert];
  }
  if (typeof value === 'object' && value !== null) {
    const [first] = Object.keys(value);
    return first === undefined ? { key: insert } : { ...value, [first]: deepInsert((value as Args)[first], insert, at) };
  }
  return insert;
}

/** Locally invalid calls of `tool`, built from the valid `base`, with the name of the corruption applied. */
export function invalidCall(tool: ToolShape, base: Args): fc.Arbitrary<{ corruption: string; args: Args }> {
  return fc.record({
    corruption: fc.constantFrom(...Object.keys(corruptions)),
    name: fc.constantFrom(...Object.keys(tool.properties)),
    pick: fc.record({ text: hostileString, at: fc.double({ min: 0, max: 1, noNaN: true }), other: hostileJson }),
  }).map(({ corruption, name, pick }) => ({ corruption, args: corruptions[corruption]!(tool, base, name, pick) }))
    .filter((call): call is { corruption: string; args: Args } => call.args !== null);
}
