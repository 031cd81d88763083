// The Contexts view: every context of the kubeconfig, the one in use marked; Use for MCP, Set Namespace,
// and an unreachable cluster shown as a row with its message.
import assert from 'node:assert';
import { clickRowAction, openViewContainer, quickPickRow, statusBarItem, treeRow } from '../harness/ui-driver.mjs';

export default async function contextsTree({ page, step, shot }) {
  await step('the activity bar opens the Contexts view with every context, fake-admin in use', async () => {
    await openViewContainer(page, 'Kubernetes MCP');
    await treeRow(page, 'fake-admin,').waitFor({ timeout: 30000 });
    for (const name of ['fake-viewer', 'fake-admin-token', 'fake-bad-token', 'fake-dead']) await treeRow(page, `${name},`).waitFor({ timeout: 5000 });
    assert.match(await treeRow(page, 'fake-admin,').innerText(), /in use · lab-apps/);
  });

  await step('a context shows its server, cluster, user, namespace and whether the cluster answers', async () => {
    await treeRow(page, 'fake-admin,').click();
    for (const label of ['Server', 'Cluster', 'User', 'Namespace']) await page.locator('.monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15000 });
    assert.match(await page.locator('.monaco-list-row', { hasText: 'Server' }).first().innerText(), /https:\/\/127\.0\.0\.1:\d+/);
    assert.match(await page.locator('.monaco-list-row', { hasText: 'Reachable' }).first().innerText({ timeout: 15000 }), /\d+ namespaces/);
    await page.mouse.move(700, 600); // no hover tooltip in the screenshot
    await shot('contexts-tree');
    await treeRow(page, 'fake-admin,').click(); // collapse again
  });

  await step('Use for MCP marks fake-viewer as in use and the status bar follows', async () => {
    await clickRowAction(page, treeRow(page, 'fake-viewer,'), 'Use for MCP');
    await page.waitForFunction(() => document.querySelector('.monaco-list-row[aria-label^="fake-viewer, in use"]'), null, { timeout: 15000 });
    await statusBarItem(page, 'fake-viewer').waitFor({ timeout: 15000 });
    assert.doesNotMatch(await treeRow(page, 'fake-admin,').innerText(), /in use/);
    await shot('contexts-use-for-mcp');
    await clickRowAction(page, treeRow(page, 'fake-admin,'), 'Use for MCP');
    await page.waitForFunction(() => document.querySelector('.monaco-list-row[aria-label^="fake-admin, in use"]'), null, { timeout: 15000 });
  });

  await step('an unreachable cluster is a row with a message, not an error', async () => {
    await treeRow(page, 'fake-dead,').click();
    const unreachable = page.locator('.monaco-list-row', { hasText: 'Unreachable' }).first();
    await unreachable.waitFor({ timeout: 20000 });
    assert.match(await unreachable.innerText(), /Cannot reach the API server/);
    await page.mouse.move(700, 600);
    await shot('contexts-unreachable');
    await treeRow(page, 'fake-dead,').click();
  });

  await step('Set Namespace picks from the cluster\'s namespaces', async () => {
    await clickRowAction(page, treeRow(page, 'fake-admin,'), 'Set Namespace');
    await quickPickRow(page, 'lab-data').waitFor({ timeout: 15000 });
    await shot('contexts-set-namespace');
    await page.locator('.quick-input-widget input').first().fill('lab-data');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.monaco-list-row[aria-label^="fake-admin, in use"][aria-label$="lab-data"]'), null, { timeout: 15000 });
    await clickRowAction(page, treeRow(page, 'fake-admin,'), 'Set Namespace');
    await quickPickRow(page, 'lab-apps').waitFor({ timeout: 15000 });
    await page.locator('.quick-input-widget input').first().fill('lab-apps');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.monaco-list-row[aria-label^="fake-admin, in use"][aria-label$="lab-apps"]'), null, { timeout: 15000 });
  });
}
