// "Use for MCP" and "Set Namespace" switch what the tools act on, without rewriting the user's kubeconfig.
// fake-admin is system:masters; fake-viewer is bound to "view", which cannot read Secrets.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionApi, invoke, waitFor, waitForTool } from './vscodeHelpers';

/** The sample seed's Secret (lab-data/db-credentials). */
const SECRET = { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data', entity_name: 'db-credentials' } as const;

/** Each test picks the context it needs, so it passes alone and in any order. */
const useContext = (name: string, namespace?: string): Thenable<unknown> => vscode.commands.executeCommand('k8sMcp.useContext', name, namespace);

describe('switching contexts (Use for MCP, Set Namespace)', function () {
  const kubeconfigFile = process.env.KUBECONFIG!;
  let kubeconfigBefore: string;
  let selectionBefore: { context: string; namespace: string };

  before(async () => {
    await waitForTool('get_k8s_entity');
    selectionBefore = (await (await extensionApi()).server()).service.selection();
    kubeconfigBefore = fs.readFileSync(kubeconfigFile, 'utf8');
  });

  after(async () => {
    await useContext(selectionBefore.context, selectionBefore.namespace); // the suites after this one see the same selection
  });

  it('reads a Secret (values masked) on fake-admin', async () => {
    await useContext('fake-admin');
    const text = await invoke('get_k8s_entity', { ...SECRET });
    const secret = JSON.parse(text) as { kind: string; data?: Record<string, string> };
    assert.strictEqual(secret.kind, 'Secret');
    for (const value of Object.values(secret.data ?? {})) assert.doesNotMatch(value, /^[A-Za-z0-9+/]{16,}={0,2}$/, 'values are masked');
  });

  it('Use for MCP on fake-viewer makes the same read a 403 naming the user', async () => {
    const api = await extensionApi();
    await useContext('fake-viewer');
    const { service } = await api.server();
    assert.strictEqual(service.selection().context, 'fake-viewer');
    const text = await invoke('get_k8s_entity', { ...SECRET });
    assert.match(text, /forbidden|403/i);
    assert.match(text, /lab-viewer/);
  });

  it('marks the context in use in the tree and the status bar', async () => {
    const api = await extensionApi();
    await useContext('fake-viewer');
    const inUse = api.contextRows().filter((r) => r.kind === 'context' && r.inUse).map((r) => (r.kind === 'context' ? r.summary.name : ''));
    assert.deepStrictEqual(inUse, ['fake-viewer']);
    await waitFor('status bar on fake-viewer', () => api.statusBarText().includes('fake-viewer') || undefined);
  });

  it('still reads what "view" allows on fake-viewer', async () => {
    await useContext('fake-viewer');
    const text = await invoke('get_k8s_entity', { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' });
    assert.strictEqual((JSON.parse(text) as { kind: string }).kind, 'Deployment');
  });

  it('a call may name another context without switching (context parameter)', async () => {
    await useContext('fake-viewer');
    const text = await invoke('get_k8s_entity', { ...SECRET, context: 'fake-admin' });
    assert.strictEqual((JSON.parse(text) as { kind: string }).kind, 'Secret');
    assert.strictEqual((await (await extensionApi()).server()).service.selection().context, 'fake-viewer');
  });

  it('switching back to fake-admin makes the Secret readable again', async () => {
    await useContext('fake-viewer');
    assert.match(await invoke('get_k8s_entity', { ...SECRET }), /forbidden|403/i);
    await useContext('fake-admin');
    const text = await invoke('get_k8s_entity', { ...SECRET });
    assert.strictEqual((JSON.parse(text) as { kind: string }).kind, 'Secret');
  });

  it('Set Namespace changes the namespace of the context in use', async () => {
    const api = await extensionApi();
    await useContext('fake-admin', 'lab-apps');
    const selection = await vscode.commands.executeCommand<{ context: string; namespace: string }>('k8sMcp.setNamespace', 'fake-admin', 'lab-data');
    assert.deepStrictEqual(selection, { context: 'fake-admin', namespace: 'lab-data' });
    const row = api.contextRows().find((r) => r.kind === 'context' && r.summary.name === 'fake-admin');
    assert.ok(row && row.kind === 'context' && row.namespace === 'lab-data');
  });

  it('lists the cluster\'s namespaces for the Set Namespace picker', async () => {
    const { service } = await (await extensionApi()).server();
    const namespaces = await service.listNamespaces('fake-admin');
    for (const ns of ['lab-apps', 'lab-data']) assert.ok(namespaces.includes(ns), `${ns} in ${namespaces.join(', ')}`);
  });

  it('an unknown context is refused and the selection stays', async () => {
    const { service } = await (await extensionApi()).server();
    await useContext('fake-viewer');
    const result = await useContext('no-such-context');
    assert.strictEqual(result, undefined);
    assert.strictEqual(service.selection().context, 'fake-viewer');
  });

  it('never rewrote the kubeconfig file (k8sMcp.updateKubeconfigCurrentContext is off)', () => {
    assert.strictEqual(fs.readFileSync(kubeconfigFile, 'utf8'), kubeconfigBefore);
  });
});
