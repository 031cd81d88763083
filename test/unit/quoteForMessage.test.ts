import * as assert from 'node:assert/strict';
import { quoteForMessage } from '../../src/core/input/quoteForMessage';

describe('quoteForMessage', () => {
  it('quotes strings JSON-style with control characters escaped', () => {
    assert.equal(quoteForMessage('a\nb'), '"a\\nb"');
    assert.equal(quoteForMessage('nul\u0000'), '"nul\\u0000"');
    assert.equal(quoteForMessage('say "hi"'), '"say \\"hi\\""');
  });

  it('escapes what JSON leaves raw: DEL, C1 controls, separators, bidi and zero-width characters', () => {
    assert.equal(quoteForMessage('a\u007fb\u0085c'), '"a\\u007fb\\u0085c"');
    assert.equal(quoteForMessage('x\u2028y\u202ez\u200bw\ufeff'), '"x\\u2028y\\u202ez\\u200bw\\ufeff"');
    assert.equal(quoteForMessage('lone \ud800'), '"lone \\ud800"');
  });

  it('shows at most 80 characters and says how many were left out', () => {
    assert.equal(quoteForMessage('y'.repeat(1000)), `"${'y'.repeat(80)}"… (920 more characters)`);
    assert.equal(quoteForMessage('y'.repeat(80)), `"${'y'.repeat(80)}"`);
    assert.equal(quoteForMessage('abcdef', 3), '"abc"… (3 more characters)');
  });

  it('never cuts a character in half', () => {
    assert.equal(quoteForMessage('ab😀cd', 3), '"ab"… (4 more characters)');
  });

  it('keeps a megabyte value to a short line', () => {
    const quoted = quoteForMessage('\u0000'.repeat(1 << 20));
    assert.ok(quoted.length < 600, `${quoted.length} characters`);
    assert.match(quoted, /… \(1048496 more characters\)$/);
  });

  it('describes non-string values without throwing, capped the same way', () => {
    assert.equal(quoteForMessage(Number.NaN), 'NaN');
    assert.equal(quoteForMessage(undefined), 'nothing');
    assert.equal(quoteForMessage(null), 'null');
    assert.equal(quoteForMessage({ a: 1 }), '{"a":1}');
    assert.equal(quoteForMessage(10n), '10');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(quoteForMessage(cyclic), 'an object');
    assert.match(quoteForMessage(['x'.repeat(500)]), /^\["x{78}… \(424 more characters\)$/);
  });
});
