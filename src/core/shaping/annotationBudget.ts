/**
 * A per-item budget for annotations in collection listings. GPU nodes carry ~50 annotations of ~2 KB each:
 * even cut at 512 bytes per value that is 25 KB per node, which drowns the answer to "which node is not
 * ready". With the default settings, small annotations are kept (smallest first, so short useful ones like
 * `deployment.kubernetes.io/revision` survive) until the budget is spent, and the rest is summarised by key
 * prefix with the way to see them.
 */
export const OMITTED_KEY = '…omitted';

function prefixPattern(key: string): string {
  // nvidia.com/gpu.cuda → nvidia.com/gpu.*; example.com/owner → example.com/*
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const dot = name.indexOf('.');
  if (dot > 0) return `${key.slice(0, slash + 1)}${name.slice(0, dot)}.*`;
  return slash >= 0 ? `${key.slice(0, slash + 1)}*` : key;
}

export function applyAnnotationBudget(
  annotations: Record<string, string> | undefined, budgetBytes: number,
): Record<string, string> | undefined {
  if (!annotations || budgetBytes <= 0) return annotations;
  const entries = Object.entries(annotations);
  let total = 0;
  for (const [k, v] of entries) total += k.length + v.length;
  if (total <= budgetBytes) return annotations;
  const bySize = [...entries].sort((a, b) => a[0].length + a[1].length - (b[0].length + b[1].length));
  const kept = new Set<string>();
  let used = 0;
  for (const [k, v] of bySize) {
    if (used + k.length + v.length > budgetBytes) break;
    kept.add(k);
    used += k.length + v.length;
  }
  const out: Record<string, string> = {};
  const omitted = new Map<string, { count: number; bytes: number }>();
  for (const [k, v] of entries) {
    if (kept.has(k)) { out[k] = v; continue; }
    const p = prefixPattern(k);
    const o = omitted.get(p) ?? { count: 0, bytes: 0 };
    o.count += 1;
    o.bytes += Buffer.byteLength(v);
    omitted.set(p, o);
  }
  const summary = [...omitted].map(([p, o]) => `${p} (${o.count}, ${Math.ceil(o.bytes / 1024)} KB)`).join(', ');
  out[OMITTED_KEY] = `${summary}; see them with include_only_annotation_keys or get_k8s_entity`;
  return out;
}
