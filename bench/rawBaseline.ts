/**
 * The baseline every benchmark row compares against: the same request made raw, with client-node's credentials
 * for the context and a keep-alive agent (HTTPS GET/PATCH, and a WebSocket exec).
 */
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';

export interface RawBaseline {
  /** GET; resolves with the number of body bytes. */
  get(path: string, accept?: string): Promise<number>;
  /** GET; resolves with the body (for the in-process rows, which shape a real answer). */
  read(path: string, accept: string): Promise<Buffer>;
  /** Server-side apply of a JSON body with fieldManager=bench. */
  apply(path: string, body: string, dryRun: boolean): Promise<void>;
  /** An exec over WebSocket, resolved when the server closes after the status frame. */
  exec(path: string): Promise<void>;
}

export async function rawBaseline(kubeconfig: string, context?: string): Promise<RawBaseline> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  if (context) kc.setCurrentContext(context);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const server = new URL(kc.getCurrentCluster()!.server);
  const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized };
  const agent = new https.Agent({ keepAlive: true, ...tls });
  const headers = opts.headers as Record<string, string>;
  const send = (method: string, path: string, extra: Record<string, string>, body?: string) => new Promise<number>((resolve, reject) => {
    const options = { host: server.hostname, port: server.port, path, method, agent, headers: { ...headers, ...extra } };
    const req = https.request(options, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve(bytes));
    });
    req.on('error', reject);
    req.end(body);
  });
  const read = (path: string, accept: string) => new Promise<Buffer>((resolve, reject) => {
    https.get({ host: server.hostname, port: server.port, path, agent, headers: { ...headers, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
  return {
    get: (path, accept = 'application/json') => send('GET', path, { Accept: accept }),
    read,
    apply: async (path, body, dryRun) => {
      await send('PATCH', `${path}?fieldManager=bench${dryRun ? '&dryRun=All' : ''}`, { 'Content-Type': 'application/apply-patch+yaml', Accept: 'application/json' }, body);
    },
    exec: (path) => new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`wss://${server.host}${path}`, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], { ...tls, headers });
      ws.on('message', (data: Buffer) => { if (data[0] === 3) ws.close(); });
      ws.on('close', () => resolve());
      ws.on('error', reject);
    }),
  };
}
