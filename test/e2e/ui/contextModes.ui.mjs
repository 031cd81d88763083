// Per-context modes in the Contexts view (SPEC §7): the lock on a context switches it in one click, writing
// k8sMcp.contexts to the workspace settings. A write to a read-only context is refused before anything is
// sent, without a modal; a write to a read-write context still raises the approval modal.
// Runs after "write approval", which left the default mode read-write.
import assert from 'node:assert';
import { clickDialogButton, clickRowAction, dialog, openViewContainer, treeRow } from '../harness/ui-driver.mjs';

const configMap = (name, context) => ({
  scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps', ...(context ? { context } : {}),
  payload_manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'lab-apps' }, data: { a: '1' } },
});
/** The context's row once its aria label says `mode` (the label: name, in use or not, mode, namespace). */
const rowInMode = (page, name, mode) =>
  page.waitForFunction(([n, m]) => [...document.querySelectorAll('.monaco-list-row')]
    .some((row) => (row.getAttribute('aria-label') ?? '').startsWith(`${n},`) && row.getAttribute('aria-label').includes(`, ${m}, namespace`)), [name, mode], { timeout: 15000 });

export default async function contextModes({ page, step, shot, agent }) {
  await step('each context shows its mode; the lock makes fake-admin read-only in one click', async () => {
    // Clicking the container of the open view would close it.
    if (!(await treeRow(page, 'fake-admin,').isVisible())) await openViewContainer(page, 'Kubernetes MCP');
    await rowInMode(page, 'fake-admin', 'read-write');
    assert.match(await treeRow(page, 'fake-admin,').innerText(), /read-write · in use · lab-apps/);
    await clickRowAction(page, treeRow(page, 'fake-admin,'), 'Make Context Read-Only');
    await rowInMode(page, 'fake-admin', 'read-only');
    assert.match(await treeRow(page, 'fake-admin,').innerText(), /read-only · in use · lab-apps/);
    assert.match(await treeRow(page, 'fake-viewer,').innerText(), /read-write/);
    await page.mouse.move(700, 600);
    await shot('contexts-modes');
  });

  await step('a write to the read-only context is refused without a modal, naming the setting', async () => {
    const a = await agent();
    const result = await a.call('deploy_k8s_entity', configMap('ui-mode-refused'));
    assert.strictEqual(result.isError, true);
    assert.match(result.text, /^Refused by policy: context "fake-admin" is read-only \(rule: contexts\.fake-admin\.mode from the k8sMcp\.contexts setting\)/);
    assert.strictEqual(await dialog(page).count(), 0, 'no modal was raised');
    const absent = await a.call('get_k8s_entity', { ...configMap('x'), payload_manifest: undefined, entity_name: 'ui-mode-refused' });
    assert.match(absent.text, /not found/i);
  });

  await step('a write to a read-write context still asks in the modal', async () => {
    const a = await agent();
    const call = a.call('deploy_k8s_entity', configMap('ui-mode-asked', 'fake-admin-token'));
    await dialog(page).waitFor({ timeout: 15000 });
    assert.match(await dialog(page).innerText(), /Context: fake-admin-token/);
    await clickDialogButton(page, 'Allow');
    const result = await call;
    assert.strictEqual(result.isError, false, result.text);
  });

  await step('the open lock makes fake-admin read-write again', async () => {
    await clickRowAction(page, treeRow(page, 'fake-admin,'), 'Make Context Read-Write');
    await rowInMode(page, 'fake-admin', 'read-write');
  });
}
