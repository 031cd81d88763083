/**
 * One token bucket (SPEC §4): `capacity` tokens, refilled continuously. Time comes from an injected clock, so
 * tests move it instead of sleeping.
 */

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

// Refill arithmetic is in floating point; without a tolerance 0.9999999 tokens would refuse a call.
const EPSILON = 1e-9;
export const MS_PER_MINUTE = 60_000;

/** A bucket of `capacity` tokens, refilled continuously at `refillPerMinute`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillPerMinute: number,
    private readonly clock: () => number,
  ) {
    if (!Number.isFinite(capacity) || capacity <= 0) throw new RangeError(`bucket capacity must be > 0, got ${capacity}`);
    if (!Number.isFinite(refillPerMinute) || refillPerMinute <= 0) {
      throw new RangeError(`bucket refill rate must be > 0 per minute, got ${refillPerMinute}`);
    }
    this.tokens = capacity;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    // A clock that goes backwards (NTP step, a test) must neither add nor remove tokens.
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.refillPerMinute) / MS_PER_MINUTE);
      this.updatedAt = now;
    }
  }

  /** What take(n) would answer, without taking anything. */
  peek(n = 1): TakeResult {
    this.refill();
    if (this.tokens + EPSILON >= n) return { ok: true, remaining: Math.floor(this.tokens - n + EPSILON) };
    const missing = n - this.tokens;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((missing * 60) / this.refillPerMinute - EPSILON)) };
  }

  take(n = 1): TakeResult {
    const result = this.peek(n);
    if (result.ok) this.tokens = Math.max(0, this.tokens - n);
    return result;
  }

  /** Whole tokens available now. */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens + EPSILON);
  }

  /** A full bucket holds no state worth keeping: a new one would behave the same. */
  isFull(): boolean {
    this.refill();
    return this.tokens + EPSILON >= this.capacity;
  }
}
