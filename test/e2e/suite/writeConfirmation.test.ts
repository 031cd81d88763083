// Every write in read-write mode goes through the person's approval. VS Code refuses modal dialogs while
// extension tests run, so these suites answer through the extension's test seam; test/e2e/ui clicks the modal.
import * as assert from 'node:assert';
import type { WriteDecision, WriteRequest } from '../../../src/server/hooks';
import { extensionApi, invoke, setSetting, waitForTool } from './vscodeHelpers';

const CONFIGMAPS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' } as const;
const PODS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' } as const;

function configMap(name: string, data: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'lab-apps' }, data };
}

describe('write confirmation', function () {
  const asked: WriteRequest[] = [];
  const answerWith = async (decision: WriteDecision): Promise<void> => {
    (await extensionApi()).setWriteAnswerer((request) => {
      asked.push(request);
      return decision;
    });
  };

  before(async () => {
    await setSetting('readWrite', true);
    await waitForTool('deploy_k8s_entity');
  });
  beforeEach(() => {
    asked.length = 0;
  });
  after(async () => {
    (await extensionApi()).setWriteAnswerer(undefined);
    await setSetting('readWrite', undefined);
  });

  it('asks before an apply, naming context, namespace, resource, name and action; Allow applies it', async () => {
    await answerWith('allow');
    const text = await invoke('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: configMap('e2e-allowed', { color: 'blue' }) });
    assert.strictEqual(asked.length, 1);
    const [request] = asked;
    const { tool, context, namespace, apiVersion, resource, kind, name, action } = request!;
    assert.deepStrictEqual(
      { tool, context, namespace, apiVersion, resource, kind, name, action },
      { tool: 'deploy_k8s_entity', context: 'fake-admin', namespace: 'lab-apps', apiVersion: 'v1', resource: 'configmaps', kind: 'ConfigMap', name: 'e2e-allowed', action: 'apply' },
    );
    assert.match(text, /created/i);
    const stored = JSON.parse(await invoke('get_k8s_entity', { ...CONFIGMAPS, entity_name: 'e2e-allowed' })) as { data: Record<string, string> };
    assert.deepStrictEqual(stored.data, { color: 'blue' });
  });

  it('offers a server-side dry-run preview for the diff (live object vs. result)', async () => {
    await answerWith('allow');
    await invoke('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: configMap('e2e-preview', { color: 'blue' }) });
    let preview: { live: unknown; result: unknown } | undefined;
    (await extensionApi()).setWriteAnswerer(async (request) => {
      preview = await request.preview();
      return 'deny' as const;
    });
    await invoke('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: configMap('e2e-preview', { color: 'green' }) });
    const live = preview?.live as { data: Record<string, string> } | undefined;
    const result = preview?.result as { data: Record<string, string> } | undefined;
    assert.deepStrictEqual(live?.data, { color: 'blue' });
    assert.deepStrictEqual(result?.data, { color: 'green' });
    const stored = JSON.parse(await invoke('get_k8s_entity', { ...CONFIGMAPS, entity_name: 'e2e-preview' })) as { data: Record<string, string> };
    assert.deepStrictEqual(stored.data, { color: 'blue' }, 'the dry run changed nothing');
  });

  it('a denial reaches the agent as "declined by the user" and changes nothing', async () => {
    await answerWith('deny');
    const text = await invoke('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: configMap('e2e-denied', { a: 'b' }) });
    assert.match(text, /declined by the user/);
    assert.strictEqual(asked.length, 1);
    const after = await invoke('get_k8s_entity', { ...CONFIGMAPS, entity_name: 'e2e-denied' });
    assert.match(after, /not found/i);
  });

  it('"Allow for this session" is asked once per tool and context', async () => {
    await answerWith('allow-session');
    // On a context no other test writes through, so the session's approvals cannot silence another test's prompt.
    const onOwnContext = { ...CONFIGMAPS, context: 'fake-admin-token' };
    await invoke('deploy_k8s_entity', { ...onOwnContext, payload_manifest: configMap('e2e-session-1', { n: '1' }) });
    await invoke('deploy_k8s_entity', { ...onOwnContext, payload_manifest: configMap('e2e-session-2', { n: '2' }) });
    assert.strictEqual(asked.length, 1);
    await invoke('delete_k8s_entity', { ...onOwnContext, entity_name: 'e2e-session-1' });
    assert.strictEqual(asked.length, 2, 'another tool asks again');
    assert.strictEqual(asked[1]!.action, 'delete');
  });

  it('asks before an exec and returns the command\'s output', async () => {
    await answerWith('allow');
    const pods = await invoke('scan_k8s_collection', { ...PODS, field_filter: 'status.phase=Running' });
    // A list answer is a JSON header, a line of column names, then one tab-separated row per item, name first.
    const pod = pods.split('\n')[2]?.split('\t')[0];
    assert.ok(pod, `a running pod in ${pods.slice(0, 300)}`);
    const text = await invoke('interact_k8s_endpoint', {
      ...PODS, entity_name: pod, action_path: 'exec', request_payload: { command: ['echo', 'hello from e2e'] },
    });
    assert.match(text, /hello from e2e/);
    assert.strictEqual(asked.length, 1);
    assert.strictEqual(asked[0]!.action, 'exec');
  });
});
