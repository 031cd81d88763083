/**
 * API discovery and resource resolution. Tools address resources by group, version and plural, but clients
 * often send a Kind (`Deployment`), a singular or a short name (`deploy`): those are resolved through the
 * group-version's APIResourceList instead of failing. Unknown names get an error that lists close matches.
 * Only the addressed group-version is fetched on the hot path (one small request, then cached).
 */
import type { ClusterClient } from './clusterClient';
import { K8sError } from '../errors';
import { closestMatches } from '../input/closestMatches';

export interface ApiResource {
  group: string;
  version: string;
  /** The plural name used in URLs, e.g. `deployments`. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** Subresource names served for this resource, e.g. `status`, `scale`, `log`, `exec`. */
  subresources: string[];
}

interface RawApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface CacheEntry { at: number; resources: ApiResource[] | null }

export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

export function formatGroupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Parses an APIResourceList: top-level resources, with `x/y` entries folded in as subresources of x. */
export function parseResourceList(group: string, version: string, list: { resources?: RawApiResource[] }): ApiResource[] {
  const byName = new Map<string, ApiResource>();
  const subs: Array<[string, string]> = [];
  for (const r of list.resources ?? []) {
    const slash = r.name.indexOf('/');
    if (slash >= 0) { subs.push([r.name.slice(0, slash), r.name.slice(slash + 1)]); continue; }
    byName.set(r.name, {
      group, version, plural: r.name, singular: r.singularName || r.kind.toLowerCase(), kind: r.kind,
      namespaced: r.namespaced, verbs: r.verbs ?? [], shortNames: r.shortNames ?? [], categories: r.categories ?? [], subresources: [],
    });
  }
  for (const [parent, sub] of subs) byName.get(parent)?.subresources.push(sub);
  return [...byName.values()];
}

const UNAVAILABLE_RETRY_MS = 60_000;

/** What discovery has learnt of one cluster; shared by the Discovery views of its callers. */
class DiscoveryCache {
  readonly lists = new Map<string, CacheEntry>();
  groups: { at: number; groups: Array<{ group: string; versions: string[]; preferred: string }> } | undefined;
  /**
   * Group-versions whose discovery failed (an aggregated API whose backend is down, such as metrics-server,
   * answers 503) and when: the catalogue and close-match searches skip them for a minute instead of asking
   * again on every call.
   */
  readonly unavailable = new Map<string, number>();
}

export class Discovery {
  constructor(
    private readonly client: ClusterClient,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly known = new DiscoveryCache(),
  ) {}

  /**
   * This cluster's discovery asking with `client` (one caller's credentials, identity passthrough) but sharing
   * what was learnt. Safe to share: Kubernetes serves every authenticated user the same discovery documents
   * (the system:discovery role; they are not filtered by RBAC), and a passthrough caller reaches discovery only
   * with a token the API server accepted.
   */
  withClient(client: ClusterClient): Discovery {
    return new Discovery(client, this.ttlMs, this.now, this.known);
  }

  /** The resources of one group-version, or null when the server does not serve it (404). */
  async resources(group: string, version: string, signal?: AbortSignal, maxAgeMs = this.ttlMs): Promise<ApiResource[] | null> {
    const key = formatGroupVersion(group, version);
    const hit = this.known.lists.get(key);
    if (hit && this.now() - hit.at < maxAgeMs) return hit.resources;
    const path = groupVersionPath(group, version);
    const res = await this.client.request({ method: 'GET', path, signal });
    const resources = res.status === 404 ? null : parseResourceList(group, version, this.client.parse<{ resources?: RawApiResource[] }>(res, { method: 'GET', path }));
    this.known.lists.set(key, { at: this.now(), resources });
    return resources;
  }

  /** All served groups with their versions (core first), from /api and /apis. */
  async groups(signal?: AbortSignal, maxAgeMs = this.ttlMs): Promise<Array<{ group: string; versions: string[]; preferred: string }>> {
    if (this.known.groups && this.now() - this.known.groups.at < maxAgeMs) return this.known.groups.groups;
    const [core, apis] = await Promise.all([
      this.client.json<{ versions?: string[] }>({ method: 'GET', path: '/api', signal }),
      this.client.json<{ groups?: Array<{ name: string; versions: Array<{ version: string }>; preferredVersion?: { version: string } }> }>({ method: 'GET', path: '/apis', signal }),
    ]);
    const groups = [{ group: '', versions: core.value.versions ?? ['v1'], preferred: core.value.versions?.[0] ?? 'v1' }];
    for (const g of apis.value.groups ?? []) {
      const versions = g.versions.map((v) => v.version);
      groups.push({ group: g.name, versions, preferred: g.preferredVersion?.version ?? versions[0] ?? '' });
    }
    this.known.groups = { at: this.now(), groups };
    return groups;
  }

