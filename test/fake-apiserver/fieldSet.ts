// Field sets in structured-merge-diff's shape. A path is a list of elements written exactly as FieldsV1 keys
// (`f:data`, `k:{"name":"app"}`, `v:"x"`, `i:0`); a set serialises to the nested FieldsV1 object where "."
// marks a path that is owned itself and also has owned children.
import type { KObject } from './types';
import { isPlainObject } from './jsonValues';

const SEP = '\u0000';

export type FieldPath = string[];

export class FieldSet {
  private readonly keys = new Set<string>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.add(p);
    return s;
  }

  add(path: FieldPath): this {
    if (path.length) this.keys.add(path.join(SEP));
    return this;
  }

  /** True when the set holds `path` or anything below it. */
  touches(path: FieldPath): boolean {
    const key = path.join(SEP);
    for (const k of this.keys) if (k === key || k.startsWith(key + SEP)) return true;
    return false;
  }

  get size(): number {
    return this.keys.size;
  }

  paths(): FieldPath[] {
    return [...this.keys].map((k) => k.split(SEP));
  }

  union(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const k of this.keys) s.keys.add(k);
    for (const k of other.keys) s.keys.add(k);
    return s;
  }

  difference(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const k of this.keys) if (!other.keys.has(k)) s.keys.add(k);
    return s;
  }

  intersection(other: FieldSet): FieldSet {
    const s = new FieldSet();
    for (const k of this.keys) if (other.keys.has(k)) s.keys.add(k);
    return s;
  }

  equals(other: FieldSet): boolean {
    return this.keys.size === other.keys.size && [...this.keys].every((k) => other.keys.has(k));
  }

  /** The FieldsV1 object: `{"f:data":{".":{},"f:k":{}}}`. Keys sorted, "." first. */
  toFieldsV1(): KObject {
    interface Node {
      owned: boolean;
      children: Map<string, Node>;
    }
    const root: Node = { owned: false, children: new Map() };
    for (const k of this.keys) {
      let node = root;
      for (const el of k.split(SEP)) {
        let next = node.children.get(el);
        if (!next) node.children.set(el, (next = { owned: false, children: new Map() }));
        node = next;
      }
      node.owned = true;
    }
    const render = (node: Node): KObject => {
      const out: KObject = {};
      if (node.owned && node.children.size) out['.'] = {};
      for (const key of [...node.children.keys()].sort()) out[key] = render(node.children.get(key) as Node);
      return out;
    };
    return render(root);
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    const s = new FieldSet();
    const visit = (node: unknown, path: FieldPath): void => {
      if (!isPlainObject(node)) return;
      const keys = Object.keys(node);
      if (path.length && keys.length === 0) s.add(path);
      for (const key of keys) {
        if (key === '.') s.add(path);
        else visit(node[key], [...path, key]);
      }
    };
    visit(fields, []);
    return s;
  }
}

/** `.spec.template.spec.containers[name="api-v1"].image`, as conflict messages print paths. */
export function formatPath(path: FieldPath): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      if (el.startsWith('f:')) return `.${body}`;
      if (el.startsWith('i:')) return `[${body}]`;
      if (el.startsWith('v:')) return `[=${body}]`;
      const key = JSON.parse(body) as KObject;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

function matchesKey(item: unknown, key: KObject): boolean {
  if (!isPlainObject(item)) return false;
  return Object.entries(key).every(([k, v]) => item[k] === v || (k === 'protocol' && v === 'TCP' && item[k] === undefined));
}

/** Navigates one element; undefined when absent. */
export function childAt(node: unknown, el: string): unknown {
  const body = el.slice(2);
  if (el.startsWith('f:')) return isPlainObject(node) ? node[body] : undefined;
  if (!Array.isArray(node)) return undefined;
  if (el.startsWith('i:')) return node[Number(body)];
  if (el.startsWith('v:')) return node.find((v) => JSON.stringify(v) === body);
  const key = JSON.parse(body) as KObject;
  return node.find((item) => matchesKey(item, key));
}

export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const el of path) {
    cur = childAt(cur, el);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes the field, list item or set value at `path` from `obj` (in place). */
export function deleteAt(obj: KObject, path: FieldPath): void {
  const parent = valueAt(obj, path.slice(0, -1));
  const el = path[path.length - 1];
  if (el === undefined) return;
  const body = el.slice(2);
  if (el.startsWith('f:')) {
    if (isPlainObject(parent)) delete parent[body];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = childAt(parent, el);
  const idx = parent.indexOf(target);
  if (idx >= 0) parent.splice(idx, 1);
}
