// The policy settings (SPEC §7) in a real VS Code: k8sMcp.contexts, protectedNamespaces, allowedNamespaces,
// deniedResources and confirmWrites map onto the same policy keys as the CLI's config file, applied live; a
// bad value keeps the last good policy and shows a problem row naming the setting; the Contexts view's mode
// switch writes k8sMcp.contexts and the write tools follow.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { modeOf } from '../../../src/core/policy/policyRules';
import type { Policy } from '../../../src/core/policy/policy';
import type { WriteRequest } from '../../../src/server/hooks';
import { extensionApi, invoke, mcpTool, setSetting, waitFor, waitForTool, waitForToolGone } from './vscodeHelpers';

const POLICY_KEYS = ['contexts', 'protectedNamespaces', 'allowedNamespaces', 'deniedResources', 'confirmWrites', 'readWrite'];
const SECRET = { scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data', entity_name: 'db-credentials' } as const;
const configMapApply = (name: string, context?: string): Record<string, unknown> => ({
  scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', ...(context ? { context } : {}),
  payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'lab-apps' }, data: { a: '1' } },
});

async function policy(): Promise<Policy> {
  return (await (await extensionApi()).server()).service.options.policy;
}

/** Polls until the running server's policy passes `check` (settings apply through an event, not the update's promise). */
async function policyWhere(what: string, check: (p: Policy) => boolean): Promise<Policy> {
  return waitFor(`the server's policy: ${what}`, async () => { const p = await policy(); return check(p) ? p : undefined; });
}

