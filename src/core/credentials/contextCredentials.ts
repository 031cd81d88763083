/**
 * What requests of one context authenticate with: client-node's answer (clientNodeAdapter.ts) plus the extras
 * it lacks (tokenFile, impersonation beyond `as`, from the resolved user). Static credentials are resolved
 * once; plugin ones (exec, tokenFile, OIDC) are shared by concurrent callers, reused briefly, dropped on a 401,
 * and waited for no longer than the caller's deadline (its AbortSignal).
 */
import type { ChildProcess } from 'node:child_process';
import type { KubeConfig } from '@kubernetes/client-node';
import { deadlineSeconds } from '../client/abortReason';
import { K8sError } from '../errors';
import { clientNodeAuthConfig, clientNodeCredentials, watchPluginProcesses, type ClientNodeCredentials } from './clientNodeAdapter';
import { assertCredentialPluginAvailable } from './credentialPlugin';
import { impersonationHeaders, readTokenFile, type ResolvedContext, type ResolvedUser } from './resolvedContext';

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
  private readonly contextName: string;
  private readonly dynamic: boolean;
  /** The KubeConfig client-node derives credentials from (see clientNodeAuthConfig). */
  private readonly authConfig: KubeConfig;
  private readonly user: ResolvedUser;
  private cache: { value: Credentials; at: number } | undefined;
  private inFlight: Promise<Credentials> | undefined;
  /** Callers waiting for inFlight. */
  private waiting = 0;
  /** Plugin processes still running (see watchPluginProcesses). */
  private readonly plugins: Set<ChildProcess> | undefined;

  /** `plainHttp`: the context's server is http:// (kubectl proxy), which client-node needs to be told. */
  constructor(context: ResolvedContext, options: { plainHttp: boolean }) {
    this.contextName = context.name;
    this.user = context.user;
    const user = context.kubeConfig.getCurrentUser();
    this.dynamic = Boolean(user?.exec || user?.authProvider || this.user.tokenFile);
    this.authConfig = clientNodeAuthConfig(context.kubeConfig, context.user, options);
    this.plugins = user?.exec ? watchPluginProcesses(this.authConfig) : undefined;
  }

  async get(signal: AbortSignal): Promise<Credentials> {
    const cached = this.cache;
    if (cached && (!this.dynamic || Date.now() - cached.at < DYNAMIC_CREDENTIALS_REUSE_MS)) return cached.value;
    const lookup = this.inFlight ?? this.startLookup();
    if (!this.dynamic) return lookup;
    // A plugin that waits for a browser login would otherwise hold the call forever.
    this.waiting++;
    try {
      return await untilAborted(lookup, signal, () => this.pluginTimeout(signal));
    } catch (err) {
      if (this.waiting === 1 && this.inFlight === lookup) this.stopPlugins();
      throw err;
    } finally {
      this.waiting--;
    }
  }

  /** At the deadline, the plugin is what the call waited for: say so, and how to get past a login prompt. */
  private pluginTimeout(signal: AbortSignal): K8sError {
    const seconds = deadlineSeconds(signal);
    if (seconds === undefined) return new K8sError('cancelled', 'The request was cancelled while waiting for credentials.');
    return new K8sError('timeout', `Context "${this.contextName}": the credential plugin did not answer within ${seconds} s. If it needs an interactive login, run it (or kubectl) in a terminal first.`);
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
    // YAML may hand a command over as a number or boolean; the check names it as written.
    const command = (this.authConfig.getCurrentUser()?.exec as { command?: string | number | boolean } | undefined)?.command;
    if (command) assertCredentialPluginAvailable(String(command), this.contextName);
    let fromClientNode: ClientNodeCredentials;
    try {
      fromClientNode = await clientNodeCredentials(this.authConfig);
    } catch (err) {
      throw new K8sError('config', `Could not get credentials for context "${this.contextName}": ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    const headers: Record<string, string | string[]> = { ...impersonationHeaders(this.user), ...fromClientNode.headers };
    if (this.user.tokenFile && !headers.Authorization) headers.Authorization = `Bearer ${readTokenFile(this.user.tokenFile, this.contextName)}`;
    // The kubeconfig's own client certificate is part of the context's TLS settings (contextTls.ts).
    return fromClientNode.pluginCert ? { headers, ...fromClientNode.pluginCert } : { headers };
  }
}

/** Settles with `promise`, or rejects with `onAbort()` when `signal` aborts (the deadline or a cancellation). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
