// Content negotiation on Accept: the apiserver walks the client's media types in order and serves the first
// it can produce. `application/json;as=Table;v=v1;g=meta.k8s.io` asks for server-side printing (served even
// without a JSON fallback, 036); `as=PartialObjectMetadataList` for metadata-only lists (035). A resource
// marked "no tables" skips the Table clause like an aggregated API that cannot print would; with nothing left
// the answer is 406.
import { errors } from './statusErrors';

export type Representation =
  | { kind: 'json' }
  | { kind: 'table'; apiVersion: string }
  | { kind: 'partial'; apiVersion: string };

interface MediaClause {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string): MediaClause[] {
  return accept
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [type, ...rest] = part.split(';');
      const params: Record<string, string> = {};
      for (const p of rest) {
        const [k, v] = p.split('=');
        if (k) params[k.trim()] = (v ?? '').trim();
      }
      return { type: (type ?? '').trim().toLowerCase(), params };
    });
}

export function negotiate(accept: string | undefined, opts: { isList: boolean; tables: boolean }): Representation {
  if (!accept || !accept.trim()) return { kind: 'json' };
  for (const clause of parseAccept(accept)) {
    const { type, params } = clause;
    if (params.as) {
      if (type !== 'application/json' || params.g !== 'meta.k8s.io' || (params.v !== 'v1' && params.v !== 'v1beta1')) continue;
      const apiVersion = `meta.k8s.io/${params.v}`;
      if (params.as === 'Table' && opts.tables) return { kind: 'table', apiVersion };
      if (params.as === 'PartialObjectMetadataList' && opts.isList) return { kind: 'partial', apiVersion };
      if (params.as === 'PartialObjectMetadata' && !opts.isList) return { kind: 'partial', apiVersion };
      continue;
    }
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return { kind: 'json' };
    if (type === 'application/yaml') throw errors.notImplemented('YAML output');
  }
  throw errors.notAcceptable();
}
