/**
 * Arguments as shown in the activity log: a manifest that is a Secret has its values masked, long strings are
 * cut. The agent's own input is not secret in general, but Secret manifests it applies are.
 */
import { maskSecretsDeep } from '../../core/shaping/secretMasking';
import { parseManifestLoosely } from '../writes/manifestPreview';

export function maskArguments(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'payload_manifest' || key === 'request_payload') {
      out[key] = maskSecretsDeep(parseManifestLoosely(value));
    } else if (typeof value === 'string' && value.length > 500) {
      out[key] = `${value.slice(0, 500)}…`;
    } else {
      out[key] = value;
    }
  }
  return out;
}
