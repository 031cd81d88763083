// The resource registry and the discovery documents built from it. Built-in group-versions are static;
// CRD groups are derived from the CustomResourceDefinition objects in the store, so creating or deleting a CRD
// through the API changes /apis and /apis/{group}/{version} the way a real apiserver does.
import { createHash } from 'node:crypto';
import type { KObject, ResourceDef, SubresourceDef } from './types';
import { loadRecording } from './fixtures';
import {
  ALL_VERBS,
  GROUP_ORDER,
  KINDS_WITH_GENERATION,
  RECORDED_RESOURCE_LISTS,
  STATIC_GROUP_VERSIONS,
  subresourceShape,
  type CompactResource,
} from './discoveryData';

/** discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/Kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** CRD resources list their verbs in this order (007), unlike built-ins which sort them. */
const CRD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

function gvKey(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export class Registry {
  private staticDefs = new Map<string, ResourceDef[]>();
  private crdDefs = new Map<string, ResourceDef[]>();
  private crdGroups: string[] = [];
  private dirty = true;

  constructor(private readonly listCrds: () => KObject[]) {
    for (const [gv, file] of Object.entries(RECORDED_RESOURCE_LISTS)) {
      const [group, version] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
      const body = loadRecording(file).response.body as KObject;
      this.staticDefs.set(gv, this.fromRecordedList(group, version, body.resources as KObject[]));
    }
    for (const sgv of STATIC_GROUP_VERSIONS) {
      this.staticDefs.set(gvKey(sgv.group, sgv.version), sgv.resources.map((r) => this.fromCompact(sgv.group, sgv.version, r)));
    }
  }

  /** Called by the store whenever a CRD object changes. */
  invalidate(): void {
    this.dirty = true;
  }

  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.crdDefs.clear();
    const groups = new Set<string>();
    for (const crd of this.listCrds()) {
      for (const def of crdResourceDefs(crd)) {
        const key = gvKey(def.group, def.version);
        const list = this.crdDefs.get(key) ?? [];
        list.push(def);
        this.crdDefs.set(key, list);
        groups.add(def.group);
      }
    }
    this.crdGroups = [...groups].sort();
  }

  private fromRecordedList(group: string, version: string, resources: KObject[]): ResourceDef[] {
    const defs = new Map<string, ResourceDef>();
    for (const r of resources) {
      const [plural, sub] = String(r.name).split('/') as [string, string | undefined];
      if (sub) {
        const parent = defs.get(plural);
        if (parent) parent.subresources.set(sub, { name: sub, kind: r.kind, verbs: r.verbs, group: r.group, version: r.version });
        continue;
      }
      defs.set(plural, {
        group,
        version,
        plural,
        singular: r.singularName || String(r.kind).toLowerCase(),
        kind: r.kind,
        listKind: `${r.kind}List`,
        namespaced: r.namespaced,
        verbs: r.verbs,
        shortNames: r.shortNames,
        categories: r.categories,
        storageVersionHash: r.storageVersionHash,
        subresources: new Map(),
        hasGeneration: KINDS_WITH_GENERATION.has(r.kind),
        storage: `${group}/${plural}`,
      });
    }
    return [...defs.values()];
  }

  private fromCompact(
    group: string, version: string, [plural, kind, namespaced, shortNames, subs, categories, verbs]: CompactResource,
  ): ResourceDef {
    const subresources = new Map<string, SubresourceDef>();
    for (const sub of subs ?? []) subresources.set(sub, { name: sub, ...subresourceShape(sub, kind) });
    const v = verbs ?? ALL_VERBS;
    const isEvents = group === 'events.k8s.io' && plural === 'events';
    return {
      group,
      version,
      plural,
      singular: kind.toLowerCase(),
      kind,
      listKind: `${kind}List`,
      namespaced,
      verbs: v,
      shortNames: shortNames && shortNames.length ? shortNames : undefined,
      categories: categories && categories.length ? categories : undefined,
      // Only persisted resources carry a storage hash; review-style "create only" APIs do not.
      storageVersionHash: v.includes('get') ? storageVersionHash(isEvents ? '' : group, isEvents ? 'v1' : version, kind) : undefined,
      subresources,
      hasGeneration: KINDS_WITH_GENERATION.has(kind),
      // events.k8s.io/v1 Events are a view of the core Events storage.
      storage: isEvents ? '/events' : `${group}/${plural}`,
    };
  }

  private defsFor(group: string, version: string): ResourceDef[] | undefined {
    this.refresh();
    const key = gvKey(group, version);
    return this.staticDefs.get(key) ?? this.crdDefs.get(key);
  }

  find(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.defsFor(group, version)?.find((d) => d.plural === plural);
  }

  servesGroupVersion(group: string, version: string): boolean {
    return this.defsFor(group, version) !== undefined;
  }

  /** The resource for an object's apiVersion and kind (seeding and create bodies). */
  byKind(apiVersion: string, kind: string): ResourceDef | undefined {
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
    return this.defsFor(group, version)?.find((d) => d.kind === kind);
  }

  /** All definitions sharing a storage bucket, e.g. core and events.k8s.io Events. */
  allDefs(): ResourceDef[] {
    this.refresh();
    return [...this.staticDefs.values(), ...this.crdDefs.values()].flat();
  }

  /** GET /api */
  apiVersions(): KObject {
    return loadRecording('002-api.json').response.body as KObject;
  }

  /** GET /apis: a plain APIGroupList (1.25 has no aggregated discovery, even when asked for it: 009). */
  groupList(): KObject {
    this.refresh();
    const versionsOf = (group: string): string[] => {
      const fromStatic = STATIC_GROUP_VERSIONS.filter((g) => g.group === group).map((g) => g.version);
      if (group === 'apps' || group === 'batch') fromStatic.unshift('v1');
      if (fromStatic.length) return fromStatic;
      return [...this.crdDefs.keys()].filter((k) => k.startsWith(`${group}/`)).map((k) => k.slice(group.length + 1));
    };
    const groups = [...GROUP_ORDER, ...this.crdGroups].map((name) => {
      const versions = versionsOf(name).map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions, preferredVersion: versions[0] };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }

  /** GET /apis/{group}: one APIGroup, or undefined when the group is not served. */
  group(name: string): KObject | undefined {
    const found = (this.groupList().groups as KObject[]).find((g) => g.name === name);
    return found ? { kind: 'APIGroup', apiVersion: 'v1', ...found } : undefined;
  }

  /** GET /api/v1 or /apis/{group}/{version}. */
  resourceList(group: string, version: string): KObject | undefined {
    const defs = this.defsFor(group, version);
    if (!defs) return undefined;
    const resources: KObject[] = [];
    for (const d of defs) {
      resources.push(apiResource(d));
      for (const sub of d.subresources.values()) {
        const entry: KObject = { name: `${d.plural}/${sub.name}`, singularName: '', namespaced: d.namespaced };
        if (sub.group !== undefined) entry.group = sub.group;
        if (sub.version !== undefined) entry.version = sub.version;
        entry.kind = sub.kind;
        entry.verbs = sub.verbs;
        resources.push(entry);
      }
    }
    // The core list is the one APIResourceList the apiserver serves without apiVersion (003).
    if (!group) return { kind: 'APIResourceList', groupVersion: version, resources };
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources };
  }
}

