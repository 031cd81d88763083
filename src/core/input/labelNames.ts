/**
 * What a label key and a label value may be, in the API server's words (apimachinery's validation.IsQualifiedName
 * and IsValidLabelValue): the selector parser names the rule a key or value breaks.
 */
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX } from './validation';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS-1123 subdomain ≤ 253, name ≤ 63. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'a label key is a name with an optional DNS subdomain prefix and one "/" (e.g. "app" or "example.com/tier")';
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  if (prefix !== undefined) {
    if (prefix === '') return 'prefix part must be non-empty';
    if (prefix.length > DNS1123_SUBDOMAIN_MAX) return `prefix part must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`;
    if (!DNS1123_SUBDOMAIN.test(prefix)) {
      return 'prefix part must be a lowercase DNS subdomain (e.g. "example.com")';
    }
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
      "alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and " +
      "must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')";
  }
  return undefined;
}
