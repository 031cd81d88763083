/**
 * Pod exec over the Kubernetes WebSocket protocol (v5.channel.k8s.io, falling back to v4). Every binary frame
 * starts with a channel byte: 1 stdout, 2 stderr, 3 the final Status (exit code). Output is capped per stream
 * WHILE it arrives, so a command printing 100 MB costs at most the caps in memory. Output is collected and,
 * for a listener (the extension's Exec panel), relayed as it arrives; never written to this process's stdio
 * (in stdio mode that is the MCP channel).
 */
import type * as http from 'node:http';
import type * as https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import WebSocket from 'ws';
import { CappedBuffer } from '../client/cappedBuffer';
import type { ClusterClient } from '../client/clusterClient';
import { settleOnce } from '../client/settleOnce';
import { K8sError } from '../errors';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';
import { errorFromResponse, type KubeStatus } from '../client/statusErrors';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
export const MAX_STREAM_BYTES = 1024 * 1024;

export interface ExecInput {
  command: string[];
  container?: string | undefined;
  timeoutMs: number;
  /** The largest timeout the agent may ask for, named when this one was too short. */
  maxTimeoutSeconds: number;
  signal?: AbortSignal | undefined;
  /** Per-stream cap; default 1 MiB. */
  maxBytes?: number | undefined;
  /** Called every `progressEveryMs` while the command runs (a long exec otherwise looks hung). */
  onProgress?: ((progress: ExecProgress) => void) | undefined;
  progressEveryMs?: number | undefined;
  /** Receives what the caps keep of each stream as it arrives, as text (a character split across frames waits for its rest). */
  onOutput?: ((stream: ExecStream, text: string) => void) | undefined;
}

export type ExecStream = 'stdout' | 'stderr';

export interface ExecProgress {
  elapsedMs: number;
  /** Bytes received so far on each stream, including what the caps drop. */
  stdoutBytes: number;
  stderrBytes: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** From the Status on channel 3; null when the command never reported one (timeout, failure to start). */
  exitCode: number | null;
  timedOut: boolean;
  error: string | null;
  protocol: string;
}

/** Relays kept output to onOutput as UTF-8 text; nothing at all without a listener. */
function outputRelay(onOutput: ExecInput['onOutput']): { push(stream: ExecStream, kept: Buffer): void; end(): void } {
  if (!onOutput) return { push: () => undefined, end: () => undefined };
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  return {
    push(stream, kept) {
      const text = kept.length ? decoders[stream].write(kept) : '';
      if (text) onOutput(stream, text);
    },
    end() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = decoders[stream].end();
        if (rest) onOutput(stream, rest);
      }
    },
  };
}

function pickTls(tls: https.AgentOptions): Record<string, unknown> {
  const { ca, cert, key, rejectUnauthorized, servername } = tls;
  return Object.fromEntries(Object.entries({ ca, cert, key, rejectUnauthorized, servername }).filter(([, v]) => v !== undefined));
}

/** Success → 0; NonZeroExitCode carries the code in details.causes[reason=ExitCode]. */
export function exitCodeFromStatus(status: KubeStatus): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause ? Number(cause.message) : NaN;
  return Number.isInteger(code) ? code : null;
}

