// The extension activates on start-up, hands its server to VS Code, and shows the kubeconfig in its views.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activationEvents, EXTENSION_ID, extensionApi, waitFor, waitForTool } from './vscodeHelpers';

describe('activation', function () {
  it('activates on start-up without being asked (onStartupFinished)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.deepStrictEqual(activationEvents(ext), ['onStartupFinished']);
    // extensionApi() only waits for VS Code to activate the extension; no suite calls activate() itself.
    const api = await extensionApi();
    assert.strictEqual(ext.isActive, true);
    console.log(`    vscode ${vscode.version}, extension host on Node ${process.versions.node} (${vscode.env.appHost})`);
    assert.ok(api.timings().activatedAt > 0);
  });

  it('starts the MCP server on 127.0.0.1 with a random port', async () => {
    const { url } = await (await extensionApi()).server();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('refuses MCP requests without the per-activation bearer token', async () => {
    const { url } = await (await extensionApi()).server();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } }),
    });
    assert.strictEqual(res.status, 401);
  });

  it('registers the server with VS Code: its tools become live in vscode.lm.tools', async () => {
    const api = await extensionApi();
    const tool = await waitForTool('get_k8s_entity');
    const liveAt = Date.now();
    const t = api.timings();
    assert.strictEqual(tool.name, 'mcp_k8s-mcp-inter_get_k8s_entity');
    assert.ok(tool.tags.includes('mcp'));
    const since = (at: number | undefined): string => (at === undefined ? '?' : `${at - t.activatedAt} ms`);
    // Read by test/e2e/run.mjs for its summary.
    console.log(`    TIMING activation→listening ${since(t.listeningAt)}, activation→definition provided ${since(t.providedAt)}, activation→tools live ${since(liveAt)} (includes the test's own start-up)`);
  });

  it('lists the kubeconfig contexts in the Contexts view, the current-context in use', async () => {
    const api = await extensionApi();
    const rows = await waitFor('context rows', () => (api.contextRows().length ? api.contextRows() : undefined));
    const names = rows.map((r) => (r.kind === 'context' ? r.summary.name : r.kind === 'problem' ? `problem: ${r.message}` : r.label));
    for (const name of ['fake-admin', 'fake-viewer', 'fake-admin-token', 'fake-bad-token', 'fake-dead']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    const inUse = rows.filter((r) => r.kind === 'context' && r.inUse).map((r) => (r.kind === 'context' ? r.summary.name : ''));
    assert.deepStrictEqual(inUse, ['fake-admin']);
  });

  it('shows context, mode and budget in the status bar', async () => {
    const api = await extensionApi();
    const text = await waitFor('status bar text', () => (api.statusBarText().includes('fake-admin') ? api.statusBarText() : undefined));
    assert.match(text, /fake-admin · read-only · R \d+\/120 · W \d+\/30/);
  });
});
