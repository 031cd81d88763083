/**
 * What a kubeconfig user entry can say that client-node's parser drops and kubectl honours: `tokenFile`
 * (re-read, so rotated tokens work), impersonation beyond `as` (`as-groups`, `as-uid`, `as-user-extra`), and
 * an exec plugin command written relative to the kubeconfig file. Read from the raw document when a file is
 * loaded and kept beside client-node's User objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { K8sError } from './errors';

export interface UserExtras {
  tokenFile?: string;
  impersonateGroups?: string[];
  impersonateUid?: string;
  impersonateExtra?: Record<string, string[]>;
}

interface RawDoc { users?: Array<{ name?: unknown; user?: Record<string, unknown> }> }

const extrasByUser = new WeakMap<User, UserExtras>();

export function userExtras(user: User | null | undefined): UserExtras | undefined {
  return user ? extrasByUser.get(user) : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * Takes the extras out of a parsed kubeconfig document before client-node sees it (client-node would read a
 * `token-file` relative to the process's working directory, once) and returns a function that attaches them
 * to the users client-node builds from it.
 */
export function extractUserExtras(doc: unknown, dir: string): (kc: KubeConfig) => void {
  const found = new Map<string, UserExtras>();
  const commands = new Map<string, string>();
  for (const entry of (doc as RawDoc | null)?.users ?? []) {
    const raw = entry.user;
    if (typeof entry.name !== 'string' || !raw || typeof raw !== 'object') continue;
    const e: UserExtras = {};
    const tokenFile = raw.tokenFile ?? raw['token-file'];
    delete raw['token-file'];
    if (typeof tokenFile === 'string' && tokenFile && !raw.token) e.tokenFile = path.resolve(dir, tokenFile);
    const groups = strings(raw['as-groups']);
    if (groups.length) e.impersonateGroups = groups;
    if (typeof raw['as-uid'] === 'string' && raw['as-uid']) e.impersonateUid = raw['as-uid'];
    const extra = raw['as-user-extra'];
    if (extra && typeof extra === 'object') {
      const pairs = Object.entries(extra).map(([k, v]): [string, string[]] => [k, strings(v)]).filter(([, v]) => v.length > 0);
      if (pairs.length) e.impersonateExtra = Object.fromEntries(pairs);
    }
    if (Object.keys(e).length) found.set(entry.name, e);
    // kubectl runs a command with a path separator relative to the kubeconfig, not to the working directory.
    const exec = raw.exec as { command?: unknown } | undefined;
    if (typeof exec?.command === 'string' && /[/\\]/.test(exec.command) && !path.isAbsolute(exec.command)) {
      commands.set(entry.name, path.resolve(dir, exec.command));
    }
  }
  return (kc) => {
    for (const user of kc.users) {
      const e = found.get(user.name);
      if (e) extrasByUser.set(user, e);
      const command = commands.get(user.name);
      if (command && user.exec) (user as { exec: unknown }).exec = { ...user.exec, command };
    }
  };
}

/** The token in a tokenFile, without the trailing newline editors add. */
export function readTokenFile(file: string, contextName: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new K8sError('config', `Context "${contextName}": cannot read tokenFile ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** Impersonate-* headers for the extras (`as` itself is sent by client-node as Impersonate-User). */
export function impersonationHeaders(e: UserExtras | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (!e) return headers;
  if (e.impersonateGroups) headers['Impersonate-Group'] = e.impersonateGroups;
  if (e.impersonateUid) headers['Impersonate-Uid'] = e.impersonateUid;
  for (const [key, values] of Object.entries(e.impersonateExtra ?? {})) headers[`Impersonate-Extra-${encodeURIComponent(key)}`] = values;
  return headers;
}
