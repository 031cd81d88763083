/**
 * kubeconfig `exec` credential plugins (aws, gke-gcloud-auth-plugin, kubelogin…) are spawned by client-node.
 * When the binary is missing, client-node's error is a bare ENOENT; users need the name and the PATH searched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { K8sError } from '../errors';

const checked = new Set<string>();

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/') || command.includes('\\')) return isExecutable(command) ? command : undefined;
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Throws a config error naming the plugin and the PATH searched when the binary cannot be found. */
export function assertCredentialPluginAvailable(command: string, contextName: string, searchPath = process.env.PATH ?? ''): void {
  if (checked.has(command)) return;
  if (!findOnPath(command, searchPath)) {
    throw new K8sError('config', `Context "${contextName}" uses the credential plugin "${command}", which was not found. Searched PATH: ${searchPath || '(empty)'}. Install it or add its folder to PATH.`);
  }
  checked.add(command);
}
