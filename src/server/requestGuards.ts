/**
 * DNS-rebinding protection: a web page on evil.example that resolves its name to 127.0.0.1 can reach a
 * loopback server, but its requests carry `Host: evil.example` and an `Origin` of that page. Only the names
 * of this machine (and the bound address) are accepted.
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

function allowedNames(boundHost: string): string[] {
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  return bound === '0.0.0.0' || bound === '[::]' ? LOOPBACK_NAMES : [...new Set([...LOOPBACK_NAMES, bound])];
}

export function isAllowedHost(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const names = allowedNames(boundHost);
  // A wildcard bind serves whatever name the clients use; the bearer token (required there) protects it.
  if (boundHost === '0.0.0.0' || boundHost === '::') return true;
  return names.some((n) => hostHeader === n || hostHeader === `${n}:${port}`);
}

export function isAllowedOrigin(origin: string | undefined, boundHost: string, port: number): boolean {
  // Non-browser clients (VS Code, the SDK, curl) send no Origin.
  if (origin === undefined) return true;
  if (origin.startsWith('vscode-file://') || origin.startsWith('vscode-webview://')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname; // WHATWG URLs keep IPv6 brackets: [::1]
  return allowedNames(boundHost).includes(host) && (url.port === '' || Number(url.port) === port);
}
