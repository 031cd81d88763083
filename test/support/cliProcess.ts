/**
 * Starting the built command-line program (dist/cli.js, as `npx k8s-mcp-interface` runs it) in tests, and
 * talking raw JSON-RPC to it over its pipes where the SDK client would hide what is on the wire.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './repoRoot';

export const CLI = path.join(repoRoot(), 'dist', 'cli.js');

export interface CliRun { code: number | null; stdout: string; stderr: string }

interface SpawnOptions {
  /** 'ignore' (default) gives the program /dev/null, as a service manager would; 'pipe' is how MCP clients start it. */
  stdin?: 'ignore' | 'pipe';
  env?: NodeJS.ProcessEnv;
}

function spawnCli(args: string[], options: SpawnOptions): ChildProcess {
  const stdio: StdioOptions = [options.stdin ?? 'ignore', 'pipe', 'pipe'];
  return spawn(process.execPath, [CLI, ...args], { stdio, env: options.env ?? process.env });
}

/** Runs the program to its end. */
export function runCli(args: string[], options: SpawnOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a network transport on a free port and resolves with its URL once it logs that it serves. */
export function startHttpCli(args: string[], options: SpawnOptions = {}): Promise<{ child: ChildProcess; base: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(['--port', '0', ...args], options);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /at (http:\/\/[^\s]+?)\/(sse|mcp)\n/.exec(stderr);
      if (m) resolve({ child, base: m[1]!, stderr });
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
  });
}

/** Resolves with the exit code once the process is gone; rejects if it is still there after `withinMs`. */
export function exitOf(child: ChildProcess, withinMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${withinMs} ms`)), withinMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

/** A process speaking newline-delimited JSON-RPC on its pipes, as an MCP stdio client sees it. */
export class RawStdioPeer {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout, unparsed. */
  stdout = '';
  stderr = '';
  /** The exit code, once the process is gone and everything it wrote has been read. */
  readonly closed: Promise<number | null>;
  private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();

  constructor(args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawnCli(args, { stdin: 'pipe', env });
    this.closed = new Promise((resolve) => this.child.once('close', resolve));
    this.child.stdout!.on('data', (d: Buffer) => { this.stdout += d.toString(); this.deliver(); });
    this.child.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString(); });
  }

  /** Sends one message; with an id, resolves with the answer to it. */
  send(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    const id = message.id;
    if (typeof id !== 'number') return Promise.resolve({});
    return new Promise((resolve) => { this.waiting.set(id, resolve); this.deliver(); });
  }

  async initialize(): Promise<void> {
    await this.send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await this.send({ method: 'notifications/initialized' });
  }

  callTool(id: number, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.send({ id, method: 'tools/call', params: { name, arguments: args } });
  }

  /** The answer to request `id` among what was written so far. */
  answer(id: number): Record<string, unknown> | undefined {
    return this.lines().map((line) => JSON.parse(line) as Record<string, unknown>).find((message) => message.id === id);
  }

  /** Every complete line written to stdout so far. */
  lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  private deliver(): void {
    for (const line of this.lines()) {
      let message: { id?: unknown };
      try { message = JSON.parse(line) as { id?: unknown }; } catch { continue; }
      const wake = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
      if (wake) { this.waiting.delete(message.id as number); wake(message); }
    }
  }
}
