import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ProcessLifecycle, type ProcessIo } from '../../src/cli/processLifecycle';

/** A pipe whose reader may go away: from then on every write fails like EPIPE, reported as an 'error' event. */
class FakePipe extends EventEmitter {
  written: string[] = [];
  broken = false;
  destroyed = false;
  writable = true;
  write(text: string): boolean {
    if (this.broken) {
      const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      process.nextTick(() => { this.destroyed = true; this.writable = false; this.emit('error', err); });
      return false;
    }
    this.written.push(text);
    return true;
  }
}

interface FakeProcess {
  io: ProcessIo; stdin: EventEmitter; stdout: FakePipe; stderr: FakePipe;
  signals: Map<string, () => void>; exited: Promise<number>; exits: number[];
}

function fakeProcess(): FakeProcess {
  const stdin = new EventEmitter();
  const stdout = new FakePipe();
  const stderr = new FakePipe();
  const signals = new Map<string, () => void>();
  const exits: number[] = [];
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => { onExit = resolve; });
  const io: ProcessIo = {
    stdin, stdout, stderr,
    onSignal: (signal, listener) => { signals.set(signal, listener); },
    exit: (code) => { exits.push(code); onExit(code); },
  };
  return { io, stdin, stdout, stderr, signals, exited, exits };
}

describe('process lifecycle', () => {
  it('stops logging once stderr broke, and logging never throws or writes again', async () => {
    const p = fakeProcess();
    const lifecycle = new ProcessLifecycle(p.io);
    lifecycle.log('info', 'first');
    p.stderr.broken = true;
    lifecycle.log('error', 'this write fails');
    assert.equal(await p.exited, 0);
    const attempts = p.stderr.written.length;
    for (let i = 0; i < 1000; i++) lifecycle.log('error', 'still failing');
    assert.equal(p.stderr.written.length, attempts);
    assert.deepEqual(p.exits, [0], 'exits once');
  });

  it('ends when stdout breaks, running the clean-up once', async () => {
    const p = fakeProcess();
    const lifecycle = new ProcessLifecycle(p.io);
    let cleanups = 0;
    lifecycle.onShutdown(() => { cleanups++; return Promise.resolve(); });
    p.stdout.broken = true;
    p.stdout.write('{"jsonrpc":"2.0"}\n');
    p.stdout.write('{"jsonrpc":"2.0"}\n');
    assert.equal(await p.exited, 0);
    assert.equal(cleanups, 1);
    assert.match(p.stderr.written.join(''), /stopping: stdout closed \(EPIPE\)/);
  });

  it('waits for pending answers when stdin closes, but not once stdout broke', async () => {
    const p = fakeProcess();
    const lifecycle = new ProcessLifecycle(p.io);
    let answered = false;
    lifecycle.endWhenStdinCloses(() => new Promise<void>(() => undefined)); // an answer that never comes
    lifecycle.onShutdown(() => { answered = true; return Promise.resolve(); });
    p.stdin.emit('end');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false, 'still waiting for the answer');
    p.stdout.broken = true;
    p.stdout.write('the answer\n');
    assert.equal(await p.exited, 0);
    assert.equal(answered, true);
  });

  for (const signal of ['SIGTERM', 'SIGINT']) {
    it(`ends on ${signal}`, async () => {
      const p = fakeProcess();
      new ProcessLifecycle(p.io);
      p.signals.get(signal)!();
      assert.equal(await p.exited, 0);
    });
  }
});
