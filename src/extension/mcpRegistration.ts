/**
 * Hands the in-process server to VS Code (contributes.mcpServerDefinitionProviders + this provider): one
 * Streamable HTTP definition with the per-activation bearer token in its headers. Copilot agent mode and
 * vscode.lm.tools then see the tools as mcp_k8s-mcp-inter_<tool>.
 */
import * as vscode from 'vscode';
import { VERSION } from '../server/version';
import type { ServerHost } from './serverHost';

export const PROVIDER_ID = 'k8sMcp.server';
export const SERVER_LABEL = 'Kubernetes MCP Interface';

export class McpRegistration implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** When VS Code first asked for the definitions and got one (ms since the epoch). */
  firstProvidedAt: number | undefined;

  constructor(private readonly host: ServerHost, private readonly log: (message: string) => void) {
    this.disposables.push(
      vscode.lm.registerMcpServerDefinitionProvider(PROVIDER_ID, this),
      host.onDidStart(() => this.refresh()),
    );
  }

  /** Tells VS Code to ask again: after a restart (new generation), a context or mode switch. */
  refresh(): void {
    this.changed.fire();
  }

  async provideMcpServerDefinitions(): Promise<vscode.McpHttpServerDefinition[]> {
    try {
      const { host, generation } = await this.host.running();
      this.firstProvidedAt ??= Date.now();
      return [new vscode.McpHttpServerDefinition(
        SERVER_LABEL,
        vscode.Uri.parse(`${host.url}/mcp`),
        { Authorization: `Bearer ${this.host.token}` },
        // A new version after a restart makes VS Code drop the old connection and its cached tools.
        `${VERSION}+${generation}`,
      )];
    } catch (err) {
      this.log(`The MCP server could not start: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