export async function execInPod(client: ClusterClient, pod: ResolvedAddress, input: ExecInput): Promise<ExecResult> {
  const cap = input.maxBytes ?? MAX_STREAM_BYTES;
  const path = objectPath(pod, 'exec');
  const query = { command: input.command, container: input.container, stdout: true, stderr: true };
  const conn = await client.connectionOptions(path, query, input.signal);
  const url = new URL(conn.url.toString());
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  // Copies: each payload is a view into ws's receive buffer.
  const stdout = new CappedBuffer(cap, { copy: true });
  const stderr = new CappedBuffer(cap, { copy: true });
  const relay = outputRelay(input.onOutput);
  const seconds = Math.round(input.timeoutMs / 1000);

  return settleOnce<ExecResult>(input.signal, (settle) => {
    let status: KubeStatus | undefined;
    let timedOut = false;
    /** The upgrade completed: from then on the API server relays to the kubelet. */
    let opened = false;
    let connectionError: (Error & { code?: string }) | undefined;
    let closeCode: number | undefined;
    const ws = new WebSocket(url, EXEC_PROTOCOLS, {
      headers: conn.headers,
      // CA, client certificate, skip-verify and SNI name of the context (passed through to tls.connect).
      ...pickTls(conn.tls),
      ...(conn.agent ? { agent: conn.agent } : {}),
      handshakeTimeout: Math.min(input.timeoutMs, 30_000),
      // A frame can never usefully exceed what we keep; bigger ones are a protocol abuse.
      maxPayload: 16 * 1024 * 1024,
    });
    const started = Date.now();
    const ticker = input.onProgress ? setInterval(() => {
      input.onProgress!({ elapsedMs: Date.now() - started, stdoutBytes: stdout.received, stderrBytes: stderr.received });
    }, input.progressEveryMs ?? 3000) : undefined;
    // The command's own timeout (the agent's `timeout`) ends it with a result saying so; the call's deadline,
    // a few seconds later, is the signal's.
    const timer = setTimeout(() => {
      timedOut = true;
      ws.terminate();
      finish();
    }, input.timeoutMs);
    settle.onSettled(() => {
      clearInterval(ticker);
      clearTimeout(timer);
      relay.end();
    });
    const fail = (err: K8sError): void => {
      if (settle.reject(err)) ws.terminate();
    };
    const finish = (): void => {
      if (settle.settled) return;
      const exitCode = status ? exitCodeFromStatus(status) : null;
      let error: string | null = null;
      if (timedOut) error = `The command did not finish within ${seconds} s; the connection was closed (the process may still run in the container). Raise timeout (max ${input.maxTimeoutSeconds}) or run it in the background.`;
      else if (status && status.status !== 'Success' && exitCode === null) error = status.message ?? 'The command failed to start.';
      else if (!status) error = closedWithoutStatus(closeCode, conn.route);
      settle.resolve({
        stdout: stdout.text(), stderr: stderr.text(), stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated,
        exitCode, timedOut, error, protocol: ws.protocol,
      });
    };

    ws.on('unexpected-response', (_req: http.ClientRequest, res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { if (chunks.length < 64) chunks.push(c); });
      res.on('end', () => fail(errorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks), `exec in pod "${pod.name}"`)));
      res.on('error', () => fail(new K8sError('unavailable', `exec in pod "${pod.name}": the API server refused the WebSocket upgrade (HTTP ${res.statusCode}).`)));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary || data.length === 0) return;
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === 1) relay.push('stdout', stdout.push(payload));
      else if (channel === 2) relay.push('stderr', stderr.push(payload));
      else if (channel === 3 && payload.length > 0) {
        try {
          status = JSON.parse(payload.toString('utf8')) as KubeStatus;
        } catch {
          status = { status: 'Failure', message: payload.toString('utf8').slice(0, 500) };
        }
      }
    });
    ws.on('open', () => { opened = true; });
    // ws always emits 'close' after 'error', before or after the upgrade.
    ws.on('error', (err: Error & { code?: string }) => { connectionError = err; });
    ws.on('close', (code: number) => {
      closeCode = code;
      if (opened) finish();
      else fail(upgradeFailed(pod.name ?? '', conn.route, connectionError));
    });
    return () => fail(new K8sError('cancelled', `exec in pod "${pod.name}" was cancelled.`));
  });
}

/** The WebSocket never opened: nothing reached the kubelet, so the message names the connection that failed. */
function upgradeFailed(podName: string, route: string, err: (Error & { code?: string }) | undefined): K8sError {
  const reason = err ? err.code ?? err.message.split('\n')[0] : 'closed';
  if (err?.code === 'ECONNREFUSED' || err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') {
    return new K8sError('unavailable', `exec in pod "${podName}" could not connect to ${route}: ${reason}. Nothing ran.`);
  }
  return new K8sError('unavailable', `exec in pod "${podName}": the connection to ${route} closed during the WebSocket upgrade (${reason}), ` +
    'before the command reached the kubelet; nothing ran. Retry; if it keeps happening, a proxy or load balancer on the way may not pass WebSocket upgrades.');
}

/** The stream ended without the exit status on channel 3: say which side ended it, without guessing further. */
function closedWithoutStatus(code: number | undefined, route: string): string {
  // 1006: the TCP connection ended without a close frame (a reset, a proxy or load balancer timing out).
  if (code === 1006 || code === undefined) {
    return `The connection to ${route} broke before the command reported an exit status; it may have run, partly or fully.`;
  }
  return `The API server ended the exec stream (WebSocket close code ${code}) without an exit status; the command may have run, partly or fully.`;
}
