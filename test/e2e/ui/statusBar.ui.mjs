// The status bar: context, mode and the remaining read/write budget of the agent's session; it counts down
// with calls, warns when a bucket is empty, and a click shows the details per session and category.
import assert from 'node:assert';
import { quickPickRow, statusBarItem } from '../harness/ui-driver.mjs';

const DEPLOYMENT = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const readBudget = async (page) => Number(/R (\d+)\/10/.exec(await statusBarItem(page, 'fake-admin').innerText())?.[1]);

export default async function statusBar({ page, step, shot, agent }) {
  await step('the budget counts down with the agent\'s calls', async () => {
    const a = await agent();
    await page.waitForTimeout(2500); // let the read bucket refill a little and the item re-read it
    const before = await readBudget(page);
    for (let i = 0; i < 3; i++) assert.strictEqual((await a.call('get_k8s_entity', DEPLOYMENT)).isError, false);
    await page.waitForFunction((b) => {
      const m = /R (\d+)\/10/.exec(document.querySelector('.statusbar')?.textContent ?? '');
      return m && Number(m[1]) <= b - 2;
    }, before, { timeout: 5000 });
    console.log(`       read budget ${before} → ${await readBudget(page)} after 3 calls`);
    await shot('status-bar');
  });

  await step('an empty bucket turns the item into a warning; the agent gets a rate-limit error', async () => {
    const a = await agent();
    let limited;
    for (let i = 0; i < 15 && !limited; i++) {
      const r = await a.call('get_k8s_entity', DEPLOYMENT);
      if (r.isError) limited = r.text;
    }
    assert.match(limited ?? '', /rate limit/i);
    await page.locator('.statusbar-item.warning-kind', { hasText: 'R 0/10' }).first().waitFor({ timeout: 5000 });
    await shot('status-bar-empty');
  });

  await step('clicking the item shows the budget per session and category', async () => {
    await statusBarItem(page, 'fake-admin').click();
    await quickPickRow(page, 'read:').waitFor({ timeout: 10000 });
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /write: \d+ of 30 left/.test(r)), rows.join(' | '));
    assert.ok(rows.some((r) => /Session/.test(r)), rows.join(' | '));
    await shot('rate-limit-details');
    await page.keyboard.press('Escape');
  });
}
