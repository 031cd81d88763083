import { strict as assert } from 'node:assert';
import { fullCollection, IdleCollector, type Schedule } from '../../src/cli/idleCollection';
import { waitFor } from '../support/waitFor';

/** A clock the test moves by hand: what is scheduled, and what was cancelled. */
function manualSchedule(): { schedule: Schedule; pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> } {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  return {
    pending,
    schedule: (fn, ms) => {
      const entry = { fn, ms, cancelled: false };
      pending.push(entry);
      return () => { entry.cancelled = true; };
    },
  };
}

describe('idle-time collection (CLI)', () => {
  it('collects once, after the quiet time that follows the last call of a burst', () => {
    const clock = manualSchedule();
    let collections = 0;
    const idle = new IdleCollector(() => collections++, 3000, clock.schedule);
    idle.activity();
    idle.activity();
    idle.activity();
    assert.deepEqual(clock.pending.map((p) => p.cancelled), [true, true, false], 'each call restarts the countdown');
    assert.equal(clock.pending[2]!.ms, 3000);
    assert.equal(collections, 0, 'nothing runs during the burst');
    clock.pending[2]!.fn();
    assert.equal(collections, 1);
    idle.activity();
    assert.equal(clock.pending[3]!.cancelled, false, 'a finished countdown is not cancelled again; the next burst starts a new one');
  });

  it('frees what only a full collection frees (a large object nothing refers to)', async () => {
    // Large objects live in old space: scavenges never free them, so only the forced full collection can.
    let big: number[] | undefined = new Array<number>(2_000_000).fill(1);
    const ref = new WeakRef(big);
    big = undefined;
    fullCollection();
    await waitFor(() => ref.deref() === undefined, { what: 'the large object freed by the full collection' });
  });
});
