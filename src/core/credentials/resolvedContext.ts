/**
 * One kubeconfig context as the API client uses it: client-node's KubeConfig with the context current, plus
 * what a user entry can say that client-node's parser drops and kubectl honours: `tokenFile` (re-read, so
 * rotated tokens work), impersonation beyond `as` (`as-groups`, `as-uid`, `as-user-extra`) and an exec plugin
 * command written relative to the kubeconfig file. The extras are read from the raw document when a file is
 * loaded and carried here explicitly, never attached to client-node's objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from '../errors';

/** A kubeconfig user entry's extras; an empty object when it has none. */
export interface ResolvedUser {
  /** Absolute path (a relative one is read against its kubeconfig's folder); unset when `token` is given. */
  readonly tokenFile?: string;
  readonly impersonateGroups?: readonly string[];
  readonly impersonateUid?: string;
  readonly impersonateExtra?: Readonly<Record<string, readonly string[]>>;
  /** The exec plugin command made absolute, when the kubeconfig gives it relative with a path separator. */
  readonly execCommand?: string;
}

export interface ResolvedContext {
  readonly name: string;
  /** client-node's view of the kubeconfig, with this context current (certificates, token, plugins, `as`). */
  readonly kubeConfig: KubeConfig;
  /** The extras of the context's user entry. */
  readonly user: ResolvedUser;
}

interface RawDoc { users?: Array<{ name?: unknown; user?: Record<string, unknown> }> }

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** The extras of one raw user entry; `dir` is its kubeconfig's folder. */
function resolveUser(raw: Record<string, unknown>, dir: string): ResolvedUser {
  const user: { -readonly [K in keyof ResolvedUser]: ResolvedUser[K] } = {};
  const tokenFile = raw.tokenFile ?? raw['token-file'];
  if (typeof tokenFile === 'string' && tokenFile && !raw.token) user.tokenFile = path.resolve(dir, tokenFile);
  const groups = strings(raw['as-groups']);
  if (groups.length) user.impersonateGroups = groups;
  if (typeof raw['as-uid'] === 'string' && raw['as-uid']) user.impersonateUid = raw['as-uid'];
  const extra = raw['as-user-extra'];
  if (extra && typeof extra === 'object') {
    const pairs = Object.entries(extra).map(([k, v]): [string, string[]] => [k, strings(v)]).filter(([, v]) => v.length > 0);
    if (pairs.length) user.impersonateExtra = Object.fromEntries(pairs);
  }
  // kubectl runs a command with a path separator relative to the kubeconfig, not to the working directory.
  const exec = raw.exec as { command?: unknown } | undefined;
  if (typeof exec?.command === 'string' && /[/\\]/.test(exec.command) && !path.isAbsolute(exec.command)) {
    user.execCommand = path.resolve(dir, exec.command);
  }
  return user;
}

/** The extras of every user entry (by name) of one parsed kubeconfig document found in the folder `dir`. */
export function resolveUsers(doc: unknown, dir: string): Map<string, ResolvedUser> {
  const found = new Map<string, ResolvedUser>();
  for (const entry of (doc as RawDoc | null)?.users ?? []) {
    const raw = entry.user;
    if (typeof entry.name !== 'string' || !raw || typeof raw !== 'object') continue;
    const user = resolveUser(raw, dir);
    if (Object.keys(user).length) found.set(entry.name, user);
  }
  return found;
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
export function impersonationHeaders(user: ResolvedUser): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (user.impersonateGroups) headers['Impersonate-Group'] = [...user.impersonateGroups];
  if (user.impersonateUid) headers['Impersonate-Uid'] = user.impersonateUid;
  for (const [key, values] of Object.entries(user.impersonateExtra ?? {})) headers[`Impersonate-Extra-${encodeURIComponent(key)}`] = [...values];
  return headers;
}
