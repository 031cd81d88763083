/**
 * "Kubernetes MCP": the server's own diagnostics (hooks.log) and the extension's (start-up, restarts,
 * kubeconfig reloads), in a log channel whose level the person can change. Never secrets.
 */
import * as vscode from 'vscode';

export const LOG_CHANNEL = 'Kubernetes MCP';

export class DiagnosticsLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(LOG_CHANNEL, { log: true });

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.channel[level](message);
  }

  readonly info = (message: string): void => this.channel.info(message);
  readonly error = (message: string): void => this.channel.error(message);

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
