import * as assert from 'node:assert/strict';
import { waitFor } from '../support/waitFor';

describe('waitFor (test support)', () => {
  it('polls until the condition holds and returns what it returned', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls} polls` : undefined), { what: 'the third poll', intervalMs: 1 });
    assert.equal(value, 'after 3 polls');
  });

  it('awaits an async condition', async () => {
    let calls = 0;
    assert.equal(await waitFor(() => Promise.resolve(++calls === 2), { what: 'the second poll', intervalMs: 1 }), true);
  });

  it('fails naming what it waited for when the state never comes', async () => {
    await assert.rejects(waitFor(() => false, { what: 'a state that never comes', timeoutMs: 20, intervalMs: 1 }), /never happened within 20 ms: a state that never comes/);
  });
});
