// Restarts (the command, a settings change) keep VS Code connected; the status bar follows the budget.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { DEPLOYMENT_API_V1, extensionApi, invoke, readAfterRestart, setSetting, waitFor } from './vscodeHelpers';

describe('server lifecycle', function () {
  after(async () => {
    const api = await extensionApi();
    const before = (await api.server()).generation;
    await setSetting('rateLimit.read', undefined);
    await waitFor('the restart', async () => ((await api.server()).generation > before) || undefined);
    await readAfterRestart();
  });

  it('Restart Server starts a new server that VS Code reaches again', async () => {
    const api = await extensionApi();
    const before = await api.server();
    await readAfterRestart();
    const t0 = Date.now();
    await vscode.commands.executeCommand('k8sMcp.restartServer');
    const after = await api.server();
    assert.strictEqual(after.generation, before.generation + 1);
    await readAfterRestart();
    console.log(`    TIMING restart→first successful call ${Date.now() - t0} ms`);
  });

  it('a changed rate limit restarts the server; the status bar counts down and warns when a bucket is empty', async () => {
    const api = await extensionApi();
    const before = (await api.server()).generation;
    await setSetting('rateLimit.read', 3);
    await waitFor('the restart', async () => ((await api.server()).generation > before) || undefined);
    await readAfterRestart(); // one read
    await waitFor('status bar R 2/3', () => /R 2\/3/.test(api.statusBarText()) || undefined, 10_000);
    await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1 });
    await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1 });
    const limited = await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1 });
    assert.match(limited, /rate limit/i);
    assert.match(api.statusBarText(), /R 0\/3/);
  });
});
