/**
 * Entry point of the VS Code extension (bundled to dist/extension.js). It creates the UI elements, hands
 * their methods to the server as hooks, and connects events; the behaviour lives in the files it imports.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerHooks } from '../server/hooks';
import { ActivityLog } from './activityLog';
import { registerCommands } from './commands';
import { ContextsTree } from './contextsTree';
import { DiagnosticsLog } from './diagnosticsLog';
import { ExecPanel } from './execPanel';
import { KubeconfigWatcher } from './kubeconfigWatcher';
import { McpRegistration } from './mcpRegistration';
import { AUDIT_LOG_FILE_NAME } from './openAuditLog';
import { PolicySettings, showPolicyProblem, type PolicyProblem } from './policySettings';
import { PreviewDocuments } from './previewDocuments';
import { ServerHost, type SelectionMemory } from './serverHost';
import { onSettingsChanged, readSettings, type ExtensionSettings } from './settings';
import { StatusBar } from './statusBar';
import type { K8sMcpTestApi } from './testApi';
import { WriteConfirmation } from './writeConfirmation';

const SELECTION_KEY = 'k8sMcp.selection';
/** A start failure is shown by onDidFail (log, status bar, tree); the promise's rejection adds nothing. */
const noop = (): void => undefined;

/** The UI parts the server's hooks write to. */
interface Views {
  log: DiagnosticsLog;
  previews: PreviewDocuments;
  confirmation: WriteConfirmation;
  exec: ExecPanel;
  activity: ActivityLog;
}

export function activate(context: vscode.ExtensionContext): K8sMcpTestApi | undefined {
  const timings = { activatedAt: Date.now(), listeningAt: undefined as number | undefined };
  const previews = new PreviewDocuments();
  const views: Views = {
    log: new DiagnosticsLog(), previews, confirmation: new WriteConfirmation(previews), exec: new ExecPanel(), activity: new ActivityLog(),
  };
  const { log } = views;
  const auditFile = path.join(context.globalStorageUri.fsPath, AUDIT_LOG_FILE_NAME);
  const settings = (): ExtensionSettings => readSettings(policy.policy);
  const memory = selectionMemory(context);
  const hooks = serverHooks(views, (limits) => status.update({ limits }), (selection) => {
    void memory.set(selection);
    showServerState();
    registration.refresh();
  });
  const host = new ServerHost(settings, memory, hooks);
  const policy: PolicySettings = new PolicySettings(
    auditFile, () => host.service?.contextNames(), (problem) => reportPolicyProblem(log, problem),
  );
  const status = new StatusBar(() => host.service?.limits());
  const tree = new ContextsTree(() => ({ service: host.service, startError: host.startError, policyProblems: policy.problems }));
  const registration = new McpRegistration(host, log.error);
  const watcher = new KubeconfigWatcher(() => {
    log.info('kubeconfig changed on disk: reloading');
    if (!host.service) { void host.restart().catch(noop); return; }
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
    log, previews, views.exec, views.activity, status, tree, registration, watcher, host,
    host.onDidStart(({ host: http, generation }) => {
      timings.listeningAt ??= Date.now();
      log.info(`MCP server #${generation} listening on ${http.url}/mcp (${Date.now() - timings.activatedAt} ms after activation)`);
      watcher.watch(settings().server.kubeconfig);
      applyPolicy({ probes: true }); // the contexts are known now: k8sMcp.contexts is checked against them
    }),
    host.onDidFail((reason) => {
      log.error(`The MCP server could not start: ${reason}`);
      showServerState();
    }),
    onSettingsChanged({ live: () => { applyPolicy(); registration.refresh(); }, restart: () => void host.restart().catch(noop) }),
    ...registerCommands({ host, tree, exec: views.exec, activity: views.activity, log, settings }),
  );
  void host.running().catch(noop); // ready before VS Code asks for the definition

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return testApi({ confirmation: views.confirmation, host, tree, status, registration, timings });
}

/** What the extension-host tests reach through `activate`'s return value (only in test mode). */
function testApi(parts: {
  confirmation: WriteConfirmation; host: ServerHost; tree: ContextsTree; status: StatusBar; registration: McpRegistration;
  timings: { activatedAt: number; listeningAt: number | undefined };
}): K8sMcpTestApi {
  return {
    setWriteAnswerer: (answerer) => parts.confirmation.setAnswerer(answerer),
    server: async () => {
      const { service, host: http, generation } = await parts.host.running();
      return { service, url: `${http.url}/mcp`, generation };
    },
    contextRows: () => parts.tree.topLevel(),
    statusBarText: () => parts.status.text,
    timings: () => ({ ...parts.timings, providedAt: parts.registration.firstProvidedAt }),
  };
}

/** The selected context and namespace, remembered per workspace. */
function selectionMemory(context: vscode.ExtensionContext): SelectionMemory {
  return {
    get: () => context.workspaceState.get(SELECTION_KEY) ?? {},
    set: (selection) => context.workspaceState.update(SELECTION_KEY, selection),
  };
}

/** What the server tells the UI: each hook writes to one view. */
function serverHooks(views: Views, onLimits: ServerHooks['onLimits'], onContextChange: ServerHooks['onContextChange']): ServerHooks {
  return {
    confirmWrite: (request) => views.confirmation.confirm(request),
    onActivity: (event) => views.activity.append(event),
    onExecStart: (event) => views.exec.started(event),
    onExecOutput: (event) => views.exec.output(event),
    onExec: (event) => views.exec.ended(event),
    onLimits,
    onContextChange,
    log: (level, message) => views.log.log(level, message),
  };
}

/** A bad policy setting: in the log, and once per distinct problem as a notification. */
function reportPolicyProblem(log: DiagnosticsLog, problem: PolicyProblem): void {
  log.error(`${problem.setting}: ${problem.message} The last good policy stays in force.`);
  showPolicyProblem(problem);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it (the server host closes the HTTP listener).
}
