/**
 * deploy/*.yaml against the facts it depends on: the built-in API surface (the discovery fixtures the fake API
 * server serves) and the image's user (Dockerfile). The integration suite also dry-runs every document.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseArgs } from '../../src/cli/parseArgs';
import { ALL_VERBS, RECORDED_RESOURCE_LISTS, STATIC_GROUP_VERSIONS, subresourceShape } from '../fake-apiserver/discoveryData';
import { fixturePath, loadRecording } from '../fake-apiserver/fixtures';
import { repoRoot } from '../support/repoRoot';

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[] }
interface Probe { httpGet?: { path?: string; port?: string; scheme?: string } }
interface Container {
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  ports?: Array<{ containerPort: number; name: string }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  securityContext?: { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean };
  serviceAccountName?: string;
  containers?: Container[];
  volumes?: Array<{ name: string; secret?: { secretName: string } }>;
}
interface Doc {
  file: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  rules?: Rule[];
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
  spec?: {
    replicas?: number;
    minAvailable?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
  };
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
    return { ...(d.toJS() as Omit<Doc, 'file'>), file };
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

  it('each create the namespace their namespaced objects live in (so each applies on its own)', () => {
    for (const file of new Set(docs.map((d) => d.file))) {
      const own = docs.filter((d) => d.file === file);
      const namespaces = own.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name);
      assert.equal(namespaces.length, 1, file);
      for (const d of own.filter((x) => x.metadata.namespace !== undefined)) assert.ok(namespaces.includes(d.metadata.namespace!), `${file}: ${d.kind} ${d.metadata.name}`);
    }
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
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    assert.equal(deployments.length, 2);
    for (const deployment of deployments) {
      const context = deployment.spec?.template?.spec?.securityContext;
      assert.equal(context?.runAsNonRoot, true, deployment.file);
      assert.equal(context?.runAsUser, Number(user[1]));
      if (user[2] !== undefined) assert.equal(context?.runAsGroup, Number(user[2]));
    }
  });

  describe('serving a team (k8s-mcp-interface-team.yaml, SPEC §8)', () => {
    const team = docs.filter((d) => d.file === 'k8s-mcp-interface-team.yaml');
    const deployment = team.find((d) => d.kind === 'Deployment')!;
    const pod = deployment.spec!.template!;
    const container = pod.spec!.containers![0]!;

    it('runs two stateless replicas with identity passthrough and TLS, as the program parses its arguments', () => {
      assert.equal(deployment.spec!.replicas, 2);
      // The program's own parser, with the Secret's mount point mapped to the test certificate.
      const args = container.args!.map((a) => a.replace('/etc/k8s-mcp/tls/tls.crt', fixturePath('pki', 'server.crt')).replace('/etc/k8s-mcp/tls/tls.key', fixturePath('pki', 'server.key')));
      const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
      const cli = parseArgs(args, env);
      assert.equal(cli.transport, 'streamable-http');
      assert.equal(cli.team.stateless, true);
      assert.equal(cli.team.authMode, 'passthrough');
      assert.equal(cli.team.metrics, true);
      assert.ok(cli.team.tls);
      assert.equal(env.MCP_ALLOW_UNAUTHENTICATED_NETWORK, 'false');
      assert.equal(container.ports![0]!.containerPort, cli.port);
    });

    it('takes the certificate from a TLS Secret mounted where the arguments point', () => {
      const mount = container.volumeMounts!.find((m) => container.args!.includes(`${m.mountPath}/tls.crt`) && container.args!.includes(`${m.mountPath}/tls.key`));
      assert.ok(mount, 'a volume is mounted where --tls-cert and --tls-key point');
      assert.equal(pod.spec!.volumes!.find((v) => v.name === mount.name)?.secret?.secretName, 'k8s-mcp-interface-tls');
    });

    it('probes /healthz over HTTPS and has Prometheus scrape /metrics over HTTPS on the serving port', () => {
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        assert.deepEqual(probe?.httpGet, { path: '/healthz', port: container.ports![0]!.name, scheme: 'HTTPS' });
      }
      assert.deepEqual(pod.metadata!.annotations, {
        'prometheus.io/scrape': 'true', 'prometheus.io/scheme': 'https', 'prometheus.io/port': String(container.ports![0]!.containerPort), 'prometheus.io/path': '/metrics',
      });
    });

    it('keeps one replica through voluntary disruptions', () => {
      const pdb = team.find((d) => d.kind === 'PodDisruptionBudget');
      assert.ok(pdb);
      assert.deepEqual(pdb.spec!.selector!.matchLabels, pod.metadata!.labels);
      assert.ok(pdb.spec!.minAvailable! >= 1 && pdb.spec!.minAvailable! < deployment.spec!.replicas!);
    });

    it('binds no role to its service account: with passthrough it never acts as itself', () => {
      const bound = docs.flatMap((d) => d.subjects ?? []).filter((s) => s.namespace === deployment.metadata.namespace);
      assert.deepEqual(bound, []);
      assert.equal(team.some((d) => d.kind === 'ClusterRole' || d.kind === 'Role'), false);
    });
  });
});
