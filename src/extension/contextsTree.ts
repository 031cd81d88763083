/**
 * The "Contexts" view: every context of the kubeconfig, the one the MCP server uses marked, each with its mode
 * (lock = read-only, open lock = read-write; one click on the inline action switches it), its cluster server,
 * user and namespace, the policy's namespace and resource rules, and (when expanded) whether its cluster
 * answers. Problems (an unreadable kubeconfig, a policy setting that cannot be used, an unreachable cluster, a
 * server that failed to start) are rows with a message, never a crash.
 */
import * as vscode from 'vscode';
import type { ContextSummary } from '../core/client/kubeconfig';
import type { K8sMcpService } from '../server/createServer';
import { summarizeContextPolicy, type ContextPolicySummary } from './contextPolicySummary';
import type { PolicyProblem } from './policySettings';

export const CONTEXTS_VIEW = 'k8sMcp.contexts';
/** An unreachable cluster must not keep the tree spinning for the whole client timeout. */
const PROBE_TIMEOUT_MS = 8000;

export type ContextsNode =
  | { kind: 'context'; summary: ContextSummary; inUse: boolean; namespace: string; policy: ContextPolicySummary }
  | { kind: 'detail'; context: string; label: string; value: string; icon: string; tooltip?: string }
  | { kind: 'problem'; message: string; context?: string; setting?: string };

interface ServerState {
  service: K8sMcpService | undefined;
  /** Why the server is not running, if it failed to start. */
  startError: string | undefined;
  /** Policy settings that cannot be used (the last good policy stays in force). */
  policyProblems: readonly PolicyProblem[];
}

/** Every policy problem is a row naming its setting; clicking it opens that setting. */
function policyProblemRows(problems: readonly PolicyProblem[]): ContextsNode[] {
  return problems.map((p) => ({ kind: 'problem', setting: p.setting, message: `${p.message} The last good policy stays in force.` }));
}