  /** Every resource of every preferred group-version (the catalogue of MCP resources). */
  async allPreferred(signal?: AbortSignal, maxAgeMs = this.ttlMs): Promise<ApiResource[]> {
    const groups = await this.groups(signal, maxAgeMs);
    const lists = await Promise.all(groups.map(async (g) => {
      const key = formatGroupVersion(g.group, g.preferred);
      const failedAt = this.known.unavailable.get(key);
      if (failedAt !== undefined && this.now() - failedAt < UNAVAILABLE_RETRY_MS) return null;
      try {
        return await this.resources(g.group, g.preferred, signal, maxAgeMs);
      } catch {
        this.known.unavailable.set(key, this.now());
        return null;
      }
    }));
    return lists.flatMap((l) => l ?? []);
  }

  invalidate(): void {
    this.known.lists.clear();
    this.known.unavailable.clear();
    this.known.groups = undefined;
  }

  /**
   * Resolves what the client sent (plural, Kind, singular or short name, any case) within one group-version.
   * A miss re-reads a cache entry older than 10 s once (a CRD may have just been created), then fails with
   * close matches, and names other groups that serve the name when there are any.
   */
  async resolve(group: string, version: string, name: string, signal?: AbortSignal): Promise<ApiResource> {
    let resources = await this.resources(group, version, signal);
    let found = resources && findResource(resources, name);
    if (!found) {
      resources = await this.resources(group, version, signal, 10_000);
      found = resources && findResource(resources, name);
    }
    if (found) return found;
    const gv = formatGroupVersion(group, version);
    if (!resources) {
      const served = await this.groups(signal).catch(() => []);
      const same = served.find((g) => g.group === group);
      const hint = same
        ? `It serves ${group || 'the core group'} in versions: ${same.versions.join(', ')}.`
        : `Groups it serves that look similar: ${closestMatches(group, served.map((g) => g.group).filter(Boolean)).join(', ') || 'none'}.`;
      throw new K8sError('not-found', `The API server does not serve ${gv}. ${hint}`);
    }
    const candidates = resources.flatMap((r) => [r.plural, r.kind, ...r.shortNames]);
    const resourceNamed = (c: string) => resources.find((r) => r.plural === c || r.kind === c || r.shortNames.includes(c))!;
    const close = closestMatches(name, candidates).map((c) => resourceNamed(c).plural);
    const elsewhere = await this.findInOtherGroups(name, group, version, signal);
    const parts = [`Unknown resource_kind "${name}" in ${gv}.`];
    if (elsewhere.length) parts.push(`It is served as ${elsewhere.join(', ')}.`);
    if (close.length) parts.push(`Close matches in ${gv}: ${[...new Set(close)].join(', ')}.`);
    else parts.push(`Use a plural resource name such as ${resources.slice(0, 5).map((r) => r.plural).join(', ')}.`);
    throw new K8sError('validation', parts.join(' '));
  }

  private async findInOtherGroups(name: string, group: string, version: string, signal?: AbortSignal): Promise<string[]> {
    try {
      const all = await this.allPreferred(signal);
      return all
        .filter((r) => !(r.group === group && r.version === version) && findResource([r], name))
        .map((r) => `${r.plural} in ${r.group === '' ? 'the core group' : `api_group "${r.group}"`} ${r.version}`)
        .slice(0, 3);
    } catch {
      return [];
    }
  }
}

/** Exact plural first, then Kind, singular and short names, case-insensitively. */
export function findResource(resources: readonly ApiResource[], name: string): ApiResource | undefined {
  const lower = name.toLowerCase();
  return resources.find((r) => r.plural === name)
    ?? resources.find((r) => r.plural === lower || r.kind.toLowerCase() === lower || r.singular === lower || r.shortNames.includes(lower));
}
