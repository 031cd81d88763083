// Read-write mode and the real approval modal: Allow applies, Show Diff opens the dry-run diff and asks again,
// dismissing denies (the agent is told "declined by the user").
import assert from 'node:assert';
import { clickDialogButton, dialog, runCommand, statusBarItem } from '../harness/ui-driver.mjs';

const CONFIGMAPS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' };
const manifest = (data) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ui-approved', namespace: 'lab-apps' }, data });

export default async function writeApproval({ page, step, shot, agent }) {
  await step('Toggle Read-Write Mode switches the status bar and gives the agent the write tools', async () => {
    const a = await agent();
    assert.ok(!(await a.toolNames()).includes('deploy_k8s_entity'));
    await runCommand(page, 'Kubernetes MCP: Toggle Read-Write Mode');
    await statusBarItem(page, 'read-write').waitFor({ timeout: 15000 });
    for (let i = 0; i < 50 && !(await a.toolNames()).includes('deploy_k8s_entity'); i++) await page.waitForTimeout(200);
    assert.ok((await a.toolNames()).includes('deploy_k8s_entity'));
    assert.ok(a.listChanged.length > 0, 'the agent got notifications/tools/list_changed');
  });

  await step('a write raises the modal naming context, namespace, resource, name and action; Allow applies it', async () => {
    const a = await agent();
    const call = a.call('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: manifest({ color: 'blue' }) });
    await dialog(page).waitFor({ timeout: 15000 });
    const text = await dialog(page).innerText();
    for (const part of [/apply/, /ConfigMap "ui-approved"/, /Context: fake-admin/, /Namespace: lab-apps/, /Resource: v1 configmaps/, /Tool: deploy_k8s_entity/]) assert.match(text, part);
    const buttons = (await dialog(page).getByRole('button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
    assert.deepStrictEqual(buttons.sort(), ['Allow', 'Allow for this Session', 'Cancel', 'Show Diff']);
    await shot('write-confirmation');
    await clickDialogButton(page, 'Allow');
    const result = await call;
    assert.strictEqual(result.isError, false, result.text);
    assert.match(result.text, /created/i);
  });

  await step('Show Diff opens live vs. server-side dry run in the diff editor, then asks again', async () => {
    const a = await agent();
    const call = a.call('deploy_k8s_entity', { ...CONFIGMAPS, payload_manifest: manifest({ color: 'green' }) });
    await clickDialogButton(page, 'Show Diff');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 15000 });
    // Asked again, over the diff, once VS Code has opened it. The first diff editor of a window keeps the
    // extension host busy for a while: 4 s on an idle machine, over 15 s on a busy one (seen failing at 15 s).
    await dialog(page).waitFor({ timeout: 60000 });
    const editorText = await diff.innerText();
    assert.match(editorText, /blue/);
    assert.match(editorText, /green/);
    await shot('write-diff');
    await clickDialogButton(page, 'Allow');
    const result = await call;
    assert.strictEqual(result.isError, false, result.text);
    await runCommand(page, 'View: Close All Editors');
  });

  await step('dismissing the modal denies: the agent is told the user declined', async () => {
    const a = await agent();
    const call = a.call('delete_k8s_entity', { ...CONFIGMAPS, entity_name: 'ui-approved' });
    await dialog(page).waitFor({ timeout: 15000 });
    assert.match(await dialog(page).innerText(), /delete ConfigMap "ui-approved"/);
    await page.keyboard.press('Escape');
    const result = await call;
    assert.strictEqual(result.isError, true);
    assert.match(result.text, /declined by the user/);
    const still = await a.call('get_k8s_entity', { ...CONFIGMAPS, entity_name: 'ui-approved' });
    assert.match(still.text, /"green"/);
  });
}
