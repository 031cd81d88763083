/**
 * The checks every HTTP request passes before MCP sees it. DNS-rebinding protection: a web page on
 * evil.example that resolves its name to 127.0.0.1 can reach a loopback server, but its requests carry
 * `Host: evil.example` and an `Origin` of that page. Only the names of this machine (and the bound address) are
 * accepted. Then the bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

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
  const host = hostHeader.toLowerCase(); // host names are case-insensitive
  return names.some((n) => host === n || host === `${n}:${port}`);
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
  // A page served from this machine (the MCP Inspector on localhost:6274, say) may call us from any port; the
  // bearer token still guards the server. Other names must be the bound one, on our port.
  if (LOOPBACK_NAMES.includes(host)) return true;
  return allowedNames(boundHost).includes(host) && (url.port === '' || Number(url.port) === port);
}

/** CORS headers for an allowed browser Origin: browser clients need them to send and read MCP requests. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID',
    'Access-Control-Expose-Headers': 'Mcp-Session-Id, Mcp-Protocol-Version',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/**
 * Whether an Authorization header carries `token` as a bearer credential. The scheme is case-insensitive
 * (RFC 7235 §2.1: `bearer x` is as valid as `Bearer x`); the token itself is compared exactly.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const credentials = /^bearer[ \t]+(.*)$/i.exec(header ?? '')?.[1]?.trim();
  if (credentials === undefined) return false;
  // Compare digests so the comparison time depends neither on where the strings differ nor on their lengths.
  const given = createHash('sha256').update(credentials).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}
