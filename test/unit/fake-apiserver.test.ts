// The fake kube-apiserver must answer like the recorded real one (test/fixtures/recorded): same status codes,
// same Status bodies, same discovery documents and Table columns, and it must work with real clients
// (@kubernetes/client-node, ws).
import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import YAML from 'yaml';
import { startFakeApiServer, type FakeApiServer, type KObject } from '../fake-apiserver/index';
import { callAs, execAs, type Caller } from '../fake-apiserver/testClient';
import { loadRecording } from '../fake-apiserver/fixtures';
import { waitFor } from '../support/waitFor';

const recorded = (file: string): KObject => loadRecording(file).response.body as KObject;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };

describe('fake kube-apiserver', function () {
  let server: FakeApiServer;
  const get = (path: string, caller: Caller = 'admin', headers: Record<string, string> = {}) => callAs(server, caller, path, { headers });

  /** Replays a recorded request and checks the status code (and the body, when it is a Status). */
  async function replay(file: string, caller?: Caller): Promise<KObject> {
    const rec = loadRecording(file);
    const who = caller ?? (rec.request.user as Caller);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.request.headers)) if (k !== 'Authorization') headers[k] = v;
    const res = await callAs(server, who, rec.request.path, { method: rec.request.method, headers, body: rec.request.body });
    assert.equal(res.status, rec.response.status, `${file}: ${res.text.slice(0, 300)}`);
    const want = rec.response.body as KObject | undefined;
    if (want && typeof want === 'object' && want.kind === 'Status' && want.status === 'Failure') assert.deepEqual(res.json(), want, file);
    return res.text ? (res.headers['content-type'] === 'application/json' ? res.json() : { text: res.text }) : {};
  }

  before(async () => {
    server = await startFakeApiServer({ extraContexts: true });
  });
  after(async () => server.close());
  afterEach(() => server.faults.reset());

  describe('discovery', () => {
    it('serves the recorded version, core, apps, batch and CRD documents', async () => {
      assert.deepEqual((await get('/version')).json(), recorded('001-version.json'));
      assert.deepEqual((await get('/api/v1')).json(), recorded('003-api-v1.json'));
      assert.deepEqual((await get('/apis/apps/v1')).json(), recorded('005-apis-apps-v1.json'));
      assert.deepEqual((await get('/apis/batch/v1')).json(), recorded('006-apis-batch-v1.json'));
      assert.deepEqual((await get('/apis/lab.example.com/v1')).json(), recorded('007-apis-crd-group.json'));
    });

    it('lists the recorded groups and ignores an aggregated-discovery Accept', async () => {
      const names = (doc: KObject) => (doc.groups as KObject[]).map((g) => g.name);
      assert.deepEqual(names((await get('/apis')).json()), names(recorded('004-apis.json')));
      const agg = await get('/apis', 'admin', { Accept: loadRecording('009-aggregated-discovery-not-served.json').request.headers.Accept as string });
      assert.equal(agg.json().kind, 'APIGroupList');
    });

    it('answers unknown groups with the plain-text 404', async () => {
      const res = await get('/apis/nosuch.example.com/v1');
      assert.equal(res.status, 404);
      assert.equal(res.text, '404 page not found\n');
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    });

    it('adds and removes a CRD group when CRDs are created and deleted', async () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.toys.example.com' },
        spec: { group: 'toys.example.com', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
      };
      const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.toys.example.com';
      assert.equal((await callAs(server, 'admin', `${crdPath}?fieldManager=t`, { method: 'PATCH', headers: APPLY, body: crd })).status, 201);
      assert.ok(((await get('/apis')).json().groups as KObject[]).some((g) => g.name === 'toys.example.com'));
      assert.equal((await get('/apis/toys.example.com/v1')).json().resources[0].name, 'gadgets');
      assert.equal((await get('/apis/toys.example.com/v1/namespaces/lab-apps/gadgets')).json().kind, 'GadgetList');
      await callAs(server, 'admin', crdPath, { method: 'DELETE' });
      await waitFor(async () => (await get('/apis/toys.example.com/v1')).status === 404, { what: 'CRD group gone' });
    });
  });

  describe('errors and authorization', () => {
    for (const file of [
      '011-get-deployment-not-found.json',
      '016-get-secret-forbidden-viewer.json',
      '017-get-unauthorized.json',
      '021-get-unknown-resource.json',
      '022-get-bad-name.json',
      '023-get-namespace-not-found.json',
      '037-list-secrets-forbidden-viewer-token.json',
      '067-exec-forbidden-viewer.json',
      '077-list-anonymous-forbidden.json',
      '102-method-not-allowed.json',
    ]) {
      it(`answers like ${file}`, async () => void (await replay(file)));
    }

    it('names the token user in a viewer-token 403 and lets the viewer read pods', async () => {
      const res = await get('/api/v1/namespaces/lab-data/secrets/db-credentials', 'viewer-token');
      assert.equal(res.json().message, 'secrets "db-credentials" is forbidden: User "lab-viewer-token" cannot get resource "secrets" in API group "" in the namespace "lab-data"');
      assert.equal((await get('/api/v1/namespaces/lab-apps/pods?limit=2', 'viewer-token')).status, 200);
      assert.match((await get('/api/v1/secrets', 'viewer-token')).json().message, /cannot list resource "secrets" in API group "" at the cluster scope$/);
    });

    it('lets anonymous callers read /version and /healthz only', async () => {
      assert.equal((await get('/version', 'anonymous')).status, 200);
      assert.equal((await get('/healthz', 'anonymous')).text, 'ok');
      assert.equal((await get('/api', 'anonymous')).status, 403);
    });
  });

  describe('objects and lists', () => {
    it('returns secrets base64-encoded as stored', async () => {
      const s = (await get('/api/v1/namespaces/lab-data/secrets/db-credentials')).json();
      assert.deepEqual(s.data, recorded('015-get-secret.json').data);
    });

    it('pages configmaps with the apiserver continue token', async () => {
      const first = (await get('/api/v1/namespaces/lab-apps/configmaps?limit=5')).json();
      assert.deepEqual(first.items.map((i: KObject) => i.metadata.name), recorded('024-list-configmaps-limit-5.json').items.map((i: KObject) => i.metadata.name));
      assert.equal(first.metadata.remainingItemCount, 296);
      assert.equal(JSON.parse(Buffer.from(first.metadata.continue, 'base64url').toString()).start, 'cm-004\u0000');
      assert.equal(first.items[0].kind, undefined, 'typed list items carry no kind');
      const next = (await get(`/api/v1/namespaces/lab-apps/configmaps?limit=5&continue=${first.metadata.continue}`)).json();
      assert.deepEqual(next.items.map((i: KObject) => i.metadata.name), ['cm-005', 'cm-006', 'cm-007', 'cm-008', 'cm-009']);
      assert.equal(next.metadata.remainingItemCount, 291);
      await replay('026-list-configmaps-bad-continue.json');
    });

    it('answers a continue token from before a compaction with 410 Expired and a token that goes on inconsistently', async () => {
      const first = (await get('/api/v1/namespaces/lab-apps/configmaps?limit=5')).json();
      server.store.compact();
      const gone = await get(`/api/v1/namespaces/lab-apps/configmaps?limit=5&continue=${first.metadata.continue}`);
      assert.equal(gone.status, 410);
      const status = gone.json();
      assert.deepEqual([status.kind, status.status, status.reason, status.code], ['Status', 'Failure', 'Expired', 410]);
      assert.match(status.message, /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token/);
      const onward = JSON.parse(Buffer.from(status.metadata.continue, 'base64url').toString());
      assert.deepEqual(onward, { v: 'meta.k8s.io/v1', rv: -1, start: 'cm-004\u0000' });
      const rest = (await get(`/api/v1/namespaces/lab-apps/configmaps?limit=5&continue=${status.metadata.continue}`)).json();
      assert.equal(rest.items[0].metadata.name, 'cm-005');
      const fresh = (await get('/api/v1/namespaces/lab-apps/configmaps?limit=5')).json();
      assert.equal((await get(`/api/v1/namespaces/lab-apps/configmaps?limit=5&continue=${fresh.metadata.continue}`)).status, 200, 'tokens after the compaction work');
    });

    it('filters with label and field selectors like the apiserver', async () => {
      const labelled = (await get('/api/v1/namespaces/lab-apps/configmaps?labelSelector=shard%3D3%2Capp%20in%20(api-v1)')).json();
      assert.deepEqual(labelled.items.map((i: KObject) => i.metadata.name), recorded('027-list-label-selector.json').items.map((i: KObject) => i.metadata.name));
      const notin = (await get('/api/v1/namespaces/lab-apps/configmaps?labelSelector=app%20notin%20(api-v1),!missing,shard!%3D0')).json();
      assert.ok(notin.items.every((i: KObject) => i.metadata.labels?.app !== 'api-v1' && i.metadata.labels?.shard !== '0'));
      assert.ok(notin.items.length > 100);
      await replay('028-list-invalid-label-selector.json');
      await replay('030-list-field-selector-unsupported.json');
      const pending = (await get('/api/v1/pods?fieldSelector=status.phase%3DPending')).json();
      assert.deepEqual(pending.items.map((i: KObject) => i.metadata.name), ['gpu-job-pending']);
      const onNode = (await get('/api/v1/pods?limit=3&fieldSelector=spec.nodeName%3Dlab-gpu-1')).json();
      assert.ok(onNode.items.every((p: KObject) => p.spec.nodeName === 'lab-gpu-1'));
      assert.equal(onNode.metadata.remainingItemCount, undefined, 'no remainingItemCount with selectors');
    });
  });

  describe('tables', () => {
    it('prints pods with the recorded columns, a crash-looping status and metadata rows', async () => {
      const t = (await get('/api/v1/namespaces/lab-apps/pods', 'admin', { Accept: TABLE })).json();
      assert.deepEqual(t.columnDefinitions, recorded('031-list-pods-table.json').columnDefinitions);
      const crash = (t.rows as KObject[]).find((r) => r.cells[0] === 'checkout-dfd5b95b4-7klg4') as KObject;
      assert.equal(crash.cells[2], 'CrashLoopBackOff');
      assert.match(crash.cells[3], /^27 \(\d+s ago\)$/);
      assert.equal(crash.object.kind, 'PartialObjectMetadata');
      const none = (await get('/api/v1/namespaces/lab-apps/pods?includeObject=None', 'admin', { Accept: TABLE })).json();
      assert.equal(none.rows[0].object, undefined);
    });

    it('prints nodes, deployments and widgets like the recordings', async () => {
      const nodes = (await get('/api/v1/nodes', 'admin', { Accept: TABLE })).json();
      assert.deepEqual(nodes.columnDefinitions, recorded('032-list-nodes-table.json').columnDefinitions);
      assert.deepEqual(nodes.rows.map((r: KObject) => r.cells.slice(1, 3)), [['Ready', 'control-plane,master'], ['Ready', 'worker'], ['Ready', 'worker'], ['Ready', 'worker']]);
      const deps = (await get('/apis/apps/v1/namespaces/lab-apps/deployments?limit=3', 'admin', { Accept: TABLE })).json();
      assert.deepEqual(deps.columnDefinitions, recorded('033-list-deployments-table.json').columnDefinitions);
      const api = (deps.rows as KObject[]).find((r) => r.cells[0] === 'api-v1') as KObject;
      assert.deepEqual([...api.cells.slice(0, 4), ...api.cells.slice(5)], ['api-v1', '2/2', 2, 2, 'api-v1', 'registry.lab.example.com/shop/api-v1:1.4.2', 'app=api-v1']);
      const widgets = (await get('/apis/lab.example.com/v1/namespaces/lab-apps/widgets?limit=3', 'admin', { Accept: TABLE })).json();
      assert.deepEqual(widgets.columnDefinitions, recorded('034-list-widgets-table.json').columnDefinitions);
      assert.deepEqual(widgets.rows.map((r: KObject) => r.cells.slice(0, 4)), recorded('034-list-widgets-table.json').rows.map((r: KObject) => r.cells.slice(0, 4)));
    });

    it('serves metadata-only lists and tables without a JSON fallback, and 406 for "no tables" resources', async () => {
      const meta = (await get('/api/v1/namespaces/lab-apps/configmaps?limit=3', 'admin', { Accept: loadRecording('035-list-configmaps-metadata.json').request.headers.Accept as string })).json();
      assert.equal(meta.kind, 'PartialObjectMetadataList');
      assert.equal(meta.items[0].kind, 'PartialObjectMetadata');
      assert.equal(meta.items[0].data, undefined);
      assert.equal((await get('/api/v1/namespaces/lab-apps/pods?limit=1', 'admin', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).json().kind, 'Table');
      server.faults.noTables.add('pods');
      const refused = await get('/api/v1/namespaces/lab-apps/pods?limit=1', 'admin', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
      assert.equal(refused.status, 406);
      assert.equal(refused.json().reason, 'NotAcceptable');
      assert.equal((await get('/api/v1/namespaces/lab-apps/pods?limit=1', 'admin', { Accept: TABLE })).json().kind, 'PodList');
    });
  });

  describe('pod logs', () => {
    const logPath = '/api/v1/namespaces/lab-apps/pods/api-v1-666bb449d6-jcxlq/log';
    it('tails, cuts at limitBytes and prefixes RFC3339Nano timestamps', async () => {
      const tail = await get(`${logPath}?tailLines=5`);
      assert.equal(tail.headers['content-type'], 'text/plain');
      assert.equal(tail.text.split('\n').length, 6);
      const cut = (await get(`${logPath}?limitBytes=300&timestamps=true`)).text;
      assert.equal(Buffer.byteLength(cut), 300);
      assert.match(cut, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z Starting api-v1/);
      assert.equal((await get('/api/v1/namespaces/lab-apps/pods/chatty-5f7d9c8b4-w5xkq/log')).text.split('\n').length - 1, 20000);
    });

    it('answers the recorded errors and special cases', async () => {
      for (const f of ['043-pod-logs-multi-container-no-container.json', '045-pod-logs-bad-tail.json', '046-pod-logs-not-found.json', '115-pod-logs-previous-none.json', '118-pod-logs-unscheduled-pod.json']) await replay(f);
      const proxy = await replay('044-pod-logs-container.json');
      assert.equal(String(proxy.text).split('\n').length, 4);
      const previous = String((await replay('114-pod-logs-previous-crashloop.json')).text);
      assert.match(previous, /^FATAL checkout: cannot connect/m);
      assert.ok(previous.endsWith('exit status 1\n'));
    });
  });

  describe('server-side apply and patches', () => {
    it('replays the recorded apply sequence: dry run, create, unchanged, update, conflict, force', async () => {
      await replay('047-apply-dry-run-create.json');
      assert.equal((await get('/api/v1/namespaces/lab-staging/configmaps/rec-cm')).status, 404, 'dry run stores nothing');
      const created = await replay('048-apply-create.json');
      assert.deepEqual(created.metadata.managedFields[0].fieldsV1, { 'f:data': { 'f:a': {} } });
      const unchanged = await replay('049-apply-unchanged.json');
      assert.equal(unchanged.metadata.resourceVersion, created.metadata.resourceVersion);
      assert.deepEqual((await replay('050-apply-update.json')).data, { a: '2', b: 'x' });
      await replay('051-apply-other-manager.json');
      await replay('052-apply-conflict.json');
      const forced = await replay('053-apply-force.json');
      assert.deepEqual(forced.metadata.managedFields.map((m: KObject) => m.manager), ['k8s-mcp-interface']);
      for (const f of ['054-apply-invalid-object.json', '055-apply-name-mismatch.json', '056-apply-missing-field-manager.json', '057-apply-forbidden-viewer.json']) await replay(f);
    });

    it('conflicts with kubectl-client-side-apply on a kubectl-applied deployment (058)', async () => {
      await replay('058-apply-deployment-dry-run.json');
    });

    it('refuses a PATCH with plain application/json like the recording (098)', async () => {
      await replay('098-patch-unsupported-media-type.json');
    });

    it('accepts YAML apply bodies and reports malformed YAML like Go', async () => {
      assert.deepEqual((await replay('099-apply-yaml-body.json')).data, { greeting: 'hello' });
      await replay('100-apply-yaml-malformed.json');
    });

    it('validates custom resources against the CRD schema and serves their scale and status', async () => {
      await replay('089-apply-widget-create.json');
      await replay('092-apply-widget-invalid.json');
      assert.deepEqual((await replay('088-get-widget-scale.json')).spec, recorded('088-get-widget-scale.json').spec);
      const status = (await replay('087-get-widget-status.json')).status;
      assert.deepEqual([status.phase, status.conditions[0].reason], [recorded('087-get-widget-status.json').status.phase, 'PaintMissing']);
    });

    it('refuses an invalid deployment with the apiserver message', async () => {
      const body = YAML.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } } });
      const res = await callAs(server, 'admin', '/apis/apps/v1/namespaces/lab-staging/deployments/bad?fieldManager=t', { method: 'PATCH', headers: APPLY, body });
      assert.equal(res.status, 422);
      assert.equal(res.json().message, 'Deployment.apps "bad" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`]');
    });
  });

  describe('deletes and subresources', () => {
    it('deletes in the foreground, the background and with orphaning', async () => {
      const fgApply = YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fg' }, data: { k: 'v' } });
      await callAs(server, 'admin', '/api/v1/namespaces/lab-staging/configmaps/fg?fieldManager=t', { method: 'PATCH', headers: APPLY, body: fgApply });
      const fg = (await callAs(server, 'admin', '/api/v1/namespaces/lab-staging/configmaps/fg', { method: 'DELETE', body: { propagationPolicy: 'Foreground' } })).json();
      assert.deepEqual([fg.kind, fg.metadata.finalizers, typeof fg.metadata.deletionTimestamp], ['ConfigMap', ['foregroundDeletion'], 'string']);
      await waitFor(async () => (await get('/api/v1/namespaces/lab-staging/configmaps/fg')).status === 404, { what: 'foreground delete finished' });
      const dry = (await callAs(server, 'admin', '/apis/apps/v1/namespaces/lab-apps/deployments/web?dryRun=All', { method: 'DELETE' })).json();
      assert.deepEqual([dry.status, dry.details.group, dry.details.kind], ['Success', 'apps', 'deployments']);
      const orphan = (await callAs(server, 'admin', '/apis/apps/v1/namespaces/lab-apps/deployments/web?propagationPolicy=Orphan', { method: 'DELETE' })).json();
      assert.deepEqual(orphan.metadata.finalizers, ['orphan']);
      const rs = await waitFor(async () => {
        const r = (await get('/apis/apps/v1/namespaces/lab-apps/replicasets/web-7c9d8f6b5')).json();
        return r.metadata.ownerReferences ? undefined : r;
      }, { what: 'orphaned replica set' });
      assert.equal(rs.kind, 'ReplicaSet');
      const bg = (await callAs(server, 'admin', '/apis/apps/v1/namespaces/lab-apps/deployments/chatty', { method: 'DELETE' })).json();
      assert.equal(bg.status, 'Success');
      await waitFor(async () => (await get('/api/v1/namespaces/lab-apps/pods/chatty-5f7d9c8b4-w5xkq')).status === 404, { what: 'garbage collected pod' });
      assert.equal((await replay('062-delete-dry-run.json')).status, 'Success');
      assert.deepEqual((await replay('063-delete-foreground.json')).metadata.finalizers, ['foregroundDeletion']);
      await waitFor(async () => (await get('/api/v1/namespaces/lab-staging/configmaps/rec-cm')).status === 404, { what: 'rec-cm gone' });
      await replay('064-delete-not-found.json');
    });

    it('serves scale, status, eviction and token requests', async () => {
      assert.deepEqual(Object.keys((await get('/apis/apps/v1/namespaces/lab-apps/deployments/api-v1/scale')).json()), Object.keys(recorded('019-get-scale.json')));
      assert.equal((await get('/apis/apps/v1/namespaces/lab-apps/deployments/api-v1/scale')).json().status.selector, 'app=api-v1');
      assert.equal((await get('/apis/lab.example.com/v1/namespaces/lab-apps/widgets/widget-013/status')).json().status.phase, 'Failed');
      const ev = await callAs(server, 'admin', '/api/v1/namespaces/lab-apps/pods/auth-v1-6b9fcbc6fc-k9mnp/eviction?dryRun=All', { method: 'POST', body: loadRecording('065-eviction-dry-run.json').request.body });
      assert.deepEqual([ev.status, ev.json()], [201, recorded('065-eviction-dry-run.json')]);
      const token = (await replay('068-token-request.json')).status.token as string;
      assert.equal(token.split('.').length, 3);
    });

    it('serves a node\'s kubelet stats summary through the node proxy, with that node\'s pods (122)', async () => {
      const res = await get('/api/v1/nodes/lab-gpu-1/proxy/stats/summary');
      const rec = loadRecording('122-node-proxy-stats-summary.json').response;
      assert.deepEqual([res.status, res.headers['content-type']], [rec.status, rec.headers['content-type']]);
      const summary = res.json();
      assert.deepEqual(Object.keys(summary), Object.keys(recorded('122-node-proxy-stats-summary.json')));
      assert.equal(summary.node.nodeName, 'lab-gpu-1');
      assert.ok(summary.pods.length > 0 && summary.pods.every((p: KObject) => typeof p.podRef.name === 'string'));
      assert.equal((await get('/api/v1/nodes/no-such-node/proxy/stats/summary')).status, 404);
    });
  });

  describe('exec', () => {
    const execPath = (cmd: string[], extra = '') => `/api/v1/namespaces/lab-apps/pods/auth-v1-6b9fcbc6fc-k9mnp/exec?${cmd.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&stdout=true&stderr=true${extra}`;
    const text = (frames: [number, Buffer][]) => frames.map(([c, b]) => [c, b.toString()]);

    it('picks v5 when offered first and sends the recorded frames', async () => {
      const r = await execAs(server, 'admin', execPath(['echo', 'hello']));
      assert.equal(r.protocol, 'v5.channel.k8s.io');
      assert.deepEqual(text(r.frames), loadRecording('069-exec-ws-echo-v5-offered.json').response.frames);
      assert.equal(r.closeCode, 1000);
    });

    it('speaks v4 only when the kubelet is a 1.25 one, and reports exit codes and stderr', async () => {
      server.faults.execV4Only = true;
      const v4 = await execAs(server, 'admin', execPath(['echo', 'v4']));
      assert.equal(v4.protocol, 'v4.channel.k8s.io');
      assert.deepEqual(text(v4.frames), loadRecording('123-exec-ws-v4-only.json').response.frames);
      assert.deepEqual(text((await execAs(server, 'admin', execPath(['sh', '-c', 'exit 3']))).frames), loadRecording('070-exec-ws-nonzero-exit.json').response.frames);
      assert.deepEqual(text((await execAs(server, 'admin', execPath(['sh', '-c', 'echo oops >&2']))).frames), loadRecording('071-exec-ws-stderr.json').response.frames);
    });

    it('fails missing binaries with InternalError and refuses bad handshakes', async () => {
      const missing = await execAs(server, 'admin', execPath(['nosuchbinary']));
      const status = JSON.parse((missing.frames.find(([c]) => c === 3) as [number, Buffer])[1].toString());
      assert.deepEqual([status.reason, status.code], ['InternalError', 500]);
      assert.match(status.message, /exec: "nosuchbinary": executable file not found in \$PATH: unknown$/);
      const unsupported = await execAs(server, 'admin', execPath(['echo', 'x']), { protocols: ['v9.channel.k8s.io'] });
      assert.deepEqual([unsupported.refusedStatus, unsupported.refusedBody], [403, '']);
      const viewer = await execAs(server, 'viewer', execPath(['echo', 'x']));
      assert.equal(viewer.refusedStatus, 403);
      assert.deepEqual(JSON.parse(viewer.refusedBody as string), recorded('129-exec-ws-viewer-forbidden.json'));
      await replay('066-exec-without-upgrade.json');
    });

    it('stops a sleeping command when the client closes, and streams big output in 64 KiB frames', async () => {
      const sleeping = await execAs(server, 'admin', execPath(['sleep', '30']), { onFrame: () => 'close' });
      assert.equal(sleeping.frames.some(([c]) => c === 3), false);
      const size = 32 * 1024 * 1024 + 5;
      let biggest = 0;
      const big = await execAs(server, 'admin', execPath(['yes-bytes', String(size)]), { countOnly: true, onFrame: (c, d) => void (biggest = c === 1 ? Math.max(biggest, d.length) : biggest) });
      assert.equal(big.bytes[1], size);
      assert.equal(biggest, 64 * 1024);
      assert.equal(JSON.parse((big.frames.find(([c]) => c === 3) as [number, Buffer])[1].toString()).status, 'Success');
    });
  });

  describe('typed objects at the JSON boundary', () => {
    it('refuses to store an object whose metadata has the wrong wire types, naming the field', () => {
      assert.throws(() => server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed', namespace: 'lab-staging', labels: { a: 1 } } }), /store\.put: metadata\.labels must be a map of strings/);
      assert.throws(() => server.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'lab-staging' } }), /metadata\.name must be a non-empty string/);
      assert.equal(server.store.get('', 'v1', 'configmaps', 'lab-staging', 'typed'), undefined);
    });

    it('answers an apply whose labels are not strings like structured-merge-diff, and stores nothing', async () => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typed', labels: { tier: 3 } } });
      const res = await callAs(server, 'admin', '/api/v1/namespaces/lab-staging/configmaps/typed?fieldManager=t', { method: 'PATCH', headers: APPLY, body });
      assert.deepEqual([res.status, res.json().message], [500, 'failed to create typed patch object: .metadata.labels.tier: expected string, got &value.valueUnstructured{Value:3}']);
      assert.equal((await get('/api/v1/namespaces/lab-staging/configmaps/typed')).status, 404);
    });
  });

  describe('what the project never sends', () => {
    it('answers a loud 501 instead of a guess for watch, create, update, other patches, deletecollection, follow and YAML', async () => {
      const cm = '/api/v1/namespaces/lab-apps/configmaps';
      const pod = '/api/v1/namespaces/lab-apps/pods/api-v1-666bb449d6-jcxlq';
      const answers = await Promise.all([
        get(`${cm}?watch=1`),
        callAs(server, 'admin', cm, { method: 'POST', body: { metadata: { name: 'x' } } }),
        callAs(server, 'admin', `${cm}/cm-000`, { method: 'PUT', body: { metadata: { name: 'cm-000' } } }),
        callAs(server, 'admin', `${cm}/cm-000`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: { data: { a: '1' } } }),
        callAs(server, 'admin', cm, { method: 'DELETE' }),
        callAs(server, 'admin', '/apis/apps/v1/namespaces/lab-apps/deployments/api-v1/scale', { method: 'PUT', body: { spec: { replicas: 1 } } }),
        get(`${pod}/log?follow=true`),
        get(`${cm}/cm-000`, 'admin', { Accept: 'application/yaml' }),
      ]);
      for (const res of answers) {
        assert.equal(res.status, 501, res.text);
        assert.match(res.json().message, /^fake apiserver: .* is not implemented \(nothing in the project sends it/);
      }
      assert.equal((await get(`${cm}/cm-000`)).json().data.a, undefined, 'nothing changed');
    });
  });

  describe('real clients, faults and bookkeeping', () => {
    it('works with @kubernetes/client-node', async () => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(server.kubeconfigPath);
      assert.equal(kc.getCurrentContext(), 'fake-admin');
      const pods = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'lab-apps' });
      assert.ok(pods.items.some((p) => p.metadata?.name === 'checkout-dfd5b95b4-7klg4'));
      const dep = await kc.makeApiClient(k8s.AppsV1Api).readNamespacedDeployment({ name: 'api-v1', namespace: 'lab-apps' });
      assert.equal(dep.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']?.startsWith('{'), true);
      let out = '';
      const sink = new Writable({ write: (c: Buffer, _e, cb) => void ((out += c.toString()), cb()) });
      const status = await new Promise<KObject>((resolve, reject) => {
        new k8s.Exec(kc).exec('lab-apps', 'auth-v1-6b9fcbc6fc-k9mnp', 'auth-v1', ['cat', '/etc/hostname'], sink, sink, null, false, (s) => resolve(s as KObject)).catch(reject);
      });
      assert.equal(status.status, 'Success');
      await waitFor(() => out !== '', { what: 'exec output' });
      assert.equal(out, 'auth-v1-6b9fcbc6fc-k9mnp\n');
      kc.setCurrentContext('fake-viewer');
      await assert.rejects(kc.makeApiClient(k8s.CoreV1Api).readNamespacedSecret({ name: 'db-credentials', namespace: 'lab-data' }), (e: { code?: number }) => e.code === 403);
      kc.setCurrentContext('fake-dead');
      await assert.rejects(kc.makeApiClient(k8s.CoreV1Api).listNamespace(), /ECONNREFUSED/);
    });

    it('injects 5xx/429 bursts and dropped connections', async () => {
      server.faults.failNext(2, 503);
      assert.equal((await get('/api/v1/namespaces')).status, 503);
      assert.equal((await get('/api/v1/namespaces')).json().reason, 'ServiceUnavailable');
      assert.equal((await get('/api/v1/namespaces')).status, 200);
      server.faults.failNext(1, 429, { retryAfterSeconds: 2 });
      const limited = await get('/api/v1/namespaces');
      assert.deepEqual([limited.status, limited.headers['retry-after'], limited.json().details], [429, '2', { retryAfterSeconds: 2 }]);
      server.faults.dropNext(1);
      await assert.rejects(get('/api/v1/namespaces'), /socket hang up|ECONNRESET/);
      server.faults.slowBodyMs = 20;
      assert.equal((await get('/api/v1/namespaces')).json().items.length, 5);
    });

    it('logs every request before processing it, with the caller and parsed query', async () => {
      server.clearRequests();
      await get('/api/v1/namespaces/lab-apps/pods?limit=1&labelSelector=app%3Dweb', 'viewer-token');
      await get('/api/v1/namespaces', 'bad-token');
      assert.deepEqual(
        server.requests.map((r) => [r.method, r.path, r.user]),
        [['GET', '/api/v1/namespaces/lab-apps/pods', 'lab-viewer-token'], ['GET', '/api/v1/namespaces', '']],
      );
      assert.deepEqual(server.requests[0]?.query, { limit: '1', labelSelector: 'app=web' });
      const contexts = (YAML.parse(server.kubeconfigYaml) as KObject).contexts.map((c: KObject) => c.name);
      for (const c of ['fake-admin', 'fake-viewer', 'fake-admin-token', 'fake-bad-token', 'fake-dead']) assert.ok(contexts.includes(c), c);
    });
  });
});
