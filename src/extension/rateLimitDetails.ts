/**
 * "Show Rate Limits": the remaining budget per MCP session and per client, category by category, in a quick
 * pick (the status bar shows only the tightest session).
 */
import * as vscode from 'vscode';
import type { BucketSnapshot, LimitsSnapshot } from '../server/hooks';

const CATEGORIES = ['read', 'write', 'default'] as const;

export async function showRateLimitDetails(limits: LimitsSnapshot | undefined): Promise<void> {
  const items: vscode.QuickPickItem[] = [];
  if (!limits) {
    items.push({ label: '$(error) The MCP server is not running', detail: 'Run "Kubernetes MCP: Restart Server".' });
  } else if (!limits.enabled) {
    items.push({ label: '$(info) Rate limiting is off', detail: 'Turn it on with the setting k8sMcp.rateLimit.enabled.' });
  } else {
    const sessions = Object.entries(limits.sessions);
    if (sessions.length === 0) items.push({ label: '$(info) No MCP session yet', detail: 'Budgets appear once an agent connects.' });
    for (const [id, buckets] of sessions) addGroup(items, `Session ${shortId(id)}`, buckets);
    for (const [key, buckets] of Object.entries(limits.clients)) addGroup(items, `Client ${shortId(key)} (all its sessions)`, buckets);
  }
  await vscode.window.showQuickPick(items, {
    title: 'Kubernetes MCP: remaining calls per minute',
    placeHolder: 'read: get/scan and resource reads · write: deploy/delete/interact · default: anything else',
    matchOnDetail: true,
  });
}

function addGroup(items: vscode.QuickPickItem[], label: string, buckets: Record<(typeof CATEGORIES)[number], BucketSnapshot>): void {
  items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  for (const category of CATEGORIES) {
    const b = buckets[category];
    const left = Math.floor(b.remaining);
    items.push({
      label: `${left < 1 ? '$(warning)' : '$(pass)'} ${category}: ${left} of ${b.capacity} left`,
      ...(left < 1 ? { description: 'empty: calls are refused until it refills' } : {}),
    });
  }
}

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