function apiResource(d: ResourceDef): KObject {
  const entry: KObject = {
    name: d.plural,
    // Built-in resources report an empty singularName in 1.25; CRDs report theirs (007).
    singularName: d.crd ? d.singular : '',
    namespaced: d.namespaced,
    kind: d.kind,
    verbs: d.verbs,
  };
  if (d.shortNames?.length) entry.shortNames = d.shortNames;
  if (d.categories?.length) entry.categories = d.categories;
  if (d.storageVersionHash) entry.storageVersionHash = d.storageVersionHash;
  return entry;
}

/** ResourceDefs for every served version of a CRD object. */
export function crdResourceDefs(crd: KObject): ResourceDef[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const group = String(spec.group ?? '');
  const storageVersion = (spec.versions ?? []).find((v: KObject) => v.storage)?.name ?? 'v1';
  return (spec.versions ?? [])
    .filter((v: KObject) => v.served !== false)
    .map((v: KObject): ResourceDef => {
      const subresources = new Map<string, SubresourceDef>();
      if (v.subresources?.status) subresources.set('status', { name: 'status', kind: names.kind, verbs: ['get', 'patch', 'update'] });
      if (v.subresources?.scale) subresources.set('scale', { name: 'scale', ...subresourceShape('scale', names.kind) });
      return {
        group,
        version: v.name,
        plural: names.plural,
        singular: names.singular ?? String(names.kind).toLowerCase(),
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        namespaced: spec.scope !== 'Cluster',
        verbs: CRD_VERBS,
        shortNames: names.shortNames,
        categories: names.categories,
        storageVersionHash: storageVersionHash(group, storageVersion, names.kind),
        subresources,
        hasGeneration: true,
        storage: `${group}/${names.plural}`,
        crd: {
          crdName: crd.metadata?.name,
          schema: v.schema?.openAPIV3Schema,
          printerColumns: v.additionalPrinterColumns ?? [],
          scale: v.subresources?.scale,
          hasStatus: Boolean(v.subresources?.status),
        },
      };
    });
}
