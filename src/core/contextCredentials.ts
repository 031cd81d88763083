/**
 * What requests of one context authenticate with, from client-node's authenticators plus what it lacks
 * (tokenFile, impersonation extras, plugin client certificates). Static credentials are resolved once; plugin
 * ones (exec, tokenFile, OIDC) are shared by concurrent callers, reused briefly, dropped on a 401, and waited
 * for no longer than the caller's deadline.
 */
import type { ChildProcess } from 'node:child_process';
import type * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { credentialConfig } from './credentialConfig';
import { assertCredentialPluginAvailable } from './credentialPlugin';
import { K8sError } from './errors';
import { impersonationHeaders, readTokenFile, userExtras, type UserExtras } from './userExtras';

/**
 * Plugin credentials are reused this long, so a burst of calls (discovery fans out) runs a plugin without an
 * expiry once, not once per request.
 */
const DYNAMIC_CREDENTIALS_REUSE_MS = 10_000;

/** Headers, and a client certificate when a credential plugin returned one. */
export interface Credentials {
  headers: Record<string, string | string[]>;
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
}

export class ContextCredentials {
  private readonly dynamic: boolean;
  /** The KubeConfig client-node derives credentials from (a copy adjusted as credentialConfig.ts explains). */
  private readonly authConfig: KubeConfig;
  private readonly extras: UserExtras | undefined;
  private cache: { value: Credentials; at: number } | undefined;
  private inFlight: Promise<Credentials> | undefined;
  /** Callers waiting for inFlight. */
  private waiting = 0;
  /** Plugin processes still running (see watchPluginProcesses). */
  private readonly plugins: Set<ChildProcess> | undefined;

  constructor(private readonly contextName: string, kubeConfig: KubeConfig, options: { skipVerify: boolean }) {
    const user = kubeConfig.getCurrentUser();
    this.extras = userExtras(user);
    this.dynamic = Boolean(user?.exec || user?.authProvider || this.extras?.tokenFile);
    this.authConfig = credentialConfig(kubeConfig, options);
    this.plugins = user?.exec ? watchPluginProcesses(this.authConfig) : undefined;
  }

  async get(timeoutMs: number, signal?: AbortSignal): Promise<Credentials> {
    const cached = this.cache;
    if (cached && (!this.dynamic || Date.now() - cached.at < DYNAMIC_CREDENTIALS_REUSE_MS)) return cached.value;
    const lookup = this.inFlight ?? this.startLookup();
    if (!this.dynamic) return lookup;
    // A plugin that waits for a browser login would otherwise hold the call forever.
    this.waiting++;
    try {
      return await withDeadline(lookup, timeoutMs, signal, () => new K8sError('timeout',
        `Context "${this.contextName}": the credential plugin did not answer within ${Math.round(timeoutMs / 1000)} s. If it needs an interactive login, run it (or kubectl) in a terminal first.`));
    } catch (err) {
      if (this.waiting === 1 && this.inFlight === lookup) this.stopPlugins();
      throw err;
    } finally {
      this.waiting--;
    }
  }

  /** One lookup shared by concurrent callers; it forgets itself when it settles (unless already replaced). */
  private startLookup(): Promise<Credentials> {
    const lookup: Promise<Credentials> = this.fetch().then((value) => {
      this.cache = { value, at: Date.now() };
      return value;
    }).finally(() => { if (this.inFlight === lookup) this.inFlight = undefined; });
    this.inFlight = lookup;
    return lookup;
  }

  /**
   * Ends a plugin run the last caller waiting for it gave up on (deadline or cancellation). Left running, a
   * plugin waiting for a login nobody will give stays for ever and, worse, keeps the shared lookup pending, so
   * every later call of the context would wait on it too; the next call runs the plugin afresh.
   */
  private stopPlugins(): void {
    for (const child of this.plugins ?? []) child.kill('SIGTERM');
    this.inFlight = undefined;
  }

  /** Forgets plugin credentials (after a 401, so the next request asks the plugin again). */
  drop(): void {
    if (this.dynamic) this.cache = undefined;
  }

  private async fetch(): Promise<Credentials> {
    const user = this.authConfig.getCurrentUser();
    if (user?.exec?.command) assertCredentialPluginAvailable(String(user.exec.command), this.contextName);
    const opts: https.RequestOptions & { headers: Record<string, string> } = { headers: {} };
    try {
      await this.authConfig.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new K8sError('config', `Could not get credentials for context "${this.contextName}": ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    const headers: Record<string, string | string[]> = impersonationHeaders(this.extras);
    for (const [k, v] of Object.entries(opts.headers)) if (typeof v === 'string') headers[k] = v;
    if (typeof opts.auth === 'string') headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (this.extras?.tokenFile && !headers.Authorization) headers.Authorization = `Bearer ${readTokenFile(this.extras.tokenFile, this.contextName)}`;
    // An exec plugin may answer with a client certificate instead of a token (Teleport, Vault PKI helpers);
    // client-node hands those over as PEM strings, the kubeconfig's own as Buffers (the context's TLS settings).
    const fromPlugin = Boolean(user?.exec) && typeof opts.cert === 'string' && typeof opts.key === 'string';
    return fromPlugin ? { headers, cert: opts.cert as string, key: opts.key as string } : { headers };
  }
}

/** Settles with `promise`, or rejects with `onTimeout()` after `ms` or with a cancellation when `signal` aborts. */
function withDeadline<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    const onAbort = (): void => reject(new K8sError('cancelled', 'The request was cancelled while waiting for credentials.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); });
  });
}

/**
 * client-node runs exec plugins with its ExecAuth authenticator's `execFn` (child_process.spawn) and never
 * stops them. Each context has its own KubeConfig copy (credentialConfig.ts), so wrapping that copy's `execFn`
 * sees exactly this context's plugin runs. Returns undefined if client-node's internals ever change shape;
 * then a timed-out lookup is only forgotten, not stopped.
 */
function watchPluginProcesses(kubeConfig: KubeConfig): Set<ChildProcess> | undefined {
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
