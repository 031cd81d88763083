/**
 * Rate limits per session and per client, on token buckets (SPEC §4). An agent in a loop can fire hundreds of
 * calls a minute at a production API server; the limiter stops it with a clear "retry in N s" instead. Every
 * call takes a token from its session's bucket and from its client's bucket (per remote address or auth token,
 * capacity × clientFactor), so a client cannot reset its budget by opening a new session. Time comes from an
 * injected clock: tests never sleep.
 */
import { K8sError } from '../errors';
import { MS_PER_MINUTE, TokenBucket } from './tokenBucket';

export type RateCategory = 'read' | 'write' | 'default';
export const RATE_CATEGORIES: readonly RateCategory[] = ['read', 'write', 'default'];

export interface RateLimitOptions {
  enabled: boolean;
  /** Calls per minute per session; the bucket capacity is the same figure. */
  read: number;
  write: number;
  default: number;
  /** Client buckets hold this many times the session figures, so a new session cannot reset a budget. */
  clientFactor: number;
}

export interface BucketSnapshot {
  remaining: number;
  capacity: number;
}

export type CategorySnapshot = Record<RateCategory, BucketSnapshot>;

/** What the server's onLimits hook gets (src/server/hooks.ts). */
export interface LimitsSnapshot {
  enabled: boolean;
  /** Per session id: remaining tokens and capacity per category. */
  sessions: Record<string, CategorySnapshot>;
  /** Per client key (remote address or token): remaining tokens and capacity per category. */
  clients: Record<string, CategorySnapshot>;
}

type Buckets = Record<RateCategory, TokenBucket>;

interface SessionState {
  clientKey: string;
  buckets: Buckets;
  lastUsed: number;
}

interface ClientState {
  buckets: Buckets;
  activeSessions: number;
}

// Sessions are forgotten when their transport closes; this catches the ones nobody forgot.
const IDLE_SESSION_MS = 60 * MS_PER_MINUTE;
const SWEEP_INTERVAL_MS = MS_PER_MINUTE;

export class RateLimiter {
  private readonly sessions = new Map<string, SessionState>();
  private readonly clients = new Map<string, ClientState>();
  private readonly listeners = new Set<(snapshot: LimitsSnapshot) => void>();
  private lastSweep: number;

  constructor(
    private readonly config: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    for (const category of RATE_CATEGORIES) {
      if (!Number.isFinite(config[category]) || config[category] <= 0) {
        throw new RangeError(`rate limit for ${category} calls must be > 0 per minute, got ${config[category]}`);
      }
    }
    if (!Number.isFinite(config.clientFactor) || config.clientFactor < 1) {
      throw new RangeError(`clientFactor must be ≥ 1, got ${config.clientFactor}`);
    }
    this.lastSweep = clock();
  }

  /**
   * Takes one token of `category` from the session's and the client's buckets, or throws
   * K8sError('rate-limited') with the category, the limit and when to retry. A refusal takes nothing.
   */
  check(sessionId: string, clientKey: string, category: RateCategory): void {
    if (!this.config.enabled) return;
    const session = this.session(sessionId, clientKey);
    const client = this.client(clientKey);
    const sessionBucket = session.buckets[category];
    const clientBucket = client.buckets[category];
    const sessionAnswer = sessionBucket.peek();
    const clientAnswer = clientBucket.peek();
    if (!sessionAnswer.ok) {
      this.emit();
      const retry = Math.max(sessionAnswer.retryAfterSeconds, clientAnswer.ok ? 0 : clientAnswer.retryAfterSeconds);
      throw this.limited(`Rate limit for ${category} calls reached (${this.config[category]} per minute)`, retry);
    }
    if (!clientAnswer.ok) {
      this.emit();
      throw this.limited(
        `Rate limit for ${category} calls from this client reached (${clientBucket.capacity} per minute across ` +
          'all its sessions; a new session does not reset it)',
        clientAnswer.retryAfterSeconds,
      );
    }
    sessionBucket.take();
    clientBucket.take();
    session.lastUsed = this.clock();
    this.sweepIfDue();
    this.emit();
  }

