// Read-only by default; the toggle (and the k8sMcp.readWrite setting) adds and removes the write tools live.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { extensionApi, mcpTool, setSetting, waitFor, waitForTool, waitForToolGone } from './vscodeHelpers';

const WRITE_TOOLS = ['deploy_k8s_entity', 'delete_k8s_entity', 'interact_k8s_endpoint'];

describe('read-write mode', function () {
  before(async () => {
    await waitForTool('get_k8s_entity');
  });
  after(async () => {
    await setSetting('readWrite', undefined);
  });

  /** Sets the mode through the setting and waits until VS Code's tool list shows it. */
  async function startIn(mode: 'read-only' | 'read-write'): Promise<void> {
    await setSetting('readWrite', mode === 'read-write' ? true : undefined);
    for (const tool of WRITE_TOOLS) await (mode === 'read-write' ? waitForTool(tool) : waitForToolGone(tool));
  }

  it('is read-only by default: no write tool is registered', async () => {
    await startIn('read-only');
    assert.strictEqual(vscode.workspace.getConfiguration('k8sMcp').inspect('readWrite')?.defaultValue, false);
    for (const tool of WRITE_TOOLS) assert.strictEqual(mcpTool(tool), undefined, tool);
  });

  it('the toggle command turns read-write on: the write tools appear in vscode.lm.tools', async () => {
    const api = await extensionApi();
    await startIn('read-only');
    const on = await vscode.commands.executeCommand<boolean>('k8sMcp.toggleReadWrite');
    assert.strictEqual(on, true);
    assert.strictEqual(vscode.workspace.getConfiguration('k8sMcp').get('readWrite'), true);
    for (const tool of WRITE_TOOLS) await waitForTool(tool);
    await waitFor('status bar in read-write', () => api.statusBarText().includes('read-write') || undefined);
    const { service, generation } = await api.server();
    assert.strictEqual(service.options.readWrite, true);
    console.log(`    (mode switched live, server generation still ${generation})`);
  });

  it('toggling again removes them', async () => {
    const api = await extensionApi();
    await startIn('read-write');
    const on = await vscode.commands.executeCommand<boolean>('k8sMcp.toggleReadWrite');
    assert.strictEqual(on, false);
    for (const tool of WRITE_TOOLS) await waitForToolGone(tool);
    await waitFor('status bar in read-only', () => api.statusBarText().includes('read-only') || undefined);
  });
});
