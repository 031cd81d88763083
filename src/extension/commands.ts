/**
 * The "Kubernetes MCP" commands (palette, tree inline actions, status bar). Each one is a few lines that call
 * the server or a UI element; arguments are optional so the palette, the tree and tests can all use them:
 * k8sMcp.useContext(contextNameOrTreeNode?, namespace?), k8sMcp.setNamespace(contextNameOrTreeNode?, namespace?),
 * k8sMcp.makeContextReadOnly / k8sMcp.makeContextReadWrite(contextNameOrTreeNode?).
 */
import * as vscode from 'vscode';
import type { PolicyMode } from '../core/policy/policy';
import type { K8sMcpService } from '../server/createServer';
import type { ActivityLog } from './activityLog';
import type { ContextsNode, ContextsTree } from './contextsTree';
import type { DiagnosticsLog } from './diagnosticsLog';
import type { ExecPanel } from './execPanel';
import { writeCurrentContext } from './kubeconfigCurrentContext';
import { pickNamespace, validateNamespaceName } from './namespacePicker';
import { openAuditLog } from './openAuditLog';
import { setContextModeSetting } from './policySettings';
import { showRateLimitDetails } from './rateLimitDetails';
import type { ServerHost } from './serverHost';
import { setReadWriteSetting, type ExtensionSettings } from './settings';
import { SHOW_RATE_LIMITS_COMMAND } from './statusBar';

export interface CommandDeps {
  host: ServerHost;
  tree: ContextsTree;
  exec: ExecPanel;
  activity: ActivityLog;
  log: DiagnosticsLog;
  settings: () => ExtensionSettings;
}

type Target = ContextsNode | string | undefined;

type Register = (id: string, run: (...args: never[]) => unknown) => vscode.Disposable;

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const register: Register = (id, run) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await run(...args);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        d.log.error(`${id}: ${text}`);
        void vscode.window.showErrorMessage(`Kubernetes MCP: ${text}`);
        return undefined;
      }
    });
  return [...contextCommands(d, register), ...serverCommands(d, register)];
}

/** The commands of the Contexts view: choose a context and namespace, switch a context's mode, probe again. */
function contextCommands(d: CommandDeps, register: Register): vscode.Disposable[] {
  return [
    register('k8sMcp.useContext', (target: Target, namespace?: string) => useContext(d, target, namespace)),
    register('k8sMcp.setNamespace', async (target: Target, namespace?: string) => {
      const s = await runningService(d);
      const name = contextName(target) ?? s.selection().context;
      const current = name === s.selection().context
        ? s.selection().namespace
        : s.contexts().find((c) => c.name === name)?.namespace ?? 'default';
      const chosen = namespace ?? await pickNamespace(name, current, () => s.listNamespaces(name));
      return chosen === undefined ? undefined : useContext(d, name, chosen);
    }),
    register('k8sMcp.makeContextReadOnly', (target: Target) => setMode(d, target, 'read-only')),
    register('k8sMcp.makeContextReadWrite', (target: Target) => setMode(d, target, 'read-write')),
    register('k8sMcp.refreshContext', (target: Target) => {
      const name = contextName(target);
      if (name) d.tree.reprobe(name); // asks that cluster again whether it answers
    }),
    register('k8sMcp.refreshContexts', async () => {
      const s = d.host.service;
      if (s) s.reloadKubeconfig(); else await d.host.restart();
      d.tree.refresh({ probes: true });
    }),
  ];
}

/** The server's commands: the read-write switch, restart, the panels, the audit log, the client configuration. */
function serverCommands(d: CommandDeps, register: Register): vscode.Disposable[] {
  return [
    register('k8sMcp.toggleReadWrite', async () => {
      const on = !(d.host.service?.options.readWrite ?? d.settings().server.readWrite);
      await setReadWriteSetting(on); // the settings listener applies it to the running server
      return on;
    }),
    register('k8sMcp.restartServer', async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Restarting the Kubernetes MCP server' },
        () => d.host.restart(),
      );
    }),
    register(SHOW_RATE_LIMITS_COMMAND, () => showRateLimitDetails(d.host.service?.limits())),
    register('k8sMcp.showExecOutput', () => d.exec.show()),
    register('k8sMcp.showActivity', () => d.activity.show()),
    register('k8sMcp.showLog', () => d.log.show()),
    register('k8sMcp.openAuditLog', () => openAuditLog(d.settings().server.policy.auditLog)),
    register('k8sMcp.copyClientConfiguration', async () => {
      const { host } = await d.host.running();
      await vscode.env.clipboard.writeText(clientConfiguration(`${host.url}/mcp`, d.host.token));
      void vscode.window.showInformationMessage(
        'Kubernetes MCP: client configuration copied. The token acts with your kubeconfig credentials: keep it private. It changes when VS Code restarts.',
      );
    }),
  ];
}

async function runningService(d: CommandDeps): Promise<K8sMcpService> {
  try {
    return (await d.host.running()).service;
  } catch (err) {
    throw new Error(`The MCP server is not running (${err instanceof Error ? err.message : String(err)}). Fix the cause, then run "Kubernetes MCP: Restart Server".`);
  }
}

async function useContext(d: CommandDeps, target: Target, namespace?: string): Promise<{ context: string; namespace: string } | undefined> {
  const s = await runningService(d);
  const name = contextName(target) ?? await pickContext(s);
  if (!name) return undefined;
  if (namespace !== undefined) {
    const invalid = validateNamespaceName(namespace);
    if (invalid) throw new Error(invalid);
  }
  s.useContext(name, namespace); // fires onContextChange: tree, status bar, remembered selection
  const settings = d.settings();
  if (settings.updateKubeconfigCurrentContext) {
    const file = await writeCurrentContext(settings.server.kubeconfig, name);
    d.log.info(`current-context of ${file} set to ${name} (k8sMcp.updateKubeconfigCurrentContext)`);
  }
  return s.selection();
}

/** Writes k8sMcp.contexts.NAME.mode; the settings listener applies it to the running server and the tree. */
async function setMode(d: CommandDeps, target: Target, mode: PolicyMode): Promise<PolicyMode | undefined> {
  const name = contextName(target) ?? await pickContext(await runningService(d));
  if (!name) return undefined;
  await setContextModeSetting(name, mode);
  d.log.info(`context ${name} is now ${mode} (k8sMcp.contexts)`);
  return mode;
}

/** The mcp.json snippet for other MCP clients (Claude Code, Cursor, …) to reach this server. */
export function clientConfiguration(url: string, token: string): string {
  return JSON.stringify({
    mcpServers: { 'k8s-mcp-interface': { type: 'http', url, headers: { Authorization: `Bearer ${token}` } } },
  }, null, 2);
}

function contextName(target: Target): string | undefined {
  if (typeof target === 'string') return target;
  if (target?.kind === 'context') return target.summary.name;
  if (target && 'context' in target) return target.context;
  return undefined;
}

async function pickContext(s: K8sMcpService): Promise<string | undefined> {
  const selected = s.selection().context;
  const picked = await vscode.window.showQuickPick(
    s.contexts().map((c) => ({ label: c.name, description: c.name === selected ? 'in use' : c.namespace, detail: `${c.server} · user ${c.user}` })),
    { title: 'Kubernetes context for the MCP server', placeHolder: 'The agent\'s tools will act on this context' },
  );
  return picked?.label;
}
