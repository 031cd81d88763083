/**
 * Entry point of the VS Code extension (bundled to dist/extension.js). It creates the UI elements, hands
 * their methods to the server as hooks, and connects events; the behaviour lives in the files it imports.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { K8sMcpService } from '../server/createServer';
import type { ServerHooks } from '../server/hooks';
import { ActivityLog } from './activityLog';
import { registerCommands } from './commands';
import { ContextsTree } from './contextsTree';
import { DiagnosticsLog } from './diagnosticsLog';
import { ExecPanel } from './execPanel';
import { KubeconfigWatcher } from './kubeconfigWatcher';
import { McpRegistration } from './mcpRegistration';
import { AUDIT_LOG_FILE_NAME } from './openAuditLog';
import { PolicySettings, showPolicyProblem } from './policySettings';
import { PreviewDocuments } from './previewDocuments';
import { ServerHost, type SelectionMemory } from './serverHost';
import { onSettingsChanged, readSettings, type ExtensionSettings } from './settings';
import { StatusBar } from './statusBar';
import type { K8sMcpTestApi } from './testApi';
import { WriteConfirmation } from './writeConfirmation';

const SELECTION_KEY = 'k8sMcp.selection';

export function activate(context: vscode.ExtensionContext): K8sMcpTestApi | undefined {
  const activatedAt = Date.now();
  let listeningAt: number | undefined;
  const log = new DiagnosticsLog();
  const previews = new PreviewDocuments();
  const confirmation = new WriteConfirmation(previews);
  const exec = new ExecPanel();
  const activity = new ActivityLog();
  const auditFile = path.join(context.globalStorageUri.fsPath, AUDIT_LOG_FILE_NAME);
  const settings = (): ExtensionSettings => readSettings(policy.policy);
  const memory: SelectionMemory = {
    get: () => context.workspaceState.get(SELECTION_KEY) ?? {},
    set: (selection) => context.workspaceState.update(SELECTION_KEY, selection),
  };
  const hooks: ServerHooks = {
    confirmWrite: (request) => confirmation.confirm(request),
    onActivity: (event) => activity.append(event),
    onExecStart: (event) => exec.started(event),
    onExecOutput: (event) => exec.output(event),
    onExec: (event) => exec.ended(event),
    onLimits: (limits) => status.update({ limits }),
    onContextChange: (selection) => {
      void memory.set(selection);
      showServerState();
      registration.refresh();
    },
    log: (level, message) => log.log(level, message),
  };
  const host = new ServerHost(settings, memory, hooks);
  const policy: PolicySettings = new PolicySettings(auditFile, () => contextNames(host.service), (problem) => {
    log.error(`${problem.setting}: ${problem.message} The last good policy stays in force.`);
    showPolicyProblem(problem);
  });
  const status = new StatusBar(() => host.service?.limits());
  const tree = new ContextsTree(() => ({ service: host.service, startError: host.startError, policyProblems: policy.problems }));
  const registration = new McpRegistration(host, log.error);
  const watcher = new KubeconfigWatcher(() => {
    log.info('kubeconfig changed on disk: reloading');
    if (!host.service) { void host.restart().catch(() => undefined); return; }
    host.service.reloadKubeconfig();
    applyPolicy({ probes: true });
  });
  function showServerState(options: { probes?: boolean } = {}): void {
    status.showServer(host.service, host.startError);
    tree.refresh(options);
  }
  /** Re-reads the policy settings (against the kubeconfig's contexts now) and applies them when they changed. */
  function applyPolicy(options: { probes?: boolean } = {}): void {
    const { policy: next, changed } = policy.reload();
    if (changed) host.service?.setPolicy(next);
    showServerState(options);
  }

  context.subscriptions.push(
    log, previews, exec, activity, status, tree, registration, watcher, host,
    host.onDidStart(({ host: http, generation }) => {
      listeningAt ??= Date.now();
      log.info(`MCP server #${generation} listening on ${http.url}/mcp (${Date.now() - activatedAt} ms after activation)`);
      watcher.watch(settings().server.kubeconfig);
      applyPolicy({ probes: true }); // the contexts are known now: k8sMcp.contexts is checked against them
    }),
    host.onDidFail((reason) => {
      log.error(`The MCP server could not start: ${reason}`);
      showServerState();
    }),
    onSettingsChanged({
      live: () => {
        applyPolicy();
        registration.refresh();
      },
      restart: () => void host.restart().catch(() => undefined),
    }),
    ...registerCommands({ host, tree, exec, activity, log, settings }),
  );
  void host.running().catch(() => undefined); // ready before VS Code asks for the definition

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setWriteAnswerer: (answerer) => confirmation.setAnswerer(answerer),
    server: async () => {
      const { service, host: http, generation } = await host.running();
      return { service, url: `${http.url}/mcp`, generation };
    },
    contextRows: () => tree.topLevel(),
    statusBarText: () => status.text,
    timings: () => ({ activatedAt, listeningAt, providedAt: registration.firstProvidedAt }),
  };
}

function contextNames(service: K8sMcpService | undefined): string[] | undefined {
  try {
    return service?.contexts().map((c) => c.name);
  } catch {
    return undefined; // an unreadable kubeconfig is its own problem row; the policy is not judged against it
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (the server host closes the HTTP listener).
}
