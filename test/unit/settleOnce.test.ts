// The settle-once helper behind ClusterClient.request and execInPod: the first of many ending events wins,
// what the exchange holds is released once, and the call's AbortSignal is the only deadline it listens to.
import * as assert from 'node:assert/strict';
import { settleOnce } from '../../src/core/client/settleOnce';

describe('settleOnce', () => {
  it('keeps the first outcome: a later resolve or reject changes nothing and says so', async () => {
    const answers: boolean[] = [];
    const value = await settleOnce<string>(undefined, (settle) => {
      answers.push(settle.resolve('answer'), settle.reject(new Error('late socket error')), settle.resolve('again'));
      return () => undefined;
    });
    assert.equal(value, 'answer');
    assert.deepEqual(answers, [true, false, false]);
  });

  it('releases what the exchange holds exactly once, when it settles, and at once when registered after', async () => {
    const released: string[] = [];
    let late: ((name: string) => void) | undefined;
    await settleOnce<void>(undefined, (settle) => {
      settle.onSettled(() => released.push('timer'));
      late = (name) => settle.onSettled(() => released.push(name));
      assert.equal(settle.settled, false);
      settle.resolve();
      settle.reject(new Error('close after end'));
      return () => undefined;
    });
    assert.deepEqual(released, ['timer']);
    late!('registered after');
    assert.deepEqual(released, ['timer', 'registered after']);
  });

  it('runs the abort handler when the signal fires, and stops listening once settled', async () => {
    const controller = new AbortController();
    let aborts = 0;
    const pending = settleOnce<string>(controller.signal, (settle) => () => {
      aborts++;
      settle.reject(new Error(`aborted: ${String(controller.signal.reason)}`));
    });
    controller.abort('deadline');
    await assert.rejects(pending, /aborted: deadline/);
    assert.equal(aborts, 1);

    const done = new AbortController();
    const value = await settleOnce<number>(done.signal, (settle) => {
      settle.resolve(1);
      return () => { aborts++; };
    });
    done.abort();
    assert.equal(value, 1);
    assert.equal(aborts, 1, 'a settled exchange ignores a later abort');
  });

  it('runs the abort handler at once when the signal fired before the exchange started', async () => {
    const signal = AbortSignal.abort('cancelled by the client');
    const started: string[] = [];
    const pending = settleOnce<string>(signal, (settle) => {
      started.push('request opened');
      return () => { started.push('aborted'); settle.reject(new Error('cancelled')); };
    });
    await assert.rejects(pending, /cancelled/);
    assert.deepEqual(started, ['request opened', 'aborted']);
  });

  it('rejects with what start throws, and releases what it registered before throwing', async () => {
    const released: string[] = [];
    const pending = settleOnce<string>(new AbortController().signal, (settle) => {
      settle.onSettled(() => released.push('ticker'));
      throw new TypeError('invalid header');
    });
    await assert.rejects(pending, /invalid header/);
    assert.deepEqual(released, ['ticker']);
  });
});
