/**
 * The loaded kubeconfig, the selected context and namespace, and one ClusterClient + Discovery per context
 * that was used. Selecting another context never rewrites the user's kubeconfig. With identity passthrough
 * the clients hold only the cluster (server, CA) and each request brings its caller's token.
 */
import { BearerCredentials, clusterOnly, NO_CALLER, type Caller } from '../credentials/callerCredentials';
import { ClusterClient, type ClusterClientOptions } from './clusterClient';
import { Discovery } from './discovery';
import { K8sError } from '../errors';
import { loadKubeconfig, type ContextSummary, type KubeconfigSource, type LoadedKubeconfig } from './kubeconfig';
import { validateNamespace } from '../input/validation';

export interface Connection {
  context: string;
  client: ClusterClient;
  discovery: Discovery;
}

export interface Selection { context: string; namespace: string }

export interface ClusterConnectionsOptions {
  context?: string | undefined;
  namespace?: string | undefined;
  /** SPEC §8 identity passthrough: API requests carry their caller's token, never the kubeconfig user's. */
  passthrough?: boolean | undefined;
  onApiResponse?: ClusterClientOptions['onResponse'];
}

export class ClusterConnections {
  private loaded: LoadedKubeconfig | undefined;
  private loadError: K8sError | undefined;
  private readonly connections = new Map<string, Connection>();
  private selectedContext: string | undefined;
  private selectedNamespace: string | undefined;

  constructor(private readonly source: KubeconfigSource, private readonly initial: ClusterConnectionsOptions = {}) {
    this.selectedContext = initial.context;
    this.selectedNamespace = initial.namespace;
    this.reload();
  }

  /** Re-reads the kubeconfig files (after a change on disk). A broken file is remembered, not thrown. */
  reload(): void {
    for (const c of this.connections.values()) c.client.close();
    this.connections.clear();
    try {
      this.loaded = loadKubeconfig(this.source);
      this.loadError = undefined;
    } catch (err) {
      this.loaded = undefined;
      this.loadError = err instanceof K8sError ? err : new K8sError('config', String(err));
    }
  }

  private kubeconfig(): LoadedKubeconfig {
    if (!this.loaded) throw this.loadError ?? new K8sError('config', 'No kubeconfig loaded.');
    return this.loaded;
  }

  contexts(): ContextSummary[] {
    return this.kubeconfig().contexts();
  }

  /** The error that prevents loading the kubeconfig, if any (shown in the contexts tree). */
  problem(): K8sError | undefined {
    return this.loadError;
  }

  selection(): Selection {
    const kc = this.kubeconfig();
    const context = this.selectedContext ?? kc.currentContext;
    const summary = kc.contexts().find((c) => c.name === context);
    return { context, namespace: this.selectedNamespace ?? summary?.namespace ?? 'default' };
  }

  /** Switches the context (and optionally namespace) the tools use; validates both first. */
  select(context: string, namespace?: string): Selection {
    this.kubeconfig().forContext(context);
    if (namespace !== undefined) validateNamespace(namespace, 'namespace');
    this.selectedContext = context;
    this.selectedNamespace = namespace;
    return this.selection();
  }

  /**
   * The connection for `context` (validated), else for the selected context. With passthrough it acts as
   * `caller` (a connection for this one request); without a caller every API request is refused.
   */
  get(context?: string, caller?: Caller): Connection {
    const name = context ?? this.selection().context;
    const shared = this.connections.get(name) ?? this.connect(name);
    if (!this.initial.passthrough || !caller) return shared;
    const client = shared.client.withCredentials(new BearerCredentials(caller));
    return { context: name, client, discovery: shared.discovery.withClient(client) };
  }

  private connect(name: string): Connection {
    const resolved = this.kubeconfig().forContext(name);
    const client = this.initial.passthrough
      ? new ClusterClient(clusterOnly(resolved), { credentials: NO_CALLER, onResponse: this.initial.onApiResponse })
      : new ClusterClient(resolved, { onResponse: this.initial.onApiResponse });
    const connection = { context: name, client, discovery: new Discovery(client) };
    this.connections.set(name, connection);
    return connection;
  }

  close(): void {
    for (const c of this.connections.values()) c.client.close();
    this.connections.clear();
  }
}
