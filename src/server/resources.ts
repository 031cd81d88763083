/**
 * MCP resources (SPEC §2): two URI templates for single objects, and — with resource serving on — a catalogue
 * of collection resources from discovery, re-read on a short TTL; when it changes (a CRD was added or removed)
 * every session gets notifications/resources/list_changed. The SDK's template matcher cannot match the empty
 * core-group segment (`k8s://cluster//v1/nodes`), so the three resource requests are handled here directly.
 */
import { setMaxListeners } from 'node:events';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ReadResourceRequestSchema, type ReadResourceResult, type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Caller } from '../core/credentials/callerCredentials';
import type { ClusterConnections } from '../core/client/clusterConnections';
import type { ApiResource } from '../core/client/discovery';
import { deniedResource } from '../core/policy/policyRules';
import { formatCollectionUri } from '../core/input/resourceUri';
import { errorMessage } from './pipeline/errorResult';
import type { ServerHooks } from './hooks';
import type { ServerOptions } from './options';
import type { CallExtra } from './pipeline/toolRunner';

const TEMPLATES = [
  {
    uriTemplate: 'k8s://cluster/{group}/{version}/{resource}/{name}',
    name: 'cluster-object',
    title: 'Cluster-scoped Kubernetes object',
    description: 'A cluster-scoped object, e.g. k8s://cluster//v1/nodes/node-1 (the core group is the empty segment).',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'k8s://namespace/{namespace}/{group}/{version}/{resource}/{name}',
    name: 'namespaced-object',
    title: 'Namespaced Kubernetes object',
    description: 'A namespaced object, e.g. k8s://namespace/default/apps/v1/deployments/web.',
    mimeType: 'application/json',
  },
];

export class ResourceCatalogue {
  private readonly servers = new Set<McpServer>();
  private cached: { at: number; context: string; resources: Resource[]; signature: string } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clusters: ClusterConnections,
    private readonly options: () => Readonly<ServerOptions>,
    private readonly hooks: ServerHooks,
    private readonly callerFor: (authInfo: AuthInfo | undefined) => Caller | undefined,
  ) {}

  /**
   * `read` runs a resources/read through the call pipeline (resourceRead.ts). With `notify` off (a stateless
   * request's server) the server is not told when the catalogue changes.
   */
  attach(server: McpServer, read: (uri: string, extra: CallExtra) => Promise<ReadResourceResult>, { notify = true } = {}): void {
    const s = server.server;
    s.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: TEMPLATES }));
    s.setRequestHandler(ListResourcesRequestSchema, async (_req, extra) => ({
      resources: await this.list(extra.signal, this.callerFor(extra.authInfo)),
    }));
    s.setRequestHandler(ReadResourceRequestSchema, (req, extra) => read(req.params.uri, extra as CallExtra));
    if (!notify) return;
    this.servers.add(server);
    this.schedule();
  }

  detach(server: McpServer): void {
    this.servers.delete(server);
    if (this.servers.size === 0 && this.timer) { clearInterval(this.timer); this.timer = undefined; }
  }

  invalidate(): void {
    this.cached = undefined;
    this.notify();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.servers.clear();
  }

  private schedule(): void {
    // With identity passthrough there is nobody to ask discovery as between requests: no refresh, no list_changed.
    if (this.timer || !this.options().serveResources || this.options().authMode === 'passthrough') return;
    // Polling discovery on a TTL catches CRDs added or removed by anyone, without a long-lived watch.
    this.timer = setInterval(() => { void this.refresh(); }, this.options().catalogueTtlMs);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    if (!this.cached) return;
    const before = this.cached.signature;
    this.cached = undefined;
    let after: Resource[];
    try {
      after = await this.list();
    } catch (err) {
      this.hooks.log?.('warn', `Resource catalogue refresh failed: ${errorMessage(err)}`);
      return;
    }
    if (signatureOf(after) !== before) this.notify();
  }

  private notify(): void {
    for (const server of this.servers) {
      if (server.isConnected()) void server.server.sendResourceListChanged().catch(() => undefined);
    }
  }

  private async list(signal?: AbortSignal, caller?: Caller): Promise<Resource[]> {
    const options = this.options();
    if (!options.serveResources) return [];
    const { context, namespace } = this.clusters.selection();
    const cached = this.cached;
    if (cached && cached.context === context && Date.now() - cached.at < options.catalogueTtlMs) return cached.resources;
    const { discovery } = this.clusters.get(context, caller);
    // One discovery request per group-version, all listening on this signal.
    if (signal) setMaxListeners(100, signal);
    const all = await discovery.allPreferred(signal, options.catalogueTtlMs);
    // Denied resources vanish from the catalogue (SPEC §7); reading one by URI is refused like a tool call.
    const resources = all.filter((r) => r.verbs.includes('list') && !deniedResource(options.policy, r.group, r.plural)).map((r) => describe(r, namespace));
    this.cached = { at: Date.now(), context, resources, signature: signatureOf(resources) };
    return resources;
  }
}

/** What identifies a catalogue: its URIs (a CRD added or removed changes them). */
function signatureOf(resources: Resource[]): string {
  return resources.map((r) => r.uri).join('\n');
}

function describe(r: ApiResource, namespace: string): Resource {
  const gv = r.group ? `${r.group}/${r.version}` : r.version;
  return {
    uri: formatCollectionUri(r.group, r.version, r.plural, r.namespaced ? namespace : undefined),
    name: r.group ? `${r.plural}.${r.group}` : r.plural,
    title: `${r.kind} (${gv})${r.namespaced ? ` in ${namespace}` : ''}`,
    description: `${r.kind} collection, ${gv}, ${r.namespaced ? 'namespaced' : 'cluster-scoped'}; verbs: ${r.verbs.join(', ')}${r.shortNames.length ? `; short names: ${r.shortNames.join(', ')}` : ''}.`,
    mimeType: 'text/plain',
  };
}
