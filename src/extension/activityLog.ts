/**
 * "Kubernetes MCP: Activity": one line per tool call (tool, context, arguments as masked by the server, result
 * size, duration, outcome), the audit trail of what the agent did.
 */
import * as vscode from 'vscode';
import type { ActivityEvent } from '../server/hooks';

export const ACTIVITY_CHANNEL = 'Kubernetes MCP: Activity';
/** Arguments can hold whole manifests; the log keeps a readable line, not the payload. */
const MAX_ARGS_CHARS = 400;

export class ActivityLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(ACTIVITY_CHANNEL);

  append(e: ActivityEvent): void {
    const args = JSON.stringify(e.args);
    const shownArgs = args.length > MAX_ARGS_CHARS ? `${args.slice(0, MAX_ARGS_CHARS)}…` : args;
    this.channel.appendLine(
      // No context when the call failed before one was chosen (e.g. rate-limited).
      `[${new Date().toISOString()}] ${e.ok ? 'ok   ' : 'ERROR'} ${e.tool}${e.context ? ` @${e.context}` : ''} ` +
      `${formatBytes(e.resultBytes)} in ${e.durationMs} ms · session ${e.sessionId.slice(0, 8)}\n` +
      `    args ${shownArgs}\n    ${e.ok ? '→' : '✗'} ${e.summary}`,
    );
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}
