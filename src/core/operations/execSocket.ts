/**
 * The WebSocket of a pod exec (v5.channel.k8s.io, falling back to v4) and what the API server says over it
 * outside the output: the refused or broken upgrade, and the final Status frame.
 */
import type * as http from 'node:http';
import type * as https from 'node:https';
import WebSocket from 'ws';
import type { ConnectionOptions } from '../client/clusterClient';
import { errorFromResponse, type KubeStatus } from '../client/statusErrors';
import { K8sError } from '../errors';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** Opens the exec WebSocket with the context's URL, auth headers, TLS material and proxy. */
export function openExecSocket(conn: ConnectionOptions, timeoutMs: number): WebSocket {
  const url = new URL(conn.url.toString());
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return new WebSocket(url, EXEC_PROTOCOLS, {
    headers: conn.headers,
    // CA, client certificate, skip-verify and SNI name of the context (passed through to tls.connect).
    ...pickTls(conn.tls),
    ...(conn.agent ? { agent: conn.agent } : {}),
    handshakeTimeout: Math.min(timeoutMs, 30_000),
    // A frame can never usefully exceed what we keep; bigger ones are a protocol abuse.
    maxPayload: 16 * 1024 * 1024,
  });
}

function pickTls(tls: https.AgentOptions): Record<string, unknown> {
  const { ca, cert, key, rejectUnauthorized, servername } = tls;
  return Object.fromEntries(Object.entries({ ca, cert, key, rejectUnauthorized, servername }).filter(([, v]) => v !== undefined));
}

/** Channel 3: the command's final Status (exit code); a frame that is not JSON is a failure saying what came. */
export function statusFrame(payload: Buffer): KubeStatus {
  try {
    return JSON.parse(payload.toString('utf8')) as KubeStatus;
  } catch {
    return { status: 'Failure', message: payload.toString('utf8').slice(0, 500) };
  }
}

/** The API server answered the upgrade with HTTP (403, 404, …): `fail` gets its Status, translated. */
export function refusedUpgrade(res: http.IncomingMessage, podName: string, fail: (err: K8sError) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => { if (chunks.length < 64) chunks.push(c); });
  res.on('end', () => fail(errorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks), `exec in pod "${podName}"`)));
  res.on('error', () => fail(new K8sError('unavailable', `exec in pod "${podName}": the API server refused the WebSocket upgrade (HTTP ${res.statusCode}).`)));
}

/** The WebSocket never opened: nothing reached the kubelet, so the message names the connection that failed. */
export function upgradeFailed(podName: string, route: string, err: (Error & { code?: string }) | undefined): K8sError {
  const reason = err ? err.code ?? err.message.split('\n')[0] : 'closed';
  if (err?.code === 'ECONNREFUSED' || err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') {
    return new K8sError('unavailable', `exec in pod "${podName}" could not connect to ${route}: ${reason}. Nothing ran.`);
  }
  return new K8sError('unavailable', `exec in pod "${podName}": the connection to ${route} closed during the WebSocket upgrade (${reason}), ` +
    'before the command reached the kubelet; nothing ran. Retry; if it keeps happening, a proxy or load balancer on the way may not pass WebSocket upgrades.');
}
