/**
 * Every place we lean on @kubernetes/client-node beyond its public typings, so an upgrade that changes any of it
 * fails test/unit/credentials/clientNodeAdapter.test.ts first. What we rely on, and where it differs from kubectl:
 * - its parser reads a user's `token-file` at once, relative to the working directory, and never again: the
 *   document it parses leaves the key out (resolvedContext.ts carries it, re-read per lookup like kubectl);
 * - `applyToHTTPSOptions` refuses an http:// server (kubectl proxy) unless the cluster says skip-verify, because
 *   it builds an agent we do not use: the copy it is asked says skip-verify;
 * - exec plugins run with process.env plus the entry's `env`: KUBERNETES_EXEC_INFO rides along there;
 * - basic auth comes back as `opts.auth`, tokens and `as` as headers, a plugin's client certificate as PEM
 *   strings (the kubeconfig's own as Buffers);
 * - ExecAuth spawns plugins with its private `execFn`, found in the KubeConfig's private `authenticators`.
 */
import type { ChildProcess } from 'node:child_process';
import type * as https from 'node:https';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { execCredentialInfo, type ExecConfig } from './execCredentialInfo';
import type { ResolvedUser } from './resolvedContext';

/** What client-node derives for the current context. */
export interface ClientNodeCredentials {
  /** Authorization (token, plugin token or basic auth) and Impersonate-User. */
  headers: Record<string, string>;
  /** A client certificate an exec plugin returned instead of a token (Teleport, Vault PKI helpers), PEM. */
  pluginCert?: { cert: string; key: string };
}

/** A kubeconfig `users` entry without `token-file` (see the file comment). */
function withoutTokenFile(entry: { user?: unknown } | null): unknown {
  if (typeof entry?.user !== 'object' || entry.user === null) return entry;
  const user = { ...(entry.user as Record<string, unknown>) };
  delete user['token-file'];
  return { ...entry, user };
}

/** client-node's KubeConfig for one parsed kubeconfig document found in the folder `dir`. */
export function clientNodeConfigFromDocument(doc: unknown, dir: string): KubeConfig {
  const users = (doc as { users?: unknown } | null)?.users;
  const parsed = Array.isArray(users) ? { ...(doc as object), users: users.map(withoutTokenFile) } : doc;
  const kc = new KubeConfig();
  // JSON is YAML: client-node parses the document we already read (as YAML 1.1, like kubectl) as JSON.
  kc.loadFromString(JSON.stringify(parsed ?? {}));
  kc.makePathsAbsolute(dir);
  return kc;
}

/**
 * The KubeConfig to ask client-node for credentials: `kc` itself when nothing needs adjusting, else a copy
 * whose current cluster says skip-verify (`plainHttp`: an http:// server) and whose current user's plugin gets
 * KUBERNETES_EXEC_INFO and its command resolved against the kubeconfig's folder. A copy also gets its own
 * authenticators, so watchPluginProcesses on it sees this context's plugin runs only.
 */
export function clientNodeAuthConfig(kc: KubeConfig, resolved: ResolvedUser, options: { plainHttp: boolean }): KubeConfig {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const exec = user?.exec as (ExecConfig & { command?: string }) | undefined;
  if (!cluster || (!options.plainHttp && !exec)) return kc;
  const adjustedUser = (u: User): User => {
    if (u !== user || !exec) return u;
    const env = (exec.env ?? []).filter((e) => e.name !== 'KUBERNETES_EXEC_INFO');
    const info = { name: 'KUBERNETES_EXEC_INFO', value: execCredentialInfo(exec, cluster) };
    return { ...u, exec: { ...exec, command: resolved.execCommand ?? exec.command, env: [...env, info] } };
  };
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.clusters.map((c) => (c === cluster && options.plainHttp ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users.map(adjustedUser),
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return copy;
}

/** Asks client-node for the current context's credentials; its errors (a failing plugin) are thrown as they are. */
export async function clientNodeCredentials(authConfig: KubeConfig): Promise<ClientNodeCredentials> {
  const opts: https.RequestOptions & { headers: Record<string, string> } = { headers: {} };
  await authConfig.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers)) if (typeof v === 'string') headers[k] = v;
  if (typeof opts.auth === 'string') headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const fromPlugin = Boolean(authConfig.getCurrentUser()?.exec) && typeof opts.cert === 'string' && typeof opts.key === 'string';
  return fromPlugin ? { headers, pluginCert: { cert: opts.cert as string, key: opts.key as string } } : { headers };
}

/**
 * The plugin processes of `kubeConfig` still running. client-node runs exec plugins with its ExecAuth
 * authenticator's `execFn` (child_process.spawn) and never stops them; wrapping that function of this
 * KubeConfig's own authenticator sees each run. Undefined if client-node's internals ever change shape; then a
 * timed-out lookup is only forgotten, not stopped.
 */
export function watchPluginProcesses(kubeConfig: KubeConfig): Set<ChildProcess> | undefined {
  type Spawn = (...args: unknown[]) => ChildProcess;
  const authenticators = (kubeConfig as unknown as { authenticators?: Array<{ execFn?: Spawn }> }).authenticators;
  const execAuth = authenticators?.find((a) => typeof a.execFn === 'function');
  if (!execAuth) return undefined;
  const running = new Set<ChildProcess>();
  const spawn = execAuth.execFn!;
  execAuth.execFn = (...args) => {
    const child = spawn(...args);
    running.add(child);
    child.on('close', () => running.delete(child)).on('error', () => running.delete(child));
    return child;
  };
  return running;
}
