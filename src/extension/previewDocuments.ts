/**
 * Read-only virtual documents for the write diff: "live object" and "after the write (server-side dry run)",
 * rendered as YAML under their own URI scheme so the diff editor can show them without touching disk.
 */
import * as vscode from 'vscode';
import { stringify } from 'yaml';

export const PREVIEW_SCHEME = 'k8s-mcp-preview';
/** Older previews are forgotten: a long session must not keep every object it ever showed. */
const KEEP = 20;

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private next = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '# This preview is no longer available.\n';
  }

  /** Two documents for one diff; `name` ends up in the editor tab. */
  add(name: string, live: unknown, result: unknown, resultLabel: string): { left: vscode.Uri; right: vscode.Uri } {
    const id = ++this.next;
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${id}/live/${safe}.yaml` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${id}/${resultLabel}/${safe}.yaml` });
    this.documents.set(left.toString(), render(live, '# The object does not exist yet: the write creates it.\n'));
    this.documents.set(right.toString(), render(result, '# The object is gone after this write.\n'));
    while (this.documents.size > KEEP * 2) this.documents.delete(this.documents.keys().next().value as string);
    return { left, right };
  }

  dispose(): void {
    this.registration.dispose();
    this.documents.clear();
  }
}

function render(value: unknown, whenAbsent: string): string {
  if (value === null || value === undefined) return whenAbsent;
  return stringify(value, { lineWidth: 0 });
}
