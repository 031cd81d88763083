import * as assert from 'node:assert/strict';
import { K8sError } from '../../src/core/errors';
import { type LimitsSnapshot, RateLimiter, type RateLimitOptions } from '../../src/core/limits/rateLimiter';
import { TokenBucket } from '../../src/core/limits/tokenBucket';

/** A clock the test moves by hand: no sleeping. */
class FakeClock {
  now = 1_000_000;
  readonly read = (): number => this.now;
  advanceSeconds(seconds: number): void {
    this.now += seconds * 1000;
  }
}

const CONFIG: RateLimitOptions = { enabled: true, read: 120, write: 30, default: 60, clientFactor: 3 };

function limiter(overrides: Partial<RateLimitOptions> = {}): { limiter: RateLimiter; clock: FakeClock } {
  const clock = new FakeClock();
  return { limiter: new RateLimiter({ ...CONFIG, ...overrides }, clock.read), clock };
}

function refusal(run: () => void): K8sError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof K8sError, String(error));
    return error;
  }
  return assert.fail('expected the call to be rate limited');
}

function drain(rateLimiter: RateLimiter, sessionId: string, clientKey: string, category: 'read' | 'write' | 'default', calls: number): void {
  for (let i = 0; i < calls; i++) rateLimiter.check(sessionId, clientKey, category);
}

describe('TokenBucket', () => {
  it('starts full and counts down', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(3, 60, clock.read);
    assert.equal(bucket.remaining(), 3);
    assert.deepEqual(bucket.take(), { ok: true, remaining: 2 });
    assert.deepEqual(bucket.take(2), { ok: true, remaining: 0 });
  });

  it('refuses when empty and says when to retry', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 30, clock.read); // one token every 2 s
    bucket.take(2);
    assert.deepEqual(bucket.take(), { ok: false, retryAfterSeconds: 2 });
  });

  it('refills continuously, not once a minute', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(120, 120, clock.read); // one token every 0.5 s
    bucket.take(120);
    clock.advanceSeconds(0.5);
    assert.equal(bucket.remaining(), 1);
    clock.advanceSeconds(10);
    assert.equal(bucket.remaining(), 21);
  });

  it('never holds more than its capacity', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 60, clock.read);
    clock.advanceSeconds(3600);
    assert.equal(bucket.remaining(), 5);
    assert.equal(bucket.isFull(), true);
  });

  it('ignores a clock that goes backwards', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 60, clock.read);
    bucket.take(5);
    clock.advanceSeconds(-100);
    assert.equal(bucket.remaining(), 0);
    clock.advanceSeconds(101); // 1 s past the original time
    assert.equal(bucket.remaining(), 1);
  });

  it('does not consume on peek or on a refusal', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 60, clock.read);
    assert.equal(bucket.peek().ok, true);
    assert.equal(bucket.take(3).ok, false);
    assert.equal(bucket.remaining(), 2);
  });

  it('refuses a nonsensical configuration', () => {
    assert.throws(() => new TokenBucket(0, 60, Date.now), RangeError);
    assert.throws(() => new TokenBucket(5, 0, Date.now), RangeError);
  });
});

