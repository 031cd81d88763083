/**
 * deploy/*.yaml against the facts it depends on: the built-in API surface (the discovery fixtures the fake API
 * server serves) and the image's user (Dockerfile). The integration suite also dry-runs every document.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ALL_VERBS, RECORDED_RESOURCE_LISTS, STATIC_GROUP_VERSIONS, subresourceShape } from '../fake-apiserver/discoveryData';
import { loadRecording } from '../fake-apiserver/fixtures';
import { repoRoot } from '../support/repoRoot';

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[] }
interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  spec?: { template?: { spec?: { securityContext?: { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean } } } };
}

/**
 * Left out of the role on purpose (deploy/k8s-mcp-interface.yaml says why): Secret values, and the subresources
 * that reach into containers, applications or the kubelet rather than describing an object.
 */
const NOT_GRANTED = ['secrets', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy', 'nodes/proxy'];

const root = repoRoot();
const docs: Doc[] = fs.readdirSync(path.join(root, 'deploy')).filter((f) => /\.ya?ml$/.test(f)).flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(root, 'deploy', file), 'utf8')).map((d) => {
    assert.deepEqual(d.errors, [], `${file} parses`);
    return d.toJS() as Doc;
  }));

/** "group resource" for every built-in resource and subresource that answers get or list. */
function readableBuiltIns(): Set<string> {
  const readable = new Set<string>();
  const add = (group: string, name: string, verbs: readonly string[]): void => {
    if (verbs.includes('get') || verbs.includes('list')) readable.add(`${group} ${name}`);
  };
  for (const [groupVersion, file] of Object.entries(RECORDED_RESOURCE_LISTS)) {
    const group = groupVersion.includes('/') ? groupVersion.split('/')[0]! : '';
    const body = loadRecording(file).response.body as { resources: Array<{ name: string; verbs: string[] }> };
    for (const r of body.resources) add(group, r.name, r.verbs);
  }
  for (const { group, resources } of STATIC_GROUP_VERSIONS) {
    for (const [plural, kind, , , subresources = [], , verbs = ALL_VERBS] of resources) {
      add(group, plural, verbs);
      for (const sub of subresources) add(group, `${plural}/${sub}`, subresourceShape(sub, kind).verbs);
    }
  }
  return readable;
}

function grants(rules: Rule[], group: string, resource: string, verb: string): boolean {
  return rules.some((r) => (r.apiGroups ?? []).some((g) => g === group || g === '*')
    && (r.resources ?? []).some((x) => x === resource || x === '*')
    && (r.verbs ?? []).some((v) => v === verb || v === '*'));
}

describe('deploy/ manifests', () => {
  const role = docs.find((d) => d.kind === 'ClusterRole');

  it('create the namespace every namespaced object lives in', () => {
    const namespaces = docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name);
    assert.equal(namespaces.length, 1);
    for (const d of docs.filter((x) => x.metadata.namespace !== undefined)) assert.ok(namespaces.includes(d.metadata.namespace!), `${d.kind} ${d.metadata.name}`);
  });

  it('grant get, list and watch on every built-in resource the discovery fixtures serve, bar the documented exceptions', () => {
    assert.ok(role?.rules);
    const expected = [...readableBuiltIns()].filter((key) => !NOT_GRANTED.includes(key.split(' ')[1]!));
    assert.ok(expected.includes(' resourcequotas') && expected.includes('discovery.k8s.io endpointslices'), 'the fixtures list the resources at stake');
    const missing = expected.filter((key) => {
      const [group, resource] = key.split(' ') as [string, string];
      return !['get', 'list', 'watch'].every((verb) => grants(role.rules!, group, resource, verb));
    });
    assert.deepEqual(missing, []);
  });

  it('grant nothing but reads, and none of the exceptions', () => {
    const verbs = new Set(role!.rules!.flatMap((r) => r.verbs ?? []));
    assert.deepEqual([...verbs].sort(), ['get', 'list', 'watch']);
    for (const resource of NOT_GRANTED) assert.equal(grants(role!.rules!, '', resource, 'get'), false, resource);
    assert.equal(role!.rules!.some((r) => (r.resources ?? []).includes('*') || (r.apiGroups ?? []).includes('*')), false, 'a wildcard would take in Secrets');
  });

  it("run the pod as the image's user", () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const user = /^USER\s+(\d+)(?::(\d+))?\s*$/m.exec(dockerfile);
    assert.ok(user, 'the Dockerfile names its user by number (runAsNonRoot can only verify a numeric user)');
    assert.match(dockerfile, new RegExp(`useradd [^\\n]*--uid ${user[1]} `), 'the USER uid is the one useradd creates');
    const deployment = docs.find((d) => d.kind === 'Deployment');
    const context = deployment?.spec?.template?.spec?.securityContext;
    assert.equal(context?.runAsNonRoot, true);
    assert.equal(context?.runAsUser, Number(user[1]));
    if (user[2] !== undefined) assert.equal(context?.runAsGroup, Number(user[2]));
  });
});
