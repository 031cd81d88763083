// payload_manifest parsing and checking (src/core/input/manifest.ts): everything here happens before any request.
import * as assert from 'node:assert/strict';
import { MAX_MANIFEST_BYTES, parseManifestPayload, prepareManifest, type ManifestTarget } from '../../src/core/input/manifest';
import { ValidationError } from '../../src/core/errors';

const configMaps: ManifestTarget = { group: '', version: 'v1', kind: 'ConfigMap', namespaced: true, namespace: 'lab-apps' };
const clusterRoles: ManifestTarget = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespaced: false };
const cm = (metadata: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: '1' } });

function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ValidationError && message.test(err.message));
}

describe('manifest', () => {
  describe('parseManifestPayload', () => {
    it('accepts an object as is', () => {
      const obj = cm({ name: 'x' });
      assert.equal(parseManifestPayload(obj), obj);
    });
    it('parses YAML and JSON strings', () => {
      assert.deepEqual(parseManifestPayload('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      assert.deepEqual(parseManifestPayload('{"kind":"ConfigMap"}'), { kind: 'ConfigMap' });
    });
    it('ignores empty documents from a leading or trailing ---', () => {
      assert.deepEqual(parseManifestPayload('---\nkind: ConfigMap\n---\n'), { kind: 'ConfigMap' });
    });
    it('keeps YAML 1.2 scalars as strings where YAML 1.1 would not ("no", "on")', () => {
      assert.deepEqual(parseManifestPayload('data:\n  a: no\n  b: on\n'), { data: { a: 'no', b: 'on' } });
    });
    it('refuses several documents', () => refuses(() => parseManifestPayload('a: 1\n---\nb: 2\n'), /exactly one document, found 2/));
    it('refuses YAML that does not parse', () => refuses(() => parseManifestPayload('a: [1, 2\n'), /does not parse/));
    it('refuses duplicate keys', () => refuses(() => parseManifestPayload('a: 1\na: 2\n'), /does not parse/));
    it('refuses non-objects', () => {
      refuses(() => parseManifestPayload('- a\n- b\n'), /not a list/);
      refuses(() => parseManifestPayload([1]), /not a list/);
      refuses(() => parseManifestPayload(42), /not a number/);
      refuses(() => parseManifestPayload(null), /not null/);
      refuses(() => parseManifestPayload('just text'), /not a string/);
      refuses(() => parseManifestPayload('   '), /empty/);
      refuses(() => parseManifestPayload(undefined), /required/);
    });
    it('refuses more than 1 MiB, as string or object', () => {
      refuses(() => parseManifestPayload(`a: ${'x'.repeat(MAX_MANIFEST_BYTES)}`), /limit is 1048576 bytes/);
      refuses(() => parseManifestPayload({ a: 'x'.repeat(MAX_MANIFEST_BYTES) }), /limit is 1048576 bytes/);
    });
    it('accepts anchors and aliases used as YAML intends', () => {
      const value = parseManifestPayload('metadata: {name: x}\ndata:\n  a: &v shared\n  b: *v\nspec:\n  one: &m {k: v}\n  two: *m\n');
      assert.deepEqual(value, { metadata: { name: 'x' }, data: { a: 'shared', b: 'shared' }, spec: { one: { k: 'v' }, two: { k: 'v' } } });
    });
    it('refuses aliases that would expand past the size limit, without expanding them', () => {
      const bomb = `data:\n  a0: &big ${'x'.repeat(20_000)}\n${Array.from({ length: 60 }, (_, i) => `  a${i + 1}: *big\n`).join('')}`;
      refuses(() => parseManifestPayload(bomb), /aliases expand it to more than 1048576 bytes/);
    });
    it('refuses more than 100 aliases, a cycle, and an alias without its anchor', () => {
      refuses(() => parseManifestPayload(`a: &x 1\nb: [${Array(101).fill('*x').join(', ')}]\n`), /more than 100 aliases/);
      refuses(() => parseManifestPayload('a: &x\n  b: *x\n'), /alias "\*x" at "a\.b" is inside its own anchor/);
      refuses(() => parseManifestPayload('a: *nowhere\n'), /alias "\*nowhere" at "a" has no anchor before it/);
    });
    it('refuses keys that are not strings, and duplicate keys however they are spelled, quoting them safely', () => {
      refuses(() => parseManifestPayload('? [a, b]\n: 1\n'), /mapping keys must be strings; the top level has a collection/);
      refuses(() => parseManifestPayload('metadata:\n  labels:\n    1: a\n    "1": b\n'), /key "1" appears twice in "metadata\.labels"/);
      refuses(() => parseManifestPayload('data:\n  "a\\u202eb": 1\n  "a\\u202eb": 2\n'), /key "a\\u202eb" appears twice in "data"/);
    });
    it('parses YAML within budgets, and refuses more tokens or double-quoted text than it can parse cheaply', () => {
      const lines = (n: number): string => `data:\n${Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join('')}`;
      assert.equal(Object.keys((parseManifestPayload(lines(7000)).data as object)).length, 7000);
      refuses(() => parseManifestPayload(lines(9000)), /more than 60000 tokens.*as a JSON object/);
      refuses(() => parseManifestPayload(`data:\n  a: "${'x'.repeat(300_000)}"\n`), /double-quoted strings hold more than 262144 bytes/);
      assert.equal((parseManifestPayload(`data:\n  a: |\n    ${'x'.repeat(900_000)}\n`).data as { a: string }).a.length, 900_001);
    });
    it('reads a JSON string like an object payload, however many keys it has', () => {
      const data = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, 'v']));
      assert.deepEqual(parseManifestPayload(JSON.stringify({ kind: 'ConfigMap', data })), { kind: 'ConfigMap', data });
      refuses(() => parseManifestPayload(`{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`), /cannot be serialized to JSON/);
    });
    it('refuses alias bombs', () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
      assert.throws(() => parseManifestPayload(bomb), ValidationError);
    });
  });

  describe('prepareManifest', () => {
    it('fills in the namespace and drops status and server-owned metadata without mutating the input', () => {
      const input = { ...cm({ name: 'x', uid: 'u', resourceVersion: '5', managedFields: [{}], creationTimestamp: 't', generation: 2, labels: { a: 'b' } }), status: { phase: 'x' } };
      const copy = structuredClone(input);
      const { object, name } = prepareManifest(input, configMaps);
      assert.equal(name, 'x');
      assert.deepEqual(object, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 'b' }, namespace: 'lab-apps' }, data: { a: '1' } });
      assert.deepEqual(input, copy);
    });
    it('accepts a matching namespace and entity_name', () => {
      assert.equal(prepareManifest(cm({ name: 'x', namespace: 'lab-apps' }), { ...configMaps, name: 'x' }).name, 'x');
    });
    it('refuses mismatches', () => {
      refuses(() => prepareManifest(cm({ name: 'x', namespace: 'default' }), configMaps), /does not match target_ns "lab-apps"/);
      refuses(() => prepareManifest(cm({ name: 'x' }), { ...configMaps, name: 'y' }), /entity_name/);
      refuses(() => prepareManifest({ ...cm({ name: 'x' }), kind: 'Secret' }, configMaps), /expected "ConfigMap"/);
      refuses(() => prepareManifest({ ...cm({ name: 'x' }), apiVersion: 'apps/v1' }, configMaps), /expected "v1"/);
      refuses(() => prepareManifest({ ...cm({ name: 'x' }), apiVersion: undefined }, configMaps), /apiVersion/);
    });
    it('requires metadata.name as a DNS-1123 subdomain', () => {
      refuses(() => prepareManifest(cm({ generateName: 'x-' }), configMaps), /metadata\.name: it is required/);
      refuses(() => prepareManifest(cm({ name: 'Bad_Name' }), configMaps), /DNS-1123/);
      refuses(() => prepareManifest(cm({ name: '../secrets' }), configMaps), /DNS-1123/);
      refuses(() => prepareManifest({ apiVersion: 'v1', kind: 'ConfigMap' }, configMaps), /metadata/);
    });
    it('allows RBAC names with colons, but not path tricks', () => {
      const role = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...extra } });
      assert.equal(prepareManifest(role('system:controller:foo'), clusterRoles).name, 'system:controller:foo');
      refuses(() => prepareManifest(role('a/b'), clusterRoles), /no "\/"/);
      refuses(() => prepareManifest(role('r', { namespace: 'default' }), clusterRoles), /cluster-scoped/);
      assert.equal((prepareManifest(role('r', { namespace: '' }), clusterRoles).object.metadata as Record<string, unknown>).namespace, undefined);
    });
  });
});
