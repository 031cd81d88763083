/**
 * "Open Audit Log": the file where every write attempt of the agent is recorded (SPEC §7), one JSON line each,
 * kept in the extension's global storage. Opened read-only in an editor, so it can be searched but not edited
 * by accident; before the first write attempt there is no file yet, and the message says where it will be.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const AUDIT_LOG_FILE_NAME = 'audit.log';

export async function openAuditLog(file: string | undefined): Promise<void> {
  if (!file) {
    void vscode.window.showInformationMessage('Kubernetes MCP: no audit log is configured.');
    return;
  }
  if (!fs.existsSync(file)) {
    void vscode.window.showInformationMessage(`Kubernetes MCP: no write attempt has been recorded yet. The audit log will be ${file}.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { preview: false });
}
