/**
 * The raw request layer: one client per kubeconfig context, on top of client-node's authentication
 * (certificates, tokens, exec and auth-provider plugins) but with our own HTTP, because client-node's typed
 * object API drops unknown fields and cannot address arbitrary resources. Every request has a deadline and an
 * AbortSignal, bodies can be capped while streaming, and errors come back as typed K8sErrors.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { CredentialSource } from '../credentials/callerCredentials';
import { ContextCredentials, type Credentials } from '../credentials/contextCredentials';
import { contextTls } from '../credentials/contextTls';
import type { ResolvedContext } from '../credentials/resolvedContext';
import { abortError, deadlineMs, signalOrDefault } from './abortReason';
import { K8sError } from '../errors';
import { networkError, routeOf } from './networkErrors';
import { errorFromResponse } from './statusErrors';
import { collectBody, unreadableAnswer } from './responseBody';
import { proxyAgent, proxyFor } from './proxy';
import { settleOnce } from './settleOnce';
import { buildQuery, type ApiRequest, type ApiResponse, type QueryValue } from './apiRequest';

/** What a WebSocket (exec) connection needs: URL, TLS material and auth headers of this context. */
export interface ConnectionOptions {
  url: URL;
  headers: Record<string, string | string[]>;
  tls: https.AgentOptions;
  /** Set when the context goes through a proxy: the connection must use it. */
  agent?: http.Agent | undefined;
  /** The connection's route for messages: the API server's host, and the proxy's when there is one. */
  route: string;
}

export interface ClusterClientOptions {
  /** Instead of the kubeconfig user's credentials (identity passthrough: see callerCredentials.ts). */
  credentials?: CredentialSource | undefined;
  /** Told the method and status of every answer, 0 when none came (metrics; never paths or names). */
  onResponse?: ((method: string, status: number) => void) | undefined;
}

export class ClusterClient {
  readonly contextName: string;
  readonly server: URL;
  readonly user: string;
  readonly defaultNamespace: string;
  private readonly agent: http.Agent;
  private readonly tls: https.AgentOptions;
  /** proxy-url of the cluster, or HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says otherwise (see proxy.ts). */
  private readonly proxy: URL | undefined;
  private readonly credentials: CredentialSource;
  private readonly onResponse: ClusterClientOptions['onResponse'];
  /** The agent for a plugin-issued client certificate; replaced when the plugin rotates it. */
  private pluginAgent: { cert: string; agent: http.Agent } | undefined;