/** Unsets every policy setting and waits until the server runs on the default policy again. */
async function resetPolicySettings(): Promise<void> {
  for (const key of POLICY_KEYS) await setSetting(key, undefined);
  // The tree's switch writes the workspace settings (the harness opens a folder).
  if (vscode.workspace.workspaceFolders?.length) {
    await vscode.workspace.getConfiguration('k8sMcp').update('contexts', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await policyWhere('back to the defaults', (p) => p.contexts.length === 0 && p.deniedResources.length === 0 && p.allowedNamespaces.length === 0
    && p.confirmWrites === 'always' && p.protectedNamespaces.includes('kube-system') && p.defaultMode === 'read-only');
  await waitForToolGone('deploy_k8s_entity');
}

describe('policy settings', function () {
  const asked: WriteRequest[] = [];

  before(async () => {
    await waitForTool('get_k8s_entity');
    (await extensionApi()).setWriteAnswerer((request) => { asked.push(request); return 'allow'; });
  });
  beforeEach(() => { asked.length = 0; });
  after(async () => {
    (await extensionApi()).setWriteAnswerer(undefined);
    await resetPolicySettings();
  });

  it('map onto the policy keys, live, each rule naming its setting', async () => {
    await setSetting('contexts', { 'fake-viewer': { mode: 'read-write' } });
    await setSetting('deniedResources', [{ group: '', resource: 'secrets' }]);
    await setSetting('protectedNamespaces', ['lab-data']);
    await setSetting('allowedNamespaces', ['lab-*']);
    await setSetting('confirmWrites', 'destructive');
    const p = await policyWhere('all five settings', (x) => x.confirmWrites === 'destructive' && x.allowedNamespaces.length === 1
      && x.deniedResources.length === 1 && x.protectedNamespaces[0] === 'lab-data' && x.contexts.length === 1);
    const viewerMode = { mode: 'read-write', rule: 'contexts', source: 'contexts.fake-viewer.mode from the k8sMcp.contexts setting' };
    assert.deepStrictEqual(modeOf(p, 'fake-viewer'), viewerMode);
    assert.strictEqual(modeOf(p, 'fake-admin').mode, 'read-only');
    assert.strictEqual(p.sources.deniedResources, 'deniedResources from the k8sMcp.deniedResources setting');
    await waitForTool('deploy_k8s_entity'); // one context may be written now
    const refused = await invoke('get_k8s_entity', { ...SECRET });
    assert.match(refused, /^Refused by policy: .*secrets.*deniedResources from the k8sMcp\.deniedResources setting/s);
    const rows = (await extensionApi()).contextRows();
    const viewer = rows.find((r) => r.kind === 'context' && r.summary.name === 'fake-viewer');
    assert.ok(viewer?.kind === 'context');
    const { mode, protectedNamespaces, allowedNamespaces, deniedResources } = viewer.policy;
    assert.deepStrictEqual([mode, protectedNamespaces, allowedNamespaces, deniedResources], ['read-write', 'lab-data', 'lab-*', 'secrets']);
  });

  it('a bad value keeps the last good policy and shows a problem row naming the setting', async () => {
    const api = await extensionApi();
    await setSetting('contexts', { 'fake-viewer': { mode: 'read-write' } });
    const good = await policyWhere('fake-viewer read-write', (p) => modeOf(p, 'fake-viewer').mode === 'read-write');
    await setSetting('contexts', { 'fake-veiwer': { mode: 'read-write' } });
    const typo = await waitFor('a problem row for k8sMcp.contexts', () =>
      api.contextRows().find((r) => r.kind === 'problem' && r.setting === 'k8sMcp.contexts'));
    assert.ok(typo.kind === 'problem');
    assert.match(typo.message, /contexts\.fake-veiwer\.mode from the k8sMcp\.contexts setting names no kubeconfig context \(did you mean "fake-viewer"\?/);
    assert.match(typo.message, /The last good policy stays in force\.$/);
    assert.strictEqual(modeOf(await policy(), 'fake-viewer').mode, 'read-write', 'the last good policy is still in force');
    await setSetting('deniedResources', 'secrets');
    const wrongType = await waitFor('a problem row for k8sMcp.deniedResources', () =>
      api.contextRows().find((r) => r.kind === 'problem' && r.setting === 'k8sMcp.deniedResources'));
    assert.ok(wrongType.kind === 'problem');
    assert.match(wrongType.message, /^deniedResources: must be a list, not string "secrets"/);
    assert.deepStrictEqual(await policy(), good);
    await setSetting('deniedResources', undefined);
    await setSetting('contexts', { 'fake-viewer': { mode: 'read-only' } });
    await policyWhere('the fixed settings', (p) => modeOf(p, 'fake-viewer').mode === 'read-only');
    assert.deepStrictEqual(api.contextRows().filter((r) => r.kind === 'problem'), [], 'fixed: no problem row left');
  });

  it('the tree\'s mode switch writes k8sMcp.contexts: a read-only context refuses without asking, a read-write one asks', async () => {
    await resetPolicySettings();
    assert.strictEqual(await vscode.commands.executeCommand('k8sMcp.makeContextReadWrite', 'fake-admin'), 'read-write');
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the harness opens a folder, so there are workspace settings to write');
    const written = vscode.workspace.getConfiguration('k8sMcp').inspect('contexts');
    assert.deepStrictEqual(written?.workspaceValue, { 'fake-admin': { mode: 'read-write' } }, 'written to the workspace settings');
    await waitForTool('deploy_k8s_entity');
    const api = await extensionApi();
    await waitFor('fake-admin read-write in the tree', () =>
      api.contextRows().find((r) => r.kind === 'context' && r.summary.name === 'fake-admin' && r.policy.mode === 'read-write'));
    const refused = await invoke('deploy_k8s_entity', configMapApply('e2e-policy-refused', 'fake-viewer'));
    assert.match(refused, /^Refused by policy: context "fake-viewer" is read-only/);
    assert.strictEqual(asked.length, 0, 'a refused write never asks');
    const applied = await invoke('deploy_k8s_entity', configMapApply('e2e-policy-allowed'));
    assert.match(applied, /created/i);
    assert.deepStrictEqual(asked.map((r) => r.context), ['fake-admin'], 'a write to a read-write context still asks');
    assert.strictEqual(await vscode.commands.executeCommand('k8sMcp.makeContextReadOnly', 'fake-admin'), 'read-only');
    await waitForToolGone('deploy_k8s_entity');
    assert.strictEqual(mcpTool('delete_k8s_entity'), undefined);
  });
});