describe('RateLimiter', () => {
  it('allows 120 reads per minute per session and refuses the 121st with category, limit and retry', () => {
    const { limiter: rateLimiter } = limiter();
    drain(rateLimiter, 's1', 'client-a', 'read', 120);
    const error = refusal(() => rateLimiter.check('s1', 'client-a', 'read'));
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.message, 'Rate limit for read calls reached (120 per minute). Retry in 1 s.');
    assert.equal(error.retryAfterSeconds, 1);
  });

  it('keeps the categories apart', () => {
    const { limiter: rateLimiter } = limiter();
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    assert.match(refusal(() => rateLimiter.check('s1', 'client-a', 'write')).message, /write calls reached \(30 per minute\). Retry in 2 s/);
    assert.doesNotThrow(() => rateLimiter.check('s1', 'client-a', 'read'));
    assert.doesNotThrow(() => rateLimiter.check('s1', 'client-a', 'default'));
  });

  it('refills over time', () => {
    const { limiter: rateLimiter, clock } = limiter();
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    clock.advanceSeconds(2);
    assert.doesNotThrow(() => rateLimiter.check('s1', 'client-a', 'write'));
    assert.throws(() => rateLimiter.check('s1', 'client-a', 'write'));
  });

  it('does not let a client reset its budget by opening new sessions', () => {
    const { limiter: rateLimiter } = limiter({ clientFactor: 3 });
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    drain(rateLimiter, 's2', 'client-a', 'write', 30);
    drain(rateLimiter, 's3', 'client-a', 'write', 30);
    const error = refusal(() => rateLimiter.check('s4', 'client-a', 'write'));
    assert.match(error.message, /from this client reached \(90 per minute/);
    assert.doesNotThrow(() => rateLimiter.check('s5', 'client-b', 'write'), 'another client has its own budget');
  });

  it('counts work outside any session (opening one) against the client budget alone, refilling over time', () => {
    const { limiter: rateLimiter, clock } = limiter({ default: 2, clientFactor: 3 });
    for (let i = 0; i < 6; i++) rateLimiter.checkClient('client-a', 'default', 'new sessions');
    const error = refusal(() => rateLimiter.checkClient('client-a', 'default', 'new sessions'));
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.retryAfterSeconds, 10); // 6 per minute: one every 10 s
    assert.match(error.message, /^Rate limit for new sessions from this client reached \(they count as default calls: 6 per minute across all its sessions\)\. Retry in 10 s\.$/);
    assert.deepEqual(rateLimiter.snapshot().sessions, {}, 'no session state was made');
    assert.throws(() => rateLimiter.check('s1', 'client-a', 'default'), /from this client/, 'the sessions share what is left');
    assert.doesNotThrow(() => rateLimiter.checkClient('client-b', 'default', 'new sessions'), 'another client has its own budget');
    clock.advanceSeconds(10);
    assert.doesNotThrow(() => rateLimiter.checkClient('client-a', 'default', 'new sessions'));
  });

  it('does not take from the client bucket when the session refuses', () => {
    const { limiter: rateLimiter } = limiter({ clientFactor: 2 });
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    for (let i = 0; i < 10; i++) assert.throws(() => rateLimiter.check('s1', 'client-a', 'write'));
    assert.equal(rateLimiter.snapshot().clients['client-a']?.write.remaining, 30);
    drain(rateLimiter, 's2', 'client-a', 'write', 30);
  });

  it('does not take from the session bucket when the client refuses', () => {
    const { limiter: rateLimiter } = limiter({ clientFactor: 1 });
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    assert.throws(() => rateLimiter.check('s2', 'client-a', 'write'));
    assert.equal(rateLimiter.snapshot().sessions['s2']?.write.remaining, 30);
  });

  it('never refuses when disabled', () => {
    const { limiter: rateLimiter } = limiter({ enabled: false });
    drain(rateLimiter, 's1', 'client-a', 'write', 1000);
    assert.deepEqual(rateLimiter.snapshot(), { enabled: false, sessions: {}, clients: {} });
  });

  it('reports remaining tokens and capacity per session and per client', () => {
    const { limiter: rateLimiter } = limiter();
    drain(rateLimiter, 's1', 'client-a', 'read', 5);
    rateLimiter.check('s1', 'client-a', 'write');
    const snapshot = rateLimiter.snapshot();
    assert.deepEqual(snapshot.sessions['s1'], {
      read: { remaining: 115, capacity: 120 }, write: { remaining: 29, capacity: 30 }, default: { remaining: 60, capacity: 60 },
    });
    assert.deepEqual(snapshot.clients['client-a']?.read, { remaining: 355, capacity: 360 });
  });

  it('tells listeners after every check, refused or not, and stops when unsubscribed', () => {
    const { limiter: rateLimiter } = limiter({ write: 1 });
    const seen: LimitsSnapshot[] = [];
    const unsubscribe = rateLimiter.onChange((snapshot) => seen.push(snapshot));
    rateLimiter.check('s1', 'client-a', 'write');
    assert.throws(() => rateLimiter.check('s1', 'client-a', 'write'));
    assert.equal(seen.length, 2);
    assert.equal(seen[1]?.sessions['s1']?.write.remaining, 0);
    unsubscribe();
    rateLimiter.forgetSession('s1');
    assert.equal(seen.length, 2);
  });

  it('does not fail a call because a listener throws', () => {
    const { limiter: rateLimiter } = limiter();
    rateLimiter.onChange(() => {
      throw new Error('status bar is gone');
    });
    assert.doesNotThrow(() => rateLimiter.check('s1', 'client-a', 'read'));
  });

  it('forgets a session but keeps its client budget until it has refilled', () => {
    const { limiter: rateLimiter, clock } = limiter({ clientFactor: 1 });
    drain(rateLimiter, 's1', 'client-a', 'write', 30);
    rateLimiter.forgetSession('s1');
    assert.equal(rateLimiter.snapshot().sessions['s1'], undefined);
    assert.throws(() => rateLimiter.check('s2', 'client-a', 'write'), 'the client budget survives the session');
    rateLimiter.forgetSession('s2');
    clock.advanceSeconds(60);
    rateLimiter.forgetSession('unknown'); // no-op
    rateLimiter.check('s3', 'client-b', 'read');
    clock.advanceSeconds(1); // one read refills in 1/6 s at 360 per minute
    rateLimiter.forgetSession('s3');
    assert.deepEqual(Object.keys(rateLimiter.snapshot().clients), [], 'full buckets of forgotten sessions are dropped');
  });

  it('keeps memory bounded when many sessions come and go', () => {
    const { limiter: rateLimiter, clock } = limiter();
    for (let i = 0; i < 1000; i++) {
      rateLimiter.check(`s${i}`, `client-${i}`, 'read');
      rateLimiter.forgetSession(`s${i}`);
      clock.advanceSeconds(1);
    }
    const snapshot = rateLimiter.snapshot();
    assert.equal(Object.keys(snapshot.sessions).length, 0);
    assert.ok(Object.keys(snapshot.clients).length < 5, `${Object.keys(snapshot.clients).length} clients kept`);
  });

  it('drops sessions that were never forgotten once they are idle and full', () => {
    const { limiter: rateLimiter, clock } = limiter();
    rateLimiter.check('leaked', 'client-a', 'read');
    clock.advanceSeconds(2 * 3600);
    rateLimiter.check('live', 'client-b', 'read');
    assert.deepEqual(Object.keys(rateLimiter.snapshot().sessions), ['live']);
    assert.deepEqual(Object.keys(rateLimiter.snapshot().clients), ['client-b']);
  });

  it('moves a session to its new client key', () => {
    const { limiter: rateLimiter } = limiter({ clientFactor: 1, write: 2 });
    drain(rateLimiter, 's1', 'client-a', 'write', 1);
    rateLimiter.check('s1', 'client-b', 'write');
    assert.equal(rateLimiter.snapshot().clients['client-b']?.write.remaining, 1);
  });

  it('refuses a nonsensical configuration', () => {
    assert.throws(() => new RateLimiter({ ...CONFIG, read: 0 }), RangeError);
    assert.throws(() => new RateLimiter({ ...CONFIG, clientFactor: 0.5 }), RangeError);
  });
});