  /**
   * Takes one token of `category` from the client's bucket alone, for work that belongs to no session yet
   * (`what`: opening a new session). Without it a client could open sessions without end, each with a full
   * session budget. Throws K8sError('rate-limited') like check().
   */
  checkClient(clientKey: string, category: RateCategory, what: string): void {
    if (!this.config.enabled) return;
    const bucket = this.client(clientKey).buckets[category];
    const answer = bucket.take();
    this.sweepIfDue();
    this.emit();
    if (!answer.ok) {
      throw this.limited(
        `Rate limit for ${what} from this client reached (they count as ${category} calls: ${bucket.capacity} per minute across all its sessions)`,
        answer.retryAfterSeconds,
      );
    }
  }

  /** Drops the session's buckets (its transport closed). The client's budget stays until it is full again. */
  forgetSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    this.detach(session.clientKey);
    this.sweep();
    this.emit();
  }

  snapshot(): LimitsSnapshot {
    const describe = (buckets: Buckets): CategorySnapshot => ({
      read: { remaining: buckets.read.remaining(), capacity: buckets.read.capacity },
      write: { remaining: buckets.write.remaining(), capacity: buckets.write.capacity },
      default: { remaining: buckets.default.remaining(), capacity: buckets.default.capacity },
    });
    // fromEntries defines own properties, so an id like "__proto__" cannot touch the prototype.
    return {
      enabled: this.config.enabled,
      sessions: Object.fromEntries([...this.sessions].map(([id, state]) => [id, describe(state.buckets)])),
      clients: Object.fromEntries([...this.clients].map(([key, state]) => [key, describe(state.buckets)])),
    };
  }

  /** Calls `listener` with a fresh snapshot after every check and forgotten session; returns an unsubscribe. */
  onChange(listener: (snapshot: LimitsSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private limited(reason: string, retryAfterSeconds: number): K8sError {
    return new K8sError('rate-limited', `${reason}. Retry in ${retryAfterSeconds} s.`, undefined, retryAfterSeconds);
  }

  private buckets(factor: number): Buckets {
    const bucket = (perMinute: number): TokenBucket => new TokenBucket(perMinute * factor, perMinute * factor, this.clock);
    return { read: bucket(this.config.read), write: bucket(this.config.write), default: bucket(this.config.default) };
  }

  private session(sessionId: string, clientKey: string): SessionState {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { clientKey, buckets: this.buckets(1), lastUsed: this.clock() };
      this.sessions.set(sessionId, session);
      this.client(clientKey).activeSessions++;
    } else if (session.clientKey !== clientKey) {
      // Same session seen from another address (a proxy, a reconnect): it now counts against the new client.
      this.detach(session.clientKey);
      session.clientKey = clientKey;
      this.client(clientKey).activeSessions++;
    }
    return session;
  }

  private client(clientKey: string): ClientState {
    let client = this.clients.get(clientKey);
    if (!client) {
      client = { buckets: this.buckets(this.config.clientFactor), activeSessions: 0 };
      this.clients.set(clientKey, client);
    }
    return client;
  }

  private detach(clientKey: string): void {
    const client = this.clients.get(clientKey);
    if (client) client.activeSessions = Math.max(0, client.activeSessions - 1);
  }

  private sweepIfDue(): void {
    if (this.clock() - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep();
  }

  /** Bounded memory: drop state that a fresh bucket would reproduce exactly. */
  private sweep(): void {
    const now = this.clock();
    this.lastSweep = now;
    for (const [sessionId, session] of this.sessions) {
      if (now - session.lastUsed >= IDLE_SESSION_MS && allFull(session.buckets)) {
        this.sessions.delete(sessionId);
        this.detach(session.clientKey);
      }
    }
    for (const [clientKey, client] of this.clients) {
      if (client.activeSessions === 0 && allFull(client.buckets)) this.clients.delete(clientKey);
    }
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A failing display (status bar, log) must not turn into a failed tool call.
      }
    }
  }
}

function allFull(buckets: Buckets): boolean {
  return RATE_CATEGORIES.every((category) => buckets[category].isFull());
}
