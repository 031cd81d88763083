// pods/{name}/exec over WebSocket, as the apiserver proxies it to the kubelet. Checks happen in the real
// order (pod, container, node, phase, then the upgrade itself: a plain request is "Upgrade request required",
// 066). The kubelet picks the first offered subprotocol it supports (v5, v4, v4.base64; v4 only like a 1.25
// kubelet when faults.execV4Only); none supported is a bare 403 (128). Frames: the channel byte first, an
// empty "streams ready" frame on the lowest output channel, output on 1/2, the final Status on 3, close 1000.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KObject, ResourceDef } from './types';
import type { ApiContext, ServerState } from './apiContext';
import { queryFlag, queryValues } from './apiContext';
import { errors, type ApiError } from './statusErrors';
import { resolveContainer } from './podLogs';
import { runFakeCommand, type ExecIO } from './execCommands';
import { sendExecFrames } from './execFrames';

const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';
const V4_BASE64 = 'v4.base64.channel.k8s.io';

/** Validates an exec request before any upgrade; returns the pod and container. */
export function checkExec(ctx: Pick<ApiContext, 'info' | 'query' | 'state'>, def: ResourceDef): { pod: KObject; container: string; command: string[] } {
  const name = String(ctx.info.name);
  const pod = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!pod) throw errors.notFound({ group: '', resource: 'pods' }, name);
  const container = resolveContainer(pod, queryValues(ctx.query, 'container')[0]);
  if (!pod.spec?.nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw errors.badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const { query } = ctx;
  if (!queryFlag(query, 'stdin') && !queryFlag(query, 'stdout') && !queryFlag(query, 'stderr')) {
    throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  const command = queryValues(query, 'command');
  if (!command.length) throw errors.badRequest('you must specify at least one command for the container');
  return { pod, container, command };
}

/** The non-upgrade path (POST or GET without Upgrade headers). */
export function handleExecWithoutUpgrade(ctx: ApiContext, def: ResourceDef): void {
  checkExec(ctx, def);
  throw errors.badRequest('Upgrade request required');
}

export function chooseProtocol(offered: string | undefined, v4Only: boolean): string | undefined {
  const supported = v4Only ? [V4, V4_BASE64] : [V5, V4, V4_BASE64];
  const list = (offered ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return list.find((p) => supported.includes(p));
}

/** Writes an HTTP error on a socket that was never upgraded. */
export function writeRawError(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.status);
  const headers = [
    `HTTP/1.1 ${err.code} ${err.code === 403 ? 'Forbidden' : err.code === 404 ? 'Not Found' : err.code === 401 ? 'Unauthorized' : err.code === 400 ? 'Bad Request' : 'Error'}`,
    'Cache-Control: no-cache, private',
    'Content-Type: application/json',
    ...Object.entries(err.headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

export function createExecServer(): WebSocketServer {
  // The protocol is chosen before the upgrade (so a refusal can be a bare 403) and stashed on the request.
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (_protocols: Set<string>, req: http.IncomingMessage) =>
      (req as http.IncomingMessage & { execProtocol?: string }).execProtocol ?? false,
  });
}

export function handleExecUpgrade(
  wss: WebSocketServer,
  ctx: Pick<ApiContext, 'info' | 'query' | 'state'>,
  def: ResourceDef,
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const { pod, container, command } = checkExec(ctx, def);
  const protocol = chooseProtocol(req.headers['sec-websocket-protocol'], ctx.state.faults.execV4Only);
  if (!protocol) {
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    return;
  }
  (req as http.IncomingMessage & { execProtocol?: string }).execProtocol = protocol;
  wss.handleUpgrade(req, socket, head, (ws) => void runSession(ws, protocol, ctx.state, ctx.query, pod, container, command));
}

async function runSession(ws: WebSocket, protocol: string, state: ServerState, query: ApiContext['query'], pod: KObject, container: string, command: string[]): Promise<void> {
  const frames = sendExecFrames(ws, protocol === V4_BASE64);
  let closed = false;
  const stdinChunks: Buffer[] = [];
  let stdinOpen = queryFlag(query, 'stdin');
  let wake: (() => void) | undefined;
  const poke = (): void => {
    wake?.();
    wake = undefined;
  };
  const terminate = (): void => ws.terminate();
  state.streams.add(terminate);
  // A connection lost mid-command (faults.execResetAfterMs): the socket ends without a close frame.
  const reset = state.faults.execResetAfterMs > 0 ? setTimeout(terminate, state.faults.execResetAfterMs) : undefined;
  ws.on('close', () => {
    clearTimeout(reset);
    closed = true;
    stdinOpen = false;
    state.streams.delete(terminate);
    poke();
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const msg = isBinary ? data : Buffer.from(String(data).slice(1), 'base64');
    const channel = isBinary ? data[0] : Number(String(data)[0]);
    const payload = isBinary ? msg.subarray(1) : msg;
    // v5 adds a close signal: [255, channel].
    if (channel === 255 && protocol === V5 && payload[0] === 0) stdinOpen = false;
    else if (channel === 0 && payload.length) stdinChunks.push(Buffer.from(payload));
    poke();
  });
  const wantOut = queryFlag(query, 'stdout');
  const wantErr = queryFlag(query, 'stderr');
  const io: ExecIO = {
    stdout: (d) => (wantOut && !closed ? frames.send(1, d) : Promise.resolve()),
    stderr: (d) => (wantErr && !closed ? frames.send(2, d) : Promise.resolve()),
    cancelled: () => closed,
    readStdin: async () => {
      for (;;) {
        const chunk = stdinChunks.shift();
        if (chunk) return chunk;
        if (!stdinOpen || closed) return null;
        await new Promise<void>((r) => (wake = r));
      }
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(done, ms);
        function done(): void {
          clearTimeout(t);
          ws.off('close', done);
          resolve();
        }
        ws.once('close', done);
      }),
  };
  await frames.send(wantOut ? 1 : 2, '');
  const outcome = await runFakeCommand(command, { pod, container }, io);
  if (closed) return;
  let status: KObject;
  if ('notFound' in outcome) {
    const id = randomBytes(32).toString('hex');
    const cause = `error executing command in container: failed to exec in container: failed to start exec ${JSON.stringify(id)}: OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(outcome.notFound)}: executable file not found in $PATH: unknown`;
    status = { metadata: {}, status: 'Failure', message: `Internal error occurred: ${cause}`, reason: 'InternalError', details: { causes: [{ message: cause }] }, code: 500 };
  } else if (outcome.exitCode !== 0) {
    status = {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${outcome.exitCode}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
    };
  } else status = { metadata: {}, status: 'Success' };
  await frames.send(3, JSON.stringify(status));
  ws.close(1000);
}
