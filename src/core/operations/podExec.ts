/**
 * Pod exec over the Kubernetes WebSocket protocol (v5.channel.k8s.io, falling back to v4). Every binary frame
 * starts with a channel byte: 1 stdout, 2 stderr, 3 the final Status (exit code). Output is capped per stream
 * WHILE it arrives, so a command printing 100 MB costs at most the caps in memory. Output is collected and,
 * for a listener (the extension's Exec panel), relayed as it arrives; never written to this process's stdio
 * (in stdio mode that is the MCP channel).
 */
import type * as http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { CappedBuffer } from '../client/cappedBuffer';
import type { ClusterClient } from '../client/clusterClient';
import { settleOnce } from '../client/settleOnce';
import { K8sError } from '../errors';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';
import type { KubeStatus } from '../client/statusErrors';
import { openExecSocket, refusedUpgrade, statusFrame, upgradeFailed } from './execSocket';

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

/** Success → 0; NonZeroExitCode carries the code in details.causes[reason=ExitCode]. */
export function exitCodeFromStatus(status: KubeStatus): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause ? Number(cause.message) : NaN;
  return Number.isInteger(code) ? code : null;
}

/** How the exchange ended, besides the output: what makes the result's `exitCode` and `error`. */
interface ExecEnd {
  status: KubeStatus | undefined;
  timedOut: boolean;
  closeCode: number | undefined;
}

export async function execInPod(client: ClusterClient, pod: ResolvedAddress, input: ExecInput): Promise<ExecResult> {
  const query = { command: input.command, container: input.container, stdout: true, stderr: true };
  const conn = await client.connectionOptions(objectPath(pod, 'exec'), query, input.signal);
  const cap = input.maxBytes ?? MAX_STREAM_BYTES;
  // Each payload is a view into ws's receive buffer: CappedBuffer decodes it at once and keeps only the text.
  const streams: ExecStreams = { stdout: new CappedBuffer(cap), stderr: new CappedBuffer(cap) };
  const relay = outputRelay(input.onOutput);
  const podName = pod.name ?? '';

  return settleOnce<ExecResult>(input.signal, (settle) => {
    const ws = openExecSocket(conn, input.timeoutMs);
    const end: ExecEnd = { status: undefined, timedOut: false, closeCode: undefined };
    /** The upgrade completed: from then on the API server relays to the kubelet. */
    let opened = false;
    let connectionError: (Error & { code?: string }) | undefined;
    const fail = (err: K8sError): void => {
      if (settle.reject(err)) ws.terminate();
    };
    const finish = (): void => {
      if (!settle.settled) settle.resolve(execResult(streams, end, ws.protocol, { ...input, route: conn.route }));
    };
    // The command's own timeout (the agent's `timeout`) ends it with a result saying so; the call's deadline,
    // a few seconds later, is the signal's.
    const timer = setTimeout(() => {
      end.timedOut = true;
      ws.terminate();
      finish();
    }, input.timeoutMs);
    const ticker = progressTicker(input, streams);
    settle.onSettled(() => {
      clearInterval(ticker);
      clearTimeout(timer);
      relay.end();
    });

    ws.on('unexpected-response', (_req: http.ClientRequest, res: http.IncomingMessage) => refusedUpgrade(res, podName, fail));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary || data.length === 0) return;
      const payload = data.subarray(1);
      if (data[0] === 1) relay.push('stdout', streams.stdout.push(payload));
      else if (data[0] === 2) relay.push('stderr', streams.stderr.push(payload));
      else if (data[0] === 3 && payload.length > 0) end.status = statusFrame(payload);
    });
    ws.on('open', () => { opened = true; });
    // ws always emits 'close' after 'error', before or after the upgrade.
    ws.on('error', (err: Error & { code?: string }) => { connectionError = err; });
    ws.on('close', (code: number) => {
      end.closeCode = code;
      if (opened) finish();
      else fail(upgradeFailed(podName, conn.route, connectionError));
    });
    return () => fail(new K8sError('cancelled', `exec in pod "${pod.name}" was cancelled.`));
  });
}

type ExecStreams = Record<ExecStream, CappedBuffer>;

/** Tells onProgress how long the command has run and how much it printed (a long exec otherwise looks hung). */
function progressTicker(input: ExecInput, streams: ExecStreams): NodeJS.Timeout | undefined {
  const onProgress = input.onProgress;
  if (!onProgress) return undefined;
  const started = Date.now();
  return setInterval(() => {
    onProgress({ elapsedMs: Date.now() - started, stdoutBytes: streams.stdout.received, stderrBytes: streams.stderr.received });
  }, input.progressEveryMs ?? 3000);
}

function execResult(
  streams: ExecStreams, end: ExecEnd, protocol: string, limits: { timeoutMs: number; maxTimeoutSeconds: number; route: string },
): ExecResult {
  const { status, timedOut } = end;
  const exitCode = status ? exitCodeFromStatus(status) : null;
  let error: string | null = null;
  if (timedOut) {
    error = `The command did not finish within ${Math.round(limits.timeoutMs / 1000)} s; the connection was closed (the process may still run in the container). ` +
      `Raise timeout (max ${limits.maxTimeoutSeconds}) or run it in the background.`;
  } else if (status && status.status !== 'Success' && exitCode === null) error = status.message ?? 'The command failed to start.';
  else if (!status) error = closedWithoutStatus(end.closeCode, limits.route);
  const { stdout, stderr } = streams;
  return {
    stdout: stdout.text(), stderr: stderr.text(), stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated,
    exitCode, timedOut, error, protocol,
  };
}

/** The stream ended without the exit status on channel 3: say which side ended it, without guessing further. */
function closedWithoutStatus(code: number | undefined, route: string): string {
  // 1006: the TCP connection ended without a close frame (a reset, a proxy or load balancer timing out).
  if (code === 1006 || code === undefined) {
    return `The connection to ${route} broke before the command reported an exit status; it may have run, partly or fully.`;
  }
  return `The API server ended the exec stream (WebSocket close code ${code}) without an exit status; the command may have run, partly or fully.`;
}