  constructor(resolved: ResolvedContext, options: ClusterClientOptions = {}) {
    const { name: contextName, kubeConfig } = resolved;
    this.contextName = contextName;
    const cluster = kubeConfig.getCurrentCluster();
    const user = kubeConfig.getCurrentUser();
    const context = kubeConfig.getContextObject(contextName);
    if (!cluster) throw new K8sError('config', `Context "${contextName}" has no cluster.`);
    try {
      // kubectl reads a server without a scheme ("10.0.0.1:6443") as https.
      this.server = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(cluster.server) ? cluster.server : `https://${cluster.server}`);
    } catch {
      throw new K8sError('config', `Context "${contextName}" has an invalid server URL.`);
    }
    this.user = user?.name ?? '';
    this.defaultNamespace = context?.namespace ?? 'default';
    this.tls = contextTls(kubeConfig, contextName);
    try {
      this.proxy = proxyFor(this.server, cluster.proxyUrl);
    } catch {
      throw new K8sError('config', `Context "${contextName}" has an invalid proxy URL.`);
    }
    this.agent = this.makeAgent(this.tls);
    this.credentials = options.credentials ?? new ContextCredentials(resolved, { plainHttp: this.server.protocol === 'http:' });
    this.onResponse = options.onResponse;
  }

  /**
   * This client with one caller's credentials for one MCP request (passthrough), sharing server, TLS and pool:
   * they carry no identity (no client certificate; each request sends its own token). Never close() it.
   */
  withCredentials(credentials: CredentialSource): ClusterClient {
    const view = Object.create(this) as ClusterClient;
    Object.defineProperty(view, 'credentials', { value: credentials });
    return view;
  }

  /**
   * This client also telling `observe` the method and status of every answer, for one call only (the audit
   * line of a write records the status its request got); shares everything else. Never close() it.
   */
  observing(observe: (method: string, status: number) => void): ClusterClient {
    const shared = this.onResponse;
    const view = Object.create(this) as ClusterClient;
    Object.defineProperty(view, 'onResponse', { value: (method: string, status: number) => { shared?.(method, status); observe(method, status); } });
    return view;
  }

  private makeAgent(tls: https.AgentOptions, keepAlive = true): http.Agent {
    if (this.proxy) return proxyAgent(this.proxy, this.server, tls, keepAlive);
    if (this.server.protocol === 'http:') return new http.Agent({ keepAlive, maxSockets: 64 });
    return new https.Agent({ keepAlive, maxSockets: 64, ...tls });
  }

  /** The context's TLS settings, with the plugin's client certificate when there is one. */
  private tlsFor(creds: Credentials): https.AgentOptions {
    return creds.cert ? { ...this.tls, cert: creds.cert, key: creds.key } : this.tls;
  }

  /** The agent for these credentials: the context's, or one carrying the plugin's client certificate. */
  private agentFor(creds: Credentials): http.Agent {
    if (!creds.cert || this.server.protocol === 'http:') return this.agent;
    const cert = String(creds.cert);
    if (this.pluginAgent?.cert !== cert) {
      const old = this.pluginAgent?.agent;
      // Requests still running on the old certificate's sockets finish first.
      if (old) setTimeout(() => old.destroy(), 60_000).unref();
      this.pluginAgent = { cert, agent: this.makeAgent(this.tlsFor(creds)) };
    }
    return this.pluginAgent.agent;
  }

  async connectionOptions(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<ConnectionOptions> {
    const url = new URL(this.server.toString().replace(/\/$/, '') + path + buildQuery(query));
    const creds = await this.credentials.get(signalOrDefault(signal));
    const tls = this.tlsFor(creds);
    // A WebSocket takes its socket over after the upgrade, so it gets its own proxy agent without keep-alive.
    const agent = this.proxy ? this.makeAgent(tls, false) : undefined;
    return { url, headers: creds.headers, tls, agent, route: routeOf(this.server, this.proxy) };
  }

  /** Sends one request. Non-2xx answers are returned, not thrown; network failures and deadlines throw. */
  async request(req: ApiRequest): Promise<ApiResponse> {
    const signal = signalOrDefault(req.signal);
    const creds = await this.credentials.get(signal);
    const headers: Record<string, string | string[]> = { ...creds.headers, 'User-Agent': 'k8s-mcp-interface' };
    headers.Accept = req.accept ?? 'application/json';
    if (req.contentType) headers['Content-Type'] = req.contentType;
    const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    if (body) headers['Content-Length'] = String(body.length);
    const basePath = this.server.pathname.replace(/\/$/, '');
    const what = `${req.method} ${req.path}`;
    const transport = this.server.protocol === 'http:' ? http : https;

    return settleOnce<ApiResponse>(signal, (settle) => {
      /** What arrived so far, once a 2xx answer whose partial body is wanted has begun. */
      let arrived: (() => ApiResponse) | undefined;
      const finish = (err: K8sError | undefined, res?: ApiResponse): void => {
        const first = err ? settle.reject(err) : settle.resolve(res!);
        if (first) this.onResponse?.(req.method, res?.status ?? 0);
      };
      const outgoing = transport.request({
        protocol: this.server.protocol,
        hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
        port: this.server.port || (this.server.protocol === 'http:' ? 80 : 443),
        method: req.method,
        path: basePath + req.path + buildQuery(req.query),
        headers,
        agent: this.agentFor(creds),
        // Proxy agents take the server's TLS settings from each request, not from the agent.
        ...(this.proxy && this.server.protocol === 'https:' ? this.tlsFor(creds) : {}),
      }, (incoming) => {
        if (incoming.statusCode === 401) this.credentials.drop();
        const soFar = collectBody(incoming, req.maxBodyBytes, (res) => finish(undefined, res));
        const ok = (incoming.statusCode ?? 0) >= 200 && (incoming.statusCode ?? 0) < 300;
        if (req.keepPartialAtDeadline && ok) arrived = soFar;
        incoming.on('error', (err) => finish(this.networkError(err, what)));
        incoming.on('aborted', () => finish(new K8sError('unavailable', `${what}: the API server closed the connection mid-answer. Retry shortly.`)));
      });
      outgoing.on('error', (err) => finish(this.networkError(err, what)));
      outgoing.end(body);
      return () => {
        // At the deadline, a 2xx answer whose partial body is wanted (a slow log) returns what arrived.
        const partial = deadlineMs(signal) !== undefined ? arrived?.() : undefined;
        if (partial) finish(undefined, { ...partial, cutByDeadline: true });
        else finish(abortError(signal, what, (seconds) => `${what} got no answer from ${this.server.host} within ${seconds} s. The cluster may be unreachable or overloaded.`));
        outgoing.destroy();
      };
    });
  }

  /** Sends a request and parses a JSON answer; a non-2xx answer throws the translated Status error. */
  async json<T>(req: ApiRequest): Promise<{ value: T; bytes: number; status: number }> {
    const res = await this.request(req);
    return { value: this.parse<T>(res, req), bytes: res.size, status: res.status };
  }

  /**
   * The one place an API answer becomes a value (get, list, apply, delete, subresources, discovery): a non-2xx
   * answer throws the translated Status error, a body that is not JSON one clear error naming the request.
   */
  parse<T>(res: ApiResponse, req: Pick<ApiRequest, 'method' | 'path'>): T {
    if (res.status < 200 || res.status > 299) throw this.errorFor(res, req);
    if (res.size === 0) return {} as T;
    try {
      return JSON.parse(res.text()) as T;
    } catch {
      throw unreadableAnswer(res, `${req.method} ${req.path}`);
    }
  }

  errorFor(res: ApiResponse, req: Pick<ApiRequest, 'method' | 'path'>): K8sError {
    // Node keeps only the first of repeated Retry-After headers, so this is one string.
    return errorFromResponse(res.status, res.body, `${req.method} ${req.path}`, res.headers['retry-after']);
  }

  private networkError(err: Error & { code?: string }, what: string): K8sError {
    return networkError(err, what, { server: this.server, proxy: this.proxy, contextName: this.contextName });
  }

  close(): void {
    this.agent.destroy();
    this.pluginAgent?.agent.destroy();
  }
}
