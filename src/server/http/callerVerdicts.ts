/**
 * Identity passthrough: whether the API server accepts a caller's token, asked before a request reaches MCP,
 * so a token it rejects is an HTTP 401 to the client (which can sign in again) rather than a tool error. An
 * acceptance is remembered briefly under the token's SHA-256, never the token itself, so a burst of calls
 * asks once; a 401 during a call forgets it, and the next request is refused.
 */
import { createHash } from 'node:crypto';

/** How long an accepted token is not asked about again: a revoked one still fails each API request it makes. */
export const ACCEPTED_TOKEN_REUSE_MS = 30_000;
/** Bounds the memory of acceptances however many callers there are (the oldest go first). */
const MAX_REMEMBERED = 10_000;

export type Verdict = 'accepted' | 'rejected';

/** A stable, non-reversible name for a token: rate-limit budgets and this cache are keyed by it. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export class CallerVerdicts {
  /** Fingerprint → when the acceptance expires. */
  private readonly accepted = new Map<string, number>();

  /** `ask` answers with the API server's status for a request made with the token. */
  constructor(
    private readonly ask: (token: string) => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  async verdict(token: string): Promise<Verdict> {
    const key = tokenFingerprint(token);
    const until = this.accepted.get(key);
    if (until !== undefined && until > this.now()) return 'accepted';
    this.accepted.delete(key);
    // Anything but 401 means the token authenticated (a 403 is the authorizer speaking, after authentication).
    if (await this.ask(token) === 401) return 'rejected';
    if (this.accepted.size >= MAX_REMEMBERED) this.accepted.delete(this.accepted.keys().next().value!);
    this.accepted.set(key, this.now() + ACCEPTED_TOKEN_REUSE_MS);
    return 'accepted';
  }

  forget(token: string): void {
    this.accepted.delete(tokenFingerprint(token));
  }
}
