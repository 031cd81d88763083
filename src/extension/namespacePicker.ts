/**
 * "Set Namespace…": a quick pick of the cluster's namespaces that also takes a typed name (the person may not
 * be allowed to list namespaces); when listing fails, the error is shown and the name is typed instead.
 */
import * as vscode from 'vscode';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function validateNamespaceName(value: string): string | undefined {
  return DNS_LABEL.test(value) ? undefined : 'A namespace is a DNS label: lower-case letters, digits and "-", at most 63 characters.';
}

export async function pickNamespace(context: string, current: string, list: () => Promise<string[]>): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = `Namespace for context ${context}`;
  pick.placeholder = 'Loading the namespaces…';
  pick.busy = true;
  pick.show();
  let namespaces: string[] = [];
  let failure: string | undefined;
  try {
    namespaces = await list();
  } catch (err) {
    failure = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  if (failure) {
    pick.dispose();
    return vscode.window.showInputBox({
      title: `Namespace for context ${context}`,
      prompt: `Listing the namespaces failed (${failure}). Type the namespace instead.`,
      value: current,
      validateInput: validateNamespaceName,
    });
  }
  const known = namespaces.map((ns): vscode.QuickPickItem => ({ label: ns, ...(ns === current ? { description: 'current' } : {}) }));
  pick.busy = false;
  pick.placeholder = 'Pick a namespace, or type one';
  pick.items = known;
  pick.activeItems = known.filter((i) => i.label === current);
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !namespaces.includes(typed)
      ? [{ label: typed, description: validateNamespaceName(typed) ?? 'not listed: use anyway' }, ...known]
      : known;
  });
  return new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label;
      if (chosen && validateNamespaceName(chosen)) return; // invalid typed name: keep the picker open
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
  });
}
