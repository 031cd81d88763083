#!/usr/bin/env node
// UI suite: one real VS Code (code-server + headless Chromium), driven like a person with Playwright. Runs the
// *.ui.mjs step files below in order against the kubeconfig in K8S_MCP_E2E_KUBECONFIG (test/e2e/run.mjs starts
// the fake API server and sets it), saves screenshots to $SCREENSHOTS (default
// test-results/screenshots, git-ignored; `npm run screenshots` refreshes the README's media/screenshots), and ends
// with "N passed, N failed".   node test/e2e/ui/index.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { k8sStatusItem, launchVSCode, waitForWorkbench } from '../harness/ui-driver.mjs';
import { connectAgent } from './agentClient.mjs';
import contextModes from './contextModes.ui.mjs';
import contextsTree from './contextsTree.ui.mjs';
import statusBar from './statusBar.ui.mjs';
import writeApproval from './writeApproval.ui.mjs';
import execPanel from './execPanel.ui.mjs';

const SUITES = [['contexts tree', contextsTree], ['write approval', writeApproval], ['context modes', contextModes], ['exec and activity panels', execPanel], ['status bar', statusBar]];
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
/** After a failure: VS Code's and the server's logs next to the step screenshots, and where to find them. */
const saveEvidence = () => {
  vs.saveLogs(failures);
  console.log(`ui suite: evidence of the failure in ${path.relative(root, failures)}/: step-N.png (the screen when step N failed), `
    + 'vscode-logs/ (window, extension host, and the output channels: "Kubernetes MCP: Log" is the MCP server\'s log), code-server.log');
};
const overall = setTimeout(async () => {
  console.error('ui suite: overall timeout (600 s)');
  await page.screenshot({ path: path.join(failures, 'overall-timeout.png') }).catch(() => {});
  saveEvidence();
  await vs.close();
  process.exit(124);
}, 600_000);
/**
 * The extension activates on onStartupFinished: after the extension host has started and VS Code's eager built-in
 * extensions (git, GitHub) have activated, which took 6 to 32 s after the workbench appeared on a busy 2-core
 * machine. Its status bar item appears then ("k8s: starting") and shows the mode once the server listens. Two
 * waits, each saying what the status bar showed when it gave up, instead of one wait for a text that meant
 * "activated and started" and failed without telling which of the two had not happened.
 */
async function waitForServer(page) {
  console.log(`workbench up after ${secs()} s`);
  const item = k8sStatusItem(page);
  await item.waitFor({ timeout: 180_000 }).catch(() => {
    throw new Error('the extension did not activate: its status bar item did not appear within 180 s (see vscode-logs/*/exthost1/remoteexthost.log)');
  });
  console.log(`extension active after ${secs()} s; its status bar item shows "${(await item.innerText()).trim()}"`);
  await item.filter({ hasText: /· read-only/ }).waitFor({ timeout: 60_000 }).catch(async () => {
    throw new Error(`the extension's MCP server did not start in read-only mode: its status bar item shows "${(await item.innerText()).trim()}"`);
  });
  console.log(`server running after ${secs()} s`);
}

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
  await waitForServer(page);
  for (const [name, suite] of SUITES) {
    console.log(name);
    await suite(t);
  }
} catch (e) {
  failed++; console.log(`FAIL the UI suite stopped: ${e.stack ?? e}`);
  await page.screenshot({ path: path.join(failures, 'suite-stopped.png') }).catch(() => {});
} finally {
  clearTimeout(overall);
  if (failed) saveEvidence();
  await agent?.close().catch(() => {});
  await vs.close();
}
console.log(`ui suite finished in ${secs()} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
