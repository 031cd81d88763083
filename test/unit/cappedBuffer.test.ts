// The capped buffer behind API answers (logs) and exec streams: memory is the cap, whatever arrives.
import * as assert from 'node:assert/strict';
import { CappedBuffer } from '../../src/core/client/cappedBuffer';

describe('CappedBuffer', () => {
  it('keeps bytes up to the cap, counts everything, and says it was cut', () => {
    const buffer = new CappedBuffer(5);
    assert.equal(buffer.push(Buffer.from('abc')).toString(), 'abc');
    assert.equal(buffer.push(Buffer.from('defg')).toString(), 'de');
    assert.equal(buffer.push(Buffer.from('hij')).length, 0);
    assert.equal(buffer.text(), 'abcde');
    assert.equal(buffer.received, 10);
    assert.equal(buffer.truncated, true);
  });

  it('is not truncated when the data fills the cap exactly', () => {
    const buffer = new CappedBuffer(4);
    buffer.push(Buffer.from('ab'));
    buffer.push(Buffer.from('cd'));
    assert.equal(buffer.truncated, false);
    assert.equal(buffer.bytes().toString(), 'abcd');
  });

  it('keeps everything without a cap', () => {
    const buffer = new CappedBuffer(undefined);
    for (let i = 0; i < 100; i++) buffer.push(Buffer.alloc(1000, 'x'));
    assert.equal(buffer.bytes().length, 100_000);
    assert.equal(buffer.truncated, false);
  });

  it('with copy, keeps its own bytes even when the pushed buffer is reused', () => {
    const reused = Buffer.from('first');
    const copying = new CappedBuffer(100, { copy: true });
    const viewing = new CappedBuffer(100);
    copying.push(reused);
    viewing.push(reused);
    reused.write('XXXXX');
    assert.equal(copying.text(), 'first');
    assert.equal(viewing.text(), 'XXXXX');
  });

  it('decodes text chunk by chunk, a character split between two chunks included', () => {
    const bytes = Buffer.from('{"name":"ünïcødé €"}', 'utf8');
    const buffer = new CappedBuffer(undefined);
    // Split inside the two-byte "ü" and inside the three-byte "€".
    for (const [from, to] of [[0, 10], [10, bytes.length - 3], [bytes.length - 3, bytes.length - 1], [bytes.length - 1, bytes.length]]) {
      buffer.push(bytes.subarray(from, to));
    }
    assert.equal(buffer.text(), '{"name":"ünïcødé €"}');
    assert.equal(buffer.size, bytes.length);
    assert.deepEqual(buffer.bytes(), bytes);
  });
});
