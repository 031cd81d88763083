/**
 * The MCP sessions an HTTP host keeps, Streamable HTTP and SSE alike. Each costs memory (an SDK server with
 * every tool registered: 2,000 never-closed sessions took 89 MB), so there is a cap; sessions end when their
 * client goes away (SSE), ends them (DELETE /mcp) or falls idle (Streamable HTTP).
 */
import type { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SessionHandle } from '../createServer';

/** Sessions one host keeps open at a time unless told otherwise: far more than one team's agents need. */
export const DEFAULT_MAX_SESSIONS = 200;

export interface HostedSession {
  handle: SessionHandle;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastSeen: number;
  /** Open GET streams: a client listening for notifications is not idle, however long it stays quiet. */
  openStreams: number;
}

export class HostedSessions {
  private readonly sessions = new Map<string, HostedSession>();
  /** Sessions admitted but not yet added (a Streamable HTTP initialize in flight): they count against the cap. */
  private opening = 0;

  constructor(readonly maxSessions: number) {
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError(`maxSessions must be a whole number ≥ 1, got ${maxSessions}`);
  }

  get(id: string): HostedSession | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Makes room for one session about to open; false when the host is full. Call done() once it opened or failed. */
  reserve(): { done: () => void } | undefined {
    if (this.sessions.size + this.opening >= this.maxSessions) return undefined;
    this.opening++;
    let released = false;
    return { done: () => { if (!released) { released = true; this.opening--; } } };
  }

  add(id: string, session: HostedSession): void {
    this.sessions.set(id, session);
  }

  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    await s.handle.close();
    await s.transport.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /** Closes Streamable HTTP sessions without a request for `idleMs` and no open GET stream (SSE ends with its stream). */
  closeIdle(idleMs: number, now = Date.now()): void {
    for (const [id, s] of this.sessions) {
      if (s.openStreams === 0 && now - s.lastSeen > idleMs && s.transport instanceof StreamableHTTPServerTransport) void this.close(id);
    }
  }
}
