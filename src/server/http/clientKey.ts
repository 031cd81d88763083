/**
 * Which client a request comes from, for the per-client rate-limit budget (SPEC §4): its address, or behind a
 * trusted proxy the address the proxy appended to X-Forwarded-For.
 */
import type * as http from 'node:http';

/**
 * Behind a proxy (ToolHive, an ingress) every client arrives from the proxy's address and would share one
 * budget. With `trustForwardedFor` the client is the address the proxy appended last to X-Forwarded-For: the
 * one entry a client cannot forge through that proxy.
 */
export function clientKeyOf(req: http.IncomingMessage, trustForwardedFor: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustForwardedFor) return direct;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean).at(-1);
  return forwarded ? forwarded.slice(0, 64) : direct;
}
