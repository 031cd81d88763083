#!/usr/bin/env node
// The extension-host suite in desktop VS Code (Electron), through @vscode/test-electron: for machines that can
// download VS Code (it fetches the build into .vscode-test/ on first use). The suite is the same compiled
// out/test/e2e/suite/index.js that test/e2e/run.mjs runs in code-server; the UI suites need the code-server
// harness (Playwright drives a browser) and do not run here.
//
//   npm run build && npm run compile
//   node test/e2e/run-electron.mjs                      # latest stable VS Code
//   VSCODE_TEST_VERSION=1.101.0 node test/e2e/run-electron.mjs   # the oldest supported (engines.vscode)
//   xvfb-run -a node test/e2e/run-electron.mjs          # on a Linux machine without a display
//
// Like run.mjs it starts a fake kube-apiserver in this process and hands its kubeconfig to the extension host
// as KUBECONFIG. On the offline machines this project is developed on, the download fails: use run.mjs there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { runTests } = require('@vscode/test-electron');
const { startFakeApiServer } = require(path.join(root, 'out/test/fake-apiserver/index.js'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-e2e-electron-'));
const fake = await startFakeApiServer({ seed: 'sample' });
const kubeconfig = path.join(tmp, 'kubeconfig.yaml');
fs.writeFileSync(kubeconfig, fake.kubeconfigYaml, { mode: 0o600 });
const workspace = path.join(tmp, 'workspace');
fs.mkdirSync(workspace);

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/e2e/suite/index.js'),
    extensionTestsEnv: { KUBECONFIG: kubeconfig },
    // A private profile: no other extensions, no workspace trust prompt, no welcome page.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user-data')],
  });
} catch (e) {
  console.error(`run-electron: ${e.message ?? e}`);
} finally {
  await fake.close().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
