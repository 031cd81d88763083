/**
 * "Kubernetes MCP: Exec": every command the agent ran in a pod, with where, how long, the exit code and the
 * output, so the person sees exactly what happened inside the cluster (the agent may only summarise it).
 */
import * as vscode from 'vscode';
import type { ExecEvent } from '../server/hooks';

export const EXEC_CHANNEL = 'Kubernetes MCP: Exec';

export class ExecPanel implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(EXEC_CHANNEL);

  append(e: ExecEvent): void {
    const where = `${e.namespace}/${e.pod}${e.container ? ` (container ${e.container})` : ''}`;
    const outcome = e.timedOut ? 'timed out' : e.exitCode === null ? 'no exit code' : `exit code ${e.exitCode}`;
    const lines = [
      `[${new Date().toISOString()}] exec in pod ${where} · context ${e.context}`,
      `$ ${e.command.map(quote).join(' ')}`,
      `→ ${outcome} after ${e.durationMs} ms${e.error ? ` · ${e.error}` : ''}`,
      section('stdout', e.stdout, e.stdoutTruncated),
      section('stderr', e.stderr, e.stderrTruncated),
      '',
    ];
    this.channel.appendLine(lines.join('\n'));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function section(name: string, text: string, truncated: boolean): string {
  if (!text) return `--- ${name}: (empty)`;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return `--- ${name}${truncated ? ' (cut at the 1 MiB cap)' : ''}:\n${body}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
