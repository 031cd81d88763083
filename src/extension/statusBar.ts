/**
 * The status bar item: selected context, read-only/read-write mode, and the remaining read/write budget of the
 * agent's sessions (the tightest one). Warning colours when a bucket is empty; a click opens the details.
 */
import * as vscode from 'vscode';
import { modeOf } from '../core/policy/policyRules';
import type { K8sMcpService } from '../server/createServer';
import type { BucketSnapshot, LimitsSnapshot } from '../server/hooks';
import type { RateLimitOptions } from '../server/options';

export const SHOW_RATE_LIMITS_COMMAND = 'k8sMcp.showRateLimits';
/** Buckets refill continuously; while one is not full the item re-reads the limiter this often. */
const REFILL_POLL_MS = 2000;

export interface StatusState {
  context?: string | undefined;
  namespace?: string | undefined;
  readWrite: boolean;
  limits?: LimitsSnapshot | undefined;
  rateLimit?: RateLimitOptions | undefined;
  problem?: string | undefined;
  starting?: boolean;
}

type Category = 'read' | 'write';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('k8sMcp.status', vscode.StatusBarAlignment.Left, 40);
  private state: StatusState = { readWrite: false, starting: true };
  private poll: NodeJS.Timeout | undefined;

  constructor(private readonly readLimits: () => LimitsSnapshot | undefined) {
    this.item.name = 'Kubernetes MCP';
    this.item.command = SHOW_RATE_LIMITS_COMMAND;
    this.render();
    this.item.show();
  }

  /** Shows what the running server uses, or why there is none. */
  showServer(service: K8sMcpService | undefined, startError: string | undefined): void {
    if (!service) {
      this.update({ problem: startError, starting: !startError });
      return;
    }
    let selection: { context: string; namespace: string } | undefined;
    let problem: string | undefined;
    try {
      selection = service.selection();
    } catch (err) {
      problem = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    }
    this.update({
      context: selection?.context, namespace: selection?.namespace,
      // The mode of the context in use (k8sMcp.contexts may differ from k8sMcp.readWrite, the default).
      readWrite: selection ? modeOf(service.options.policy, selection.context).mode === 'read-write' : service.options.readWrite,
      rateLimit: service.options.rateLimit, limits: service.limits(), problem, starting: false,
    });
  }

  update(change: Partial<StatusState>): void {
    this.state = { ...this.state, ...change };
    this.render();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const s = this.state;
    const mode = s.readWrite ? 'read-write' : 'read-only';
    if (s.starting) {
      this.item.text = '$(sync~spin) k8s: starting';
      this.item.tooltip = 'Kubernetes MCP: the server is starting';
      this.item.backgroundColor = undefined;
      return;
    }
    if (s.problem) {
      this.item.text = `$(error) k8s: ${s.problem.length > 40 ? `${s.problem.slice(0, 40)}…` : s.problem}`;
      this.item.tooltip = `Kubernetes MCP: ${s.problem}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.schedulePoll(false);
      return;
    }
    const read = tightest(s, 'read');
    const write = tightest(s, 'write');
    const budget = read && write ? ` · R ${fmt(read)} · W ${fmt(write)}` : '';
    this.item.text = `$(${s.readWrite ? 'unlock' : 'lock'}) ${s.context ?? 'k8s'} · ${mode}${budget}`;
    const empty = [read, write].some((b) => b !== undefined && b.remaining < 1);
    this.item.backgroundColor = empty ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Kubernetes MCP** — context \`${s.context ?? '?'}\`, namespace \`${s.namespace ?? '?'}\`, ${mode}\n\n`);
    if (s.limits && !s.limits.enabled) tooltip.appendMarkdown('Rate limiting is off.\n\n');
    else if (read && write) {
      tooltip.appendMarkdown(`Remaining budget of the tightest session: read ${fmt(read)}, write ${fmt(write)} per minute.`);
      if (empty) tooltip.appendMarkdown(' **A bucket is empty: the agent\'s calls are refused until it refills.**');
      tooltip.appendMarkdown('\n\n');
    }
    tooltip.appendMarkdown('Click for the details per session and category.');
    this.item.tooltip = tooltip;
    this.schedulePoll([read, write].some((b) => b !== undefined && b.remaining < b.capacity));
  }

  private schedulePoll(needed: boolean): void {
    if (needed && !this.poll) {
      this.poll = setInterval(() => this.update({ limits: this.readLimits() }), REFILL_POLL_MS);
    } else if (!needed && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  dispose(): void {
    this.schedulePoll(false);
    this.item.dispose();
  }
}

/** The session bucket with the least left; a full bucket when no session exists yet. */
function tightest(s: StatusState, category: Category): BucketSnapshot | undefined {
  if (s.limits && !s.limits.enabled) return undefined;
  const buckets = Object.values(s.limits?.sessions ?? {}).map((c) => c[category]);
  if (buckets.length === 0) {
    const capacity = s.rateLimit?.[category];
    return capacity === undefined ? undefined : { remaining: capacity, capacity };
  }
  return buckets.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}

function fmt(b: BucketSnapshot): string {
  return `${Math.floor(b.remaining)}/${b.capacity}`;
}
