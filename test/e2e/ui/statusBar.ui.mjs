// The status bar: context, mode and the remaining read/write budget of the agent's session; it counts down
// with calls, warns when a bucket is empty, and a click shows the details per session and category.
import assert from 'node:assert';
import { k8sStatusItem, quickPickRow } from '../harness/ui-driver.mjs';

const DEPLOYMENT = { scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1' };
const readBudget = async (page) => Number(/R (\d+)\/10/.exec(await k8sStatusItem(page).innerText())?.[1]);

export default async function statusBar({ page, step, shot, agent }) {
  await step('the budget counts down with the agent\'s calls', async () => {
    const a = await agent();
    const before = await readBudget(page);
    for (let i = 0; i < 3; i++) assert.strictEqual((await a.call('get_k8s_entity', DEPLOYMENT)).isError, false);
    // Three calls take three tokens; the bucket refills one every 6 s (10 a minute) and the item may show a
    // value up to 2 s old, hence "at least two fewer".
    await page.waitForFunction((b) => {
      const m = /R (\d+)\/10/.exec(document.querySelector('[id="k8s-mcp-interface.k8s-mcp-interface.k8sMcp.status"]')?.textContent ?? '');
      return m && Number(m[1]) <= b - 2;
    }, before, { timeout: 15000 });
    console.log(`       read budget ${before} → ${await readBudget(page)} after 3 calls`);
    await shot('status-bar');
  });

  await step('an empty bucket turns the item into a warning; the agent gets a rate-limit error', async () => {
    const a = await agent();
    const warning = k8sStatusItem(page).and(page.locator('.warning-kind')).filter({ hasText: 'R 0/10' });
    let limited;
    // The bucket refills (one token every 6 s), so an empty bucket is a moment, not a state: after each refused
    // call look for the warning, and if the refill won, call again, which empties the bucket again. Waiting for
    // the warning once after the calls raced the refill: the item could be back at "R 1/10" after a few
    // milliseconds (a refusal just before the next token) or only after 6 s.
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      const r = await a.call('get_k8s_entity', DEPLOYMENT);
      if (r.isError) limited = r.text;
      if (limited) seen = await warning.waitFor({ timeout: 1000 }).then(() => true, () => false);
    }
    assert.match(limited ?? '', /rate limit/i);
    assert.ok(seen, `the item never warned; it shows "${await k8sStatusItem(page).innerText()}"`);
    await shot('status-bar-empty');
  });

  await step('clicking the item shows the budget per session and category', async () => {
    await k8sStatusItem(page).click();
    await quickPickRow(page, 'read:').waitFor({ timeout: 10000 });
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /write: \d+ of 30 left/.test(r)), rows.join(' | '));
    assert.ok(rows.some((r) => /Session/.test(r)), rows.join(' | '));
    await shot('rate-limit-details');
    await page.keyboard.press('Escape');
  });
}
