/**
 * How the command-line process ends. A stdio server lives exactly as long as its client: when the client goes
 * away its pipes close, and the server must notice and exit rather than outlive it. The failure this answers:
 * a client killed during a call left the server writing its answer to a dead stdout, logging that failure to an
 * equally dead stderr, each failure raising the next, at 100% of a core for ever. So: a broken stdout or stderr
 * (EPIPE, EIO, destroyed) ends the process, logging never throws and never writes to a stream known broken,
 * and every shutdown is bounded by a timer.
 */
import * as fs from 'node:fs';

/** How long closing sessions and sockets may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 1000;

interface Output {
  write(text: string): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  destroyed?: boolean;
  writable?: boolean;
}

/** The parts of `process` the lifecycle uses; tests pass doubles. */
export interface ProcessIo {
  stdin: { once(event: 'end' | 'error', listener: (err: Error) => void): unknown };
  stdout: Output;
  stderr: Output;
  onSignal(signal: NodeJS.Signals, listener: () => void): void;
  exit(code: number): void;
}

const nodeProcess: ProcessIo = {
  // Read lazily: only the stdio transport touches stdin.
  get stdin() { return process.stdin; },
  stdout: process.stdout,
  stderr: process.stderr,
  onSignal: (signal, listener) => { process.on(signal, listener); },
  exit: (code) => process.exit(code),
};

/**
 * True when stdin is a pipe or a socket, i.e. another program started us to talk over stdio (MCP clients do).
 * A terminal, /dev/null (containers, services) or a file is not a client.
 */
export function stdinIsPipe(): boolean {
  try {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

export class ProcessLifecycle {
  private stderrBroken = false;
  private ending = false;
  private cleanup: () => Promise<void> = () => Promise.resolve();
  /** Resolves when stdout or stderr breaks: from then on nobody can receive an answer, so waiting is pointless. */
  private readonly outputGone: Promise<void>;
  private markOutputGone: () => void = () => undefined;

  constructor(private readonly io: ProcessIo = nodeProcess) {
    this.outputGone = new Promise((resolve) => { this.markOutputGone = resolve; });
    // An 'error' listener keeps a broken pipe from becoming an uncaught exception (which would be logged, to a
    // stream that may be the broken one).
    io.stdout.on('error', (err: Error) => {
      this.markOutputGone();
      this.end(`stdout closed (${errorCode(err)})`);
    });
    io.stderr.on('error', (err: Error) => {
      this.stderrBroken = true;
      this.markOutputGone();
      this.end(`stderr closed (${errorCode(err)})`);
    });
    io.onSignal('SIGTERM', () => this.end('SIGTERM'));
    io.onSignal('SIGINT', () => this.end('SIGINT'));
  }

  /** Writes one line to stderr; never throws, and does nothing once stderr is gone. */
  readonly log = (level: string, message: string): void => {
    this.writeStderr(`[k8s-mcp-interface] ${level}: ${message}\n`);
  };

  writeStderr(text: string): void {
    const stderr = this.io.stderr;
    if (this.stderrBroken || stderr.destroyed === true || stderr.writable === false) return;
    try {
      stderr.write(text);
    } catch {
      this.stderrBroken = true;
    }
  }

  /** What shutting down closes (sessions, the HTTP listener); replaced as the server comes up. */
  onShutdown(cleanup: () => Promise<void>): void {
    this.cleanup = cleanup;
  }

  /**
   * stdio only: the client closing stdin (or stdin failing) is the end of the session. `pending` resolves once
   * the requests already read are answered, so `printf '…' | k8s-mcp-interface` still gets its answers.
   */
  endWhenStdinCloses(pending: () => Promise<void>): void {
    this.io.stdin.once('end', () => this.end('stdin closed', pending()));
    this.io.stdin.once('error', (err: Error) => this.end(`stdin failed (${errorCode(err)})`));
  }

  /**
   * Ends the process (once, exit code 0: the client or the user asked for it): waits for `before` unless the
   * output breaks meanwhile, runs the clean-up, exits; all within SHUTDOWN_GRACE_MS.
   */
  end(reason: string, before: Promise<void> = Promise.resolve()): void {
    if (this.ending) return;
    this.ending = true;
    this.log('info', `stopping: ${reason}`);
    setTimeout(() => this.io.exit(0), SHUTDOWN_GRACE_MS);
    void Promise.race([before, this.outputGone])
      .then(() => this.cleanup())
      .catch(() => undefined)
      .then(() => this.io.exit(0));
  }
}

function errorCode(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? err.message;
}
