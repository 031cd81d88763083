/**
 * Runs the MCP server inside the extension host: createServer + the Streamable HTTP host on 127.0.0.1 with a
 * random port and a bearer token that lives as long as this activation. Restarts (settings changes, the
 * Restart command, a kubeconfig that became readable) keep the token and, when it is free, the port, so
 * clients configured with "Copy MCP Client Configuration" keep working.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { createServer, type K8sMcpService } from '../server/createServer';
import type { ServerHooks } from '../server/hooks';
import { startHttpHost, type HttpHost } from '../server/http/httpHost';
import type { ExtensionSettings } from './settings';

export interface RunningServer {
  readonly service: K8sMcpService;
  readonly host: HttpHost;
  /** Counts (re)starts; part of the definition's version so VS Code reconnects after a restart. */
  readonly generation: number;
}

export interface SelectionMemory {
  get(): { context?: string | undefined; namespace?: string | undefined };
  set(selection: { context: string; namespace?: string | undefined } | undefined): Thenable<void>;
}

export class ServerHost implements vscode.Disposable {
  /** Random per activation; VS Code receives it in the McpHttpServerDefinition headers. */
  readonly token = crypto.randomBytes(32).toString('base64url');
  private current: Promise<RunningServer> | undefined;
  private settled: RunningServer | undefined;
  private generation = 0;
  private lastPort = 0;
  private restarting: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly started = new vscode.EventEmitter<RunningServer>();
  /** Fires after every (re)start. */
  readonly onDidStart = this.started.event;
  private readonly failed = new vscode.EventEmitter<string>();
  /** Fires with the reason when a start fails. */
  readonly onDidFail = this.failed.event;
  /** Why the last start failed; undefined while running or starting. */
  startError: string | undefined;

  constructor(
    private readonly settings: () => ExtensionSettings,
    private readonly memory: SelectionMemory,
    private readonly hooks: ServerHooks,
  ) {}

  /** The running server, starting it on first use. Rejects when it cannot start. */
  running(): Promise<RunningServer> {
    this.current ??= this.start().catch((err: unknown) => {
      this.startError = err instanceof Error ? err.message : String(err);
      this.failed.fire(this.startError);
      throw err;
    });
    return this.current;
  }

  /** The service if it is already up (for synchronous UI refreshes); undefined while starting or failed. */
  get service(): K8sMcpService | undefined {
    return this.settled?.service;
  }

  /** Stops the running server and starts a new one; overlapping calls run one after the other. */
  restart(): Promise<RunningServer> {
    const next = this.restarting.then(async () => {
      const previous = this.current;
      this.current = undefined;
      this.settled = undefined;
      this.startError = undefined;
      const old = await previous?.catch(() => undefined);
      if (old) await stop(old);
      return this.running();
    });
    this.restarting = next.catch(() => undefined);
    return next;
  }

  private async start(): Promise<RunningServer> {
    if (this.disposed) throw new Error('The Kubernetes MCP extension is shutting down.');
    const options = this.settings().server;
    const remembered = this.memory.get();
    let service = createServer({ ...options, context: remembered.context, namespace: remembered.namespace }, this.hooks);
    if (remembered.context && !knowsContext(service, remembered.context)) {
      // The remembered context left the kubeconfig: start on the kubeconfig's current-context instead.
      await service.close();
      await this.memory.set(undefined);
      service = createServer({ ...options }, this.hooks);
    }
    const host = await this.listen(service);
    this.lastPort = host.port;
    const running: RunningServer = { service, host, generation: ++this.generation };
    if (this.disposed) { await stop(running); throw new Error('The Kubernetes MCP extension is shutting down.'); }
    this.settled = running;
    this.startError = undefined;
    this.started.fire(running);
    return running;
  }

  private async listen(service: K8sMcpService): Promise<HttpHost> {
    const opts = { host: '127.0.0.1', authToken: this.token, transports: ['streamable-http' as const] };
    if (this.lastPort) {
      try { return await startHttpHost(service, { ...opts, port: this.lastPort }); } catch { /* taken: new port */ }
    }
    return startHttpHost(service, { ...opts, port: 0 });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.started.dispose();
    this.failed.dispose();
    const running = await this.current?.catch(() => undefined);
    this.current = undefined;
    this.settled = undefined;
    if (running) await stop(running);
  }
}

function knowsContext(service: K8sMcpService, name: string): boolean {
  try { return service.contexts().some((c) => c.name === name); } catch { return true; /* broken kubeconfig: keep it */ }
}

async function stop(running: RunningServer): Promise<void> {
  await running.host.close().catch(() => undefined);
  await running.service.close().catch(() => undefined);
}
