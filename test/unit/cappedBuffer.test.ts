// The capped buffer behind API answers (logs) and exec streams: memory is the cap, whatever arrives.
import * as assert from 'node:assert/strict';
import { CappedBuffer } from '../../src/core/client/cappedBuffer';
import { SLAB_BYTES, returnSlabs, takeSlab } from '../../src/core/client/byteSlabs';

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

  it('keeps what was pushed even when the pushed buffer is reused afterwards (ws reuses its receive buffer)', () => {
    const reused = Buffer.from('first');
    const buffer = new CappedBuffer(100);
    buffer.push(reused);
    reused.write('XXXXX');
    buffer.push(reused);
    assert.equal(buffer.text(), 'firstXXXXX');
  });

  it('gives the same text when asked twice, and a character cut at the cap becomes U+FFFD', () => {
    const buffer = new CappedBuffer(2);
    buffer.push(Buffer.from('aü', 'utf8'));
    assert.equal(buffer.text(), 'a\uFFFD');
    assert.equal(buffer.text(), 'a\uFFFD');
    assert.equal(buffer.size, 2);
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

  it('keeps an answer larger than several slabs whole, characters split across slab boundaries included', () => {
    // 3-byte characters never line up with 64 KiB slabs: some are split between two slabs.
    const text = `{"data":"${'€ü'.repeat(50_000)}"}`;
    const bytes = Buffer.from(text, 'utf8');
    assert.ok(bytes.length > 3 * SLAB_BYTES);
    const buffer = new CappedBuffer(undefined);
    for (let at = 0; at < bytes.length; at += 16_381) buffer.push(bytes.subarray(at, at + 16_381));
    assert.equal(buffer.size, bytes.length);
    assert.equal(buffer.text(), text);
    assert.deepEqual(buffer.bytes(), bytes);
  });

  it('gives its slabs back once decoded, and drops what is pushed after that', () => {
    const buffer = new CappedBuffer(undefined);
    buffer.push(Buffer.alloc(SLAB_BYTES + 1, 'a'));
    buffer.text();
    const reused = [takeSlab(), takeSlab()];
    returnSlabs(reused);
    assert.equal(takeSlab(), reused[1], 'a returned slab is taken again');
    returnSlabs([reused[1]!]);
    assert.equal(buffer.push(Buffer.from('b')).length, 0);
    assert.equal(buffer.truncated, true);
    assert.equal(buffer.text().length, SLAB_BYTES + 1);
  });
});
