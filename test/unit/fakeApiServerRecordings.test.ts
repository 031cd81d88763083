// Every recorded real exchange (test/fixtures/recorded, in the order it was recorded) replayed against the
// fake: the same status code, Content-Type, Cache-Control and X-Content-Type-Options, the same Status body for
// errors, and the same kind and top-level fields for objects. Exchanges the fake does not serve are listed
// with the reason, so a recording can only be left out on purpose.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { startFakeApiServer, type FakeApiServer, type KObject } from '../fake-apiserver/index';
import { callAs, type Caller, type RawResponse } from '../fake-apiserver/testClient';
import { fixturePath, loadRecording, type Recording } from '../fake-apiserver/fixtures';

const NOT_SERVED = 'nothing in the project sends it (test/fake-apiserver/README.md); the fake answers 501';
const SKIPPED: Record<string, string> = {
  '040-watch-configmaps-timeout.json': NOT_SERVED,
  '059-merge-patch.json': NOT_SERVED,
  '060-json-patch.json': NOT_SERVED,
  '061-strategic-merge-patch-scale.json': NOT_SERVED,
  '073-openapi-v3-root.json': 'nothing in the project reads OpenAPI',
  '075-readyz-verbose.json': 'nothing in the project reads /readyz',
  '090-patch-widget-scale.json': NOT_SERVED,
  '091-patch-widget-status.json': NOT_SERVED,
  '094-create-configmap.json': NOT_SERVED,
  '095-create-already-exists.json': NOT_SERVED,
  '096-update-stale-resource-version.json': NOT_SERVED,
  '097-json-patch-test-failed.json': NOT_SERVED,
  '101-post-wrong-kind.json': NOT_SERVED,
  '103-delete-collection.json': NOT_SERVED,
  '104-create-deployment-dry-run.json': NOT_SERVED,
  '105-strategic-merge-patch-deployment.json': NOT_SERVED,
  '106-merge-patch-deployment-replaces-list.json': NOT_SERVED,
  '108-delete-deployment-background.json': 'deletes a deployment the lab created off the record (see "deletes in the foreground, …")',
  '109-delete-deployment-orphan.json': 'deletes a deployment the lab created off the record (see "deletes in the foreground, …")',
  '110-delete-deployment-foreground.json': 'deletes a deployment the lab created off the record (see "deletes in the foreground, …")',
  '112-self-subject-access-review-viewer.json': NOT_SERVED,
  '113-self-subject-rules-review-viewer.json': NOT_SERVED,
  '120-pod-logs-follow.json': NOT_SERVED,
  '121-watch-configmaps-events.json': NOT_SERVED,
};

/** The lab's node was lab-node-1; the fake's sample cluster has lab-gpu-1 to 4. */
const PATHS: Record<string, string> = {
  '122-node-proxy-stats-summary.json': '/api/v1/nodes/lab-gpu-1/proxy/stats/summary',
};

const HEADERS = ['content-type', 'cache-control', 'x-content-type-options'];

interface IndexCase { file: string }

function recordedCases(): string[] {
  const index = JSON.parse(fs.readFileSync(fixturePath('recorded', 'index.json'), 'utf8')) as { cases: IndexCase[] };
  return index.cases.map((c) => c.file);
}

function isWebSocket(rec: Recording): boolean {
  return rec.request.protocols !== undefined || rec.response.frames !== undefined;
}

function send(server: FakeApiServer, file: string, rec: Recording): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec.request.headers)) if (k !== 'Authorization') headers[k] = v;
  const path = PATHS[file] ?? rec.request.path;
  return callAs(server, rec.request.user as Caller, path, { method: rec.request.method, headers, body: rec.request.body });
}

/** A Success Status names the deleted object's uid, which is the fake's own. */
function withoutUid(status: KObject): KObject {
  if (status.status !== 'Success' || !status.details) return status;
  const { uid: _uid, ...details } = status.details as KObject;
  return { ...status, details };
}

function checkBody(file: string, want: KObject, res: RawResponse): void {
  const got = res.json();
  if (want.kind === 'Status') {
    assert.deepEqual(withoutUid(got), withoutUid(want), file);
    return;
  }
  assert.equal(got.kind, want.kind, file);
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${file}: top-level fields`);
}

async function waitForGone(server: FakeApiServer, path: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await callAs(server, 'admin', path)).status !== 404) {
    if (Date.now() > deadline) throw new Error(`${path} was never deleted`);
  }
}

/** Work the recording lab's controllers had finished before the next exchange was recorded. */
const SETTLE: Record<string, (server: FakeApiServer) => Promise<void>> = {
  // 063 deleted rec-cm in the foreground; the garbage collector had removed it before 064 asked again.
  '064-delete-not-found.json': (server) => waitForGone(server, '/api/v1/namespaces/lab-staging/configmaps/rec-cm'),
};

describe('fake kube-apiserver against every recorded exchange', function () {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({ extraContexts: true });
  });
  after(async () => server.close());

  it('leaves out only recordings that exist, each with a reason', () => {
    const files = new Set(recordedCases());
    for (const file of [...Object.keys(SKIPPED), ...Object.keys(PATHS), ...Object.keys(SETTLE)]) assert.ok(files.has(file), file);
  });

  for (const file of recordedCases()) {
    const rec = loadRecording(file);
    if (isWebSocket(rec)) continue; // exec frames: the 'exec' tests in fake-apiserver.test.ts compare them
    const skipped = SKIPPED[file];
    if (skipped === NOT_SERVED) {
      it(`does not serve ${rec.request.method} ${file}: answers 501, not a guess`, async () => {
        assert.equal((await send(server, file, rec)).status, 501);
      });
    }
    if (skipped !== undefined) continue;
    it(`answers ${rec.request.method} ${file} like the real server`, async () => {
      await SETTLE[file]?.(server);
      const res = await send(server, file, rec);
      assert.equal(res.status, rec.response.status, `${file}: ${res.text.slice(0, 300)}`);
      for (const h of HEADERS) assert.equal(res.headers[h], rec.response.headers[h], `${file}: ${h}`);
      const want = rec.response.body;
      if (want !== undefined && typeof want === 'object' && !Array.isArray(want)) checkBody(file, want, res);
    });
  }
});
