#!/usr/bin/env node
// The end-to-end tests in a real VS Code (npm run test:e2e builds first, then runs this):
//   1. the extension-host suite (out/test/e2e/suite/index.js: mocha inside VS Code's extension host),
//   2. the UI suite (test/e2e/ui/index.mjs: Playwright drives the workbench like a person).
// Each suite gets its own fake kube-apiserver (sample seed) and kubeconfig file, so writes of one suite never
// leak into the other; one VS Code at a time (2-core machines). The extension-host suite finds the kubeconfig
// through KUBECONFIG, the UI suite through the k8sMcp.kubeconfig setting: both resolution paths are exercised.
// Prints the suites' own output, then "N passed, N failed"; exits non-zero when anything failed.
//
//   node test/e2e/run.mjs [--only ext|ui]       VSCODE_E2E_VERBOSE=1 / VSCODE_E2E_LOGS=DIR as in the harness
//
// The harness (test/e2e/harness/) installs code-server, Node 24 and playwright-core into
// ${K8S_MCP_E2E_CACHE:-~/.cache/k8s-mcp-e2e} on first use (about 2-4 minutes cold, not counted below).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './harness/ui-driver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

for (const built of ['dist/extension.js', 'out/test/e2e/suite/index.js', 'out/test/fake-apiserver/index.js']) {
  if (!fs.existsSync(path.join(root, built))) {
    console.error(`e2e: ${built} is missing; run "npm run build && npm run compile" first (npm run test:e2e does both)`);
    process.exit(2);
  }
}
try { ensureInstalled(); } catch (e) { console.error(e.message); process.exit(1); }

const { startFakeApiServer } = require(path.join(root, 'out/test/fake-apiserver/index.js'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-e2e-run-'));
let child;
let fake;
const cleanup = async () => {
  await fake?.close().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
};
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, async () => {
    // The harness kills code-server's process group and Chromium when it gets the signal.
    if (child?.exitCode === null) child.kill(sig);
    await new Promise((r) => (child?.exitCode === null ? child.once('exit', r) : r()));
    await cleanup();
    process.exit(code);
  });
}

/** Starts a fresh fake API server and writes its kubeconfig; returns the file. */
async function freshCluster(name) {
  await fake?.close().catch(() => {});
  fake = await startFakeApiServer({ seed: 'sample' });
  const file = path.join(tmp, `${name}.kubeconfig.yaml`);
  fs.writeFileSync(file, fake.kubeconfigYaml, { mode: 0o600 });
  return file;
}

/** Runs a suite as a child process, streaming its output; returns its counts from "N passed, N failed". */
function runSuite(name, command, args, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    let tail = '';
    const timings = [];
    child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (stream, out) => stream.on('data', (chunk) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      const counts = [...tail.matchAll(/^\s*(\d+) passed, (\d+) failed/gm)].pop();
      for (const m of tail.matchAll(/TIMING (.+)$/gm)) timings.push(m[1].trim());
      const passed = counts ? Number(counts[1]) : 0;
      // A suite that died without its closing line counts as one failure.
      const failed = counts ? Number(counts[2]) + (code && !Number(counts[2]) ? 1 : 0) : 1;
      resolve({ name, passed, failed, code: code ?? signal, seconds: (Date.now() - started) / 1000, timings });
    });
  });
}

const t0 = Date.now();
const results = [];
try {
  if (!only || only === 'ext') {
    const kubeconfig = await freshCluster('ext');
    results.push(await runSuite('extension host', process.execPath, [
      path.join(root, 'test/e2e/harness/run-extension-tests.mjs'), root, path.join(root, 'out/test/e2e/suite/index.js'), '--timeout', '600',
    ], { E2E_ENV_KUBECONFIG: kubeconfig }));
  }
  if (!only || only === 'ui') {
    const kubeconfig = await freshCluster('ui');
    results.push(await runSuite('UI', process.execPath, [path.join(root, 'test/e2e/ui/index.mjs')], {
      K8S_MCP_E2E_KUBECONFIG: kubeconfig,
      SCREENSHOTS: process.env.SCREENSHOTS ?? path.join(root, 'test-results/screenshots'),
    }));
  }
} finally {
  await cleanup();
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\ne2e summary');
for (const r of results) {
  console.log(`  ${r.name.padEnd(15)} ${r.passed} passed, ${r.failed} failed in ${r.seconds.toFixed(1)} s (exit ${r.code})`);
  for (const t of r.timings) console.log(`    ${t}`);
}
console.log(`  total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`E2E TOTAL: ${passed} passed, ${failed} failed`); // what .ci/run sums
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || !results.length ? 1 : 0);
