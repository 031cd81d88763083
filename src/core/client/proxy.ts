/**
 * Which proxy a connection to the API server goes through, decided as kubectl (Go's net/http) decides it: the
 * cluster's `proxy-url`, else HTTPS_PROXY or HTTP_PROXY by the server's scheme unless NO_PROXY matches; an
 * environment proxy is never used for localhost or loopback addresses.
 */
import type * as http from 'node:http';
import type * as https from 'node:https';
import * as net from 'node:net';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

/** Go's rule (net/http/httpproxy): localhost and loopback addresses never go through HTTPS_PROXY/HTTP_PROXY. */
function bypassesEnvironmentProxy(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const ip = host.replace(/^\[|\]$/g, '');
  return (net.isIPv4(ip) && ip.startsWith('127.')) || ip === '::1';
}

/** NO_PROXY: `*`, host names (a leading dot or not, both match subdomains), IPs and CIDRs, each with an optional port. */
export function noProxyMatches(host: string, port: string, noProxy: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (raw === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(raw.startsWith('[') ? raw.replace(/^\[([^\]]+)\]/, '$1') : raw)!;
    const [entry, entryPort] = [m[1]!, m[2]];
    if (entryPort && entryPort !== port) continue;
    if (entry.includes('/')) {
      const [base, bits] = entry.split('/');
      const family = net.isIPv6(base!) ? 'ipv6' : 'ipv4';
      if (!net.isIP(bare) || !net.isIP(base!)) continue;
      const list = new net.BlockList();
      list.addSubnet(base!, Number(bits), family);
      if (list.check(bare, net.isIPv6(bare) ? 'ipv6' : 'ipv4')) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, '');
    if (bare === domain || bare.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The proxy for `server`, or undefined for a direct connection. */
export function proxyFor(server: URL, proxyUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (proxyUrl) return new URL(proxyUrl);
  const value = envValue(env, server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  if (!value || bypassesEnvironmentProxy(server.hostname)) return undefined;
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  if (noProxyMatches(server.hostname, port, envValue(env, 'NO_PROXY') ?? '')) return undefined;
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
}

/** A keep-alive agent that reaches `server` through `proxy` (HTTP CONNECT, plain HTTP or SOCKS), with `tls` for the server. */
export function proxyAgent(proxy: URL, server: URL, tls: https.AgentOptions, keepAlive = true): http.Agent {
  const options = { keepAlive, maxSockets: 64, ...tls };
  if (proxy.protocol.startsWith('socks')) return new SocksProxyAgent(proxy, options);
  if (server.protocol === 'https:') return new HttpsProxyAgent(proxy, options);
  return new HttpProxyAgent(proxy, { keepAlive, maxSockets: 64 });
}
