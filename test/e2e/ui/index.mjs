#!/usr/bin/env node
// UI suite: one real VS Code (code-server + headless Chromium), driven like a person with Playwright. Runs the
// *.ui.mjs step files below in order against the kubeconfig in K8S_MCP_E2E_KUBECONFIG (test/e2e/run.mjs starts
// the fake API server and sets it), saves screenshots to $SCREENSHOTS (default
// test-results/screenshots, git-ignored; `npm run screenshots` refreshes the README's media/screenshots), and ends
// with "N passed, N failed".   node test/e2e/ui/index.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchVSCode, statusBarItem, waitForWorkbench } from '../harness/ui-driver.mjs';
import { connectAgent } from './agentClient.mjs';
import contextsTree from './contextsTree.ui.mjs';
import statusBar from './statusBar.ui.mjs';
import writeApproval from './writeApproval.ui.mjs';
import execPanel from './execPanel.ui.mjs';

const SUITES = [['contexts tree', contextsTree], ['write approval', writeApproval], ['exec and activity panels', execPanel], ['status bar', statusBar]];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const kubeconfig = process.env.K8S_MCP_E2E_KUBECONFIG;
if (!kubeconfig || !fs.existsSync(kubeconfig)) {
  console.error('ui suite: set K8S_MCP_E2E_KUBECONFIG to a kubeconfig of the fake API server (node test/e2e/run.mjs does)');
  process.exit(2);
}
const shots = process.env.SCREENSHOTS ?? path.join(root, 'test-results/screenshots');
const failures = path.join(root, 'test-results/e2e-ui'); // screenshots of failed steps (git-ignored)
fs.mkdirSync(shots, { recursive: true });
fs.rmSync(failures, { recursive: true, force: true });
fs.mkdirSync(failures, { recursive: true });
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);

const vs = await launchVSCode({
  extensionDevelopmentPath: root,
  // The setting path (the extension-host suite uses KUBECONFIG); a small read budget makes the countdown
  // visible (buckets refill continuously: 120/min would refill between two screenshots).
  // No Chat view: the screenshots show the extension (VS Code's MCP support works either way).
  settings: {
    'k8sMcp.kubeconfig': kubeconfig, 'k8sMcp.rateLimit.read': 10,
    'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
  },
  env: { KUBECONFIG: '' },
  contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
});
const { page } = vs;
const overall = setTimeout(async () => { console.error('ui suite: overall timeout (420 s)'); await vs.close(); process.exit(124); }, 420_000);
let passed = 0;
let failed = 0;
let agent;
const t = {
  page,
  /** Saves <name>.png in the screenshots folder (media/screenshots, for the README, with npm run screenshots). */
  shot: (name) => page.screenshot({ path: path.join(shots, `${name}.png`) }),
  /** An MCP client connected with the configuration the "Copy MCP Client Configuration" command copies. */
  agent: async () => (agent ??= await connectAgent(page)),
  async step(name, fn) {
    const s = Date.now();
    try {
      await fn();
      passed++; console.log(`  ok   ${name} (${Date.now() - s} ms)`);
    } catch (e) {
      failed++; console.log(`  FAIL ${name}: ${String(e.stack ?? e).split('\n').slice(0, 8).join('\n       ')}`);
      const file = path.join(failures, `step-${passed + failed}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      console.log(`       screenshot: ${path.relative(root, file)}`);
      await page.keyboard.press('Escape').catch(() => {}); // close whatever modal or picker the step left open
    }
  },
};

try {
  await waitForWorkbench(page);
  // The extension activates on onStartupFinished; its status bar item says it is there and its server runs.
  await statusBarItem(page, 'read-only').waitFor({ timeout: 60000 });
  console.log(`workbench up and extension active after ${secs()} s`);
  for (const [name, suite] of SUITES) {
    console.log(name);
    await suite(t);
  }
} catch (e) {
  failed++; console.log(`FAIL the UI suite stopped: ${e.stack ?? e}`);
} finally {
  clearTimeout(overall);
  await agent?.close().catch(() => {});
  await vs.close();
}
console.log(`ui suite finished in ${secs()} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
