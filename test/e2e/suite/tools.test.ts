// The read tools through VS Code's own tool path (vscode.lm.invokeTool, as Copilot agent mode calls them),
// against the fake kube-apiserver over HTTPS.
import * as assert from 'node:assert';
import { DEPLOYMENT_API_V1, invoke, mcpTool, waitForTool } from './vscodeHelpers';

describe('MCP tools in VS Code', function () {
  before(async () => {
    await waitForTool('get_k8s_entity');
  });

  it('offers only the read tools in read-only mode', () => {
    assert.ok(mcpTool('get_k8s_entity'));
    assert.ok(mcpTool('scan_k8s_collection'));
    for (const write of ['deploy_k8s_entity', 'delete_k8s_entity', 'interact_k8s_endpoint']) assert.strictEqual(mcpTool(write), undefined, write);
  });

  it('get_k8s_entity reads deployment lab-apps/api-v1', async () => {
    const text = await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1 });
    const object = JSON.parse(text) as { kind: string; metadata: { name: string; namespace: string; managedFields?: unknown } };
    assert.strictEqual(object.kind, 'Deployment');
    assert.strictEqual(object.metadata.name, 'api-v1');
    assert.strictEqual(object.metadata.namespace, 'lab-apps');
    assert.strictEqual(object.metadata.managedFields, undefined, 'managedFields are trimmed');
  });

  it('scan_k8s_collection lists pods with their printer columns, the crashlooping one included', async () => {
    const text = await invoke('scan_k8s_collection', { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' });
    assert.match(text, /checkout-dfd5b95b4-7klg4/);
    assert.match(text, /CrashLoopBackOff/);
  });

  it('a failing call comes back as a short error the agent can act on', async () => {
    const text = await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1, entity_name: 'no-such-deployment' });
    assert.match(text, /not found/i);
  });
});
