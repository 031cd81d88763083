/**
 * The person's approval of every write in read-write mode: a modal naming context, namespace, resource, name
 * and action, with Allow / Allow for this session / Show diff. Dismissing denies; the server then tells the
 * agent "declined by the user". VS Code's own "Run <tool>?" prompt comes first and cannot show any of this.
 */
import * as vscode from 'vscode';
import type { WriteDecision, WriteRequest } from '../server/hooks';
import type { PreviewDocuments } from './previewDocuments';

/** Answers a write request instead of the modal (extension-host tests: VS Code refuses modals there). */
export type WriteAnswerer = (request: WriteRequest) => WriteDecision | Promise<WriteDecision>;

const ALLOW = 'Allow';
const ALLOW_SESSION = 'Allow for this Session';
const SHOW_DIFF = 'Show Diff';

const VERBS: Record<WriteRequest['action'], string> = {
  apply: 'apply (create or update)',
  delete: 'delete',
  exec: 'run a command in',
  post: 'POST to',
};

export class WriteConfirmation {
  private answerer: WriteAnswerer | undefined;
  /** One prompt at a time: parallel tool calls queue up instead of stacking modals. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly previews: PreviewDocuments) {}

  /** Replaces the modal with `answerer`; undefined restores the modal. */
  setAnswerer(answerer: WriteAnswerer | undefined): void {
    this.answerer = answerer;
  }

  confirm(request: WriteRequest): Promise<WriteDecision> {
    const answer = (): Promise<WriteDecision> => Promise.resolve(this.answerer ? this.answerer(request) : this.ask(request));
    const decision = this.queue.then(answer, answer);
    this.queue = decision.catch(() => undefined);
    return decision.catch((): WriteDecision => 'deny');
  }

  private async ask(request: WriteRequest): Promise<WriteDecision> {
    let note = '';
    for (;;) {
      const choice = await vscode.window.showWarningMessage(
        question(request),
        { modal: true, detail: describe(request) + note },
        ALLOW, ALLOW_SESSION, SHOW_DIFF,
      );
      if (choice === ALLOW) return 'allow';
      if (choice === ALLOW_SESSION) return 'allow-session';
      if (choice !== SHOW_DIFF) return 'deny';
      note = await this.showDiff(request);
    }
  }

  /** Opens the dry-run diff; returns a note for the next prompt when the preview failed. */
  private async showDiff(request: WriteRequest): Promise<string> {
    try {
      const { live, result } = await request.preview();
      const after = request.action === 'delete' ? 'after-delete' : 'after-dry-run';
      const { left, right } = this.previews.add(request.name, live, result, after);
      const title = `${request.kind} ${request.name}: live ↔ ${request.action === 'delete' ? 'after delete' : 'server-side dry run'}`;
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
      return '';
    } catch (err) {
      return `\n\nThe preview failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

function question(r: WriteRequest): string {
  const where = r.namespace ? ` in namespace ${r.namespace}` : '';
  return `Allow the agent to ${VERBS[r.action]} ${r.kind} "${r.name}"${where} (context ${r.context})?`;
}

function describe(r: WriteRequest): string {
  const resource = `${r.apiGroup ? `${r.apiGroup}/` : ''}${r.apiVersion} ${r.resource} (${r.kind})`;
  return [
    `Context: ${r.context}`,
    `Namespace: ${r.namespace || '(cluster-scoped)'}`,
    `Resource: ${resource}`,
    `Name: ${r.name}`,
    `Action: ${r.action}${r.detail ? ` (${r.detail})` : ''}`,
    `Tool: ${r.tool}`,
    '',
    `"${ALLOW_SESSION}" allows ${r.tool} on context ${r.context} until the agent's MCP session ends or the context changes.`,
  ].join('\n');
}