export class ContextsTree implements vscode.TreeDataProvider<ContextsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContextsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Per context: the namespaces (reachable) or the error message, once probed. */
  private readonly probes = new Map<string, Promise<{ namespaces: string[] } | { error: string }>>();
  private readonly view: vscode.TreeView<ContextsNode>;

  constructor(private readonly server: () => ServerState) {
    this.view = vscode.window.createTreeView(CONTEXTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  /** Re-reads the list (after a kubeconfig change, a switch, a restart); `probes` also forgets reachability. */
  refresh(options: { probes?: boolean } = {}): void {
    if (options.probes) this.probes.clear();
    this.changed.fire(undefined);
  }

  /** Probes one context's cluster again. */
  reprobe(context: string): void {
    this.probes.delete(context);
    this.changed.fire(undefined);
  }

  /** The rows at the top level, for tests and the "Use Context" quick pick. */
  topLevel(): ContextsNode[] {
    const { service, startError, policyProblems } = this.server();
    const problems = policyProblemRows(policyProblems);
    if (!service) return startError ? [...problems, { kind: 'problem', message: `The MCP server did not start: ${startError}` }] : problems;
    let contexts: ContextSummary[];
    let selection: { context: string; namespace: string };
    try {
      contexts = service.contexts();
      selection = service.selection();
    } catch (err) {
      return [...problems, { kind: 'problem', message: message(err) }];
    }
    const { policy } = service.options;
    return [...problems, ...contexts.map((summary): ContextsNode => {
      const inUse = summary.name === selection.context;
      const namespace = inUse ? selection.namespace : summary.namespace;
      return { kind: 'context', summary, inUse, namespace, policy: summarizeContextPolicy(policy, summary.name) };
    })];
  }

  getChildren(node?: ContextsNode): vscode.ProviderResult<ContextsNode[]> {
    if (!node) return this.topLevel();
    if (node.kind !== 'context') return [];
    const { summary, policy } = node;
    const detail = (label: string, value: string, icon: string, tooltip?: string): ContextsNode =>
      ({ kind: 'detail', context: summary.name, label, value, icon, ...(tooltip ? { tooltip } : {}) });
    const details: ContextsNode[] = [
      detail('Mode', policy.mode, policy.mode === 'read-write' ? 'unlock' : 'lock', `${policy.mode}: ${policy.modeSource}`),
      detail('Server', summary.server || '(cluster entry missing)', 'globe'),
      detail('Cluster', summary.cluster, 'server-environment'),
      detail('User', summary.user, 'account'),
      detail('Namespace', node.namespace, 'symbol-namespace'),
      detail('Protected namespaces', policy.protectedNamespaces, 'shield', `Readable, never written: ${policy.protectedNamespaces}`),
      detail('Allowed namespaces', policy.allowedNamespaces, 'filter', `Outside them nothing is read or written: ${policy.allowedNamespaces}`),
      detail('Denied resources', policy.deniedResources, 'circle-slash', `Neither read nor written through any tool: ${policy.deniedResources}`),
    ];
    return this.probe(summary.name).then((probe) => [
      ...details,
      'error' in probe
        ? { kind: 'problem', context: summary.name, message: probe.error }
        : { kind: 'detail', context: summary.name, label: 'Reachable', value: `${probe.namespaces.length} namespaces`, icon: 'pass', tooltip: probe.namespaces.join(', ') },
    ]);
  }

  getTreeItem(node: ContextsNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.setting ?? (node.context ? 'Unreachable' : 'Problem'), vscode.TreeItemCollapsibleState.None);
      item.description = node.message;
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = node.context ? 'k8sMcp.unreachable' : 'k8sMcp.problem';
      item.id = `problem:${node.context ?? ''}:${node.setting ?? ''}:${node.message}`;
      if (node.setting) item.command = { command: 'workbench.action.openSettings', title: 'Open Setting', arguments: [node.setting] };
      return item;
    }
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.value;
      item.tooltip = node.tooltip ?? `${node.label}: ${node.value}`;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.id = `detail:${node.context}:${node.label}`;
      return item;
    }
    return contextItem(node);
  }

  private probe(context: string): Promise<{ namespaces: string[] } | { error: string }> {
    let probe = this.probes.get(context);
    if (!probe) {
      const service = this.server().service;
      probe = service
        ? withTimeout(service.listNamespaces(context), PROBE_TIMEOUT_MS)
          .then((namespaces) => ({ namespaces }), (err: unknown) => ({ error: message(err) }))
        : Promise.resolve({ error: 'The MCP server is not running.' });
      this.probes.set(context, probe);
    }
    return probe;
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

/**
 * A context row: the icon is its mode (green when the MCP server uses it), the description says mode, use and
 * namespace, and contextValue carries both, so the menus offer Use for MCP and the one mode switch that applies.
 */
function contextItem(node: Extract<ContextsNode, { kind: 'context' }>): vscode.TreeItem {
  const { summary, inUse, policy } = node;
  const readWrite = policy.mode === 'read-write';
  const item = new vscode.TreeItem(summary.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `context:${summary.name}`;
  item.description = `${policy.mode} · ${inUse ? `in use · ${node.namespace}` : summary.namespace}`;
  item.iconPath = new vscode.ThemeIcon(readWrite ? 'unlock' : 'lock', inUse ? new vscode.ThemeColor('testing.iconPassed') : undefined);
  item.contextValue = `k8sMcp.context${inUse ? '.inUse' : ''}.${readWrite ? 'readWrite' : 'readOnly'}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escape(summary.name)}**${inUse ? ' — used by the MCP server' : ''}\n\n`);
  tooltip.appendMarkdown(`- Mode: **${policy.mode}** (${escape(policy.modeSource)})\n`);
  tooltip.appendMarkdown(`- Server: \`${summary.server || '?'}\`\n- Cluster: \`${summary.cluster}\`\n`);
  tooltip.appendMarkdown(`- User: \`${summary.user}\`\n- Namespace: \`${node.namespace}\`\n`);
  tooltip.appendMarkdown(`- Protected namespaces (never written): ${escape(policy.protectedNamespaces)}\n`);
  tooltip.appendMarkdown(`- Allowed namespaces: ${escape(policy.allowedNamespaces)}\n- Denied resources: ${escape(policy.deniedResources)}`);
  item.tooltip = tooltip;
  item.accessibilityInformation = { label: `${summary.name}${inUse ? ', in use by the MCP server' : ''}, ${policy.mode}, namespace ${node.namespace}` };
  return item;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the cluster within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
