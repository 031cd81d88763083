/**
 * What the write tools share around confirmWrite: the request that names the target, and the mask every object
 * shown to the person or the agent goes through (Secret values hidden unless allowed).
 */
import { trimObject } from '../../core/shaping/objectTrimming';
import type { WriteAction, WriteRequest } from '../hooks';
import type { ServerOptions } from '../options';
import type { Target } from '../pipeline/resolveTarget';

/** Trims an object as every answer is trimmed (managedFields out, Secret values masked); null stays null. */
export function maskObject(options: Readonly<ServerOptions>): (value: unknown) => unknown {
  return (value) => (value === null ? null : trimObject(value, { allowSecretValues: options.allowSecretValues }));
}

/** The confirmation request for `action` on the target's object `name`. */
export function writeRequest(
  target: Target, name: string, action: WriteAction, detail: string | undefined, preview: WriteRequest['preview'],
): Omit<WriteRequest, 'tool' | 'context'> {
  const { resolved } = target;
  const r = resolved.resource;
  return {
    namespace: resolved.namespace ?? '', apiGroup: r.group, apiVersion: r.version, resource: r.plural, kind: r.kind, name,
    action, detail, preview,
  };
}
