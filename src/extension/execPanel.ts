/**
 * "Kubernetes MCP: Exec": every command the agent runs in a pod, shown while it runs: where and what when it
 * starts, its output as it arrives, then the exit code and how long it took. The person sees exactly what
 * happens inside the cluster (the agent may only summarise it). The text itself comes from ExecTranscript.
 */
import * as vscode from 'vscode';
import type { ExecEvent, ExecOutputEvent, ExecStartEvent } from '../server/hooks';
import { ExecTranscript } from './execTranscript';

export const EXEC_CHANNEL = 'Kubernetes MCP: Exec';

export class ExecPanel implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(EXEC_CHANNEL);
  private readonly transcript = new ExecTranscript();

  started(e: ExecStartEvent): void {
    this.write(this.transcript.start(e));
  }

  output(e: ExecOutputEvent): void {
    this.write(this.transcript.output(e));
  }

  ended(e: ExecEvent): void {
    this.write(this.transcript.end(e));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private write(text: string): void {
    if (text) this.channel.append(text);
  }
}
