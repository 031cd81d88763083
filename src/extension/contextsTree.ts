/**
 * The "Contexts" view: every context of the kubeconfig, the one the MCP server uses marked, each with its
 * cluster server, user and namespace, and (when expanded) whether its cluster answers. Problems (an unreadable
 * kubeconfig, an unreachable cluster, a server that failed to start) are rows with a message, never a crash.
 */
import * as vscode from 'vscode';
import type { ContextSummary } from '../core/client/kubeconfig';
import type { K8sMcpService } from '../server/createServer';

export const CONTEXTS_VIEW = 'k8sMcp.contexts';
/** An unreachable cluster must not keep the tree spinning for the whole client timeout. */
const PROBE_TIMEOUT_MS = 8000;

export type ContextsNode =
  | { kind: 'context'; summary: ContextSummary; inUse: boolean; namespace: string }
  | { kind: 'detail'; context: string; label: string; value: string; icon: string; tooltip?: string }
  | { kind: 'problem'; message: string; context?: string };

interface ServerState {
  service: K8sMcpService | undefined;
  /** Why the server is not running, if it failed to start. */
  startError: string | undefined;
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
    const { service, startError } = this.server();
    if (!service) return startError ? [{ kind: 'problem', message: `The MCP server did not start: ${startError}` }] : [];
    let contexts: ContextSummary[];
    let selection: { context: string; namespace: string };
    try {
      contexts = service.contexts();
      selection = service.selection();
    } catch (err) {
      return [{ kind: 'problem', message: message(err) }];
    }
    return contexts.map((summary) => {
      const inUse = summary.name === selection.context;
      return { kind: 'context', summary, inUse, namespace: inUse ? selection.namespace : summary.namespace };
    });
  }

  getChildren(node?: ContextsNode): vscode.ProviderResult<ContextsNode[]> {
    if (!node) return this.topLevel();
    if (node.kind !== 'context') return [];
    const { summary } = node;
    const details: ContextsNode[] = [
      { kind: 'detail', context: summary.name, label: 'Server', value: summary.server || '(cluster entry missing)', icon: 'globe' },
      { kind: 'detail', context: summary.name, label: 'Cluster', value: summary.cluster, icon: 'server-environment' },
      { kind: 'detail', context: summary.name, label: 'User', value: summary.user, icon: 'account' },
      { kind: 'detail', context: summary.name, label: 'Namespace', value: node.namespace, icon: 'symbol-namespace' },
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
      const item = new vscode.TreeItem(node.context ? 'Unreachable' : 'Problem', vscode.TreeItemCollapsibleState.None);
      item.description = node.message;
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = node.context ? 'k8sMcp.unreachable' : 'k8sMcp.problem';
      item.id = `problem:${node.context ?? ''}`;
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
    const { summary, inUse } = node;
    const item = new vscode.TreeItem(summary.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `context:${summary.name}`;
    item.description = inUse ? `in use · ${node.namespace}` : summary.namespace;
    item.iconPath = inUse
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('circle-large-outline');
    item.contextValue = inUse ? 'k8sMcp.context.inUse' : 'k8sMcp.context';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(summary.name)}**${inUse ? ' — used by the MCP server' : ''}\n\n`);
    tooltip.appendMarkdown(`- Server: \`${summary.server || '?'}\`\n- Cluster: \`${summary.cluster}\`\n`);
    tooltip.appendMarkdown(`- User: \`${summary.user}\`\n- Namespace: \`${node.namespace}\``);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${summary.name}${inUse ? ', in use by the MCP server' : ''}, namespace ${node.namespace}` };
    return item;
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
