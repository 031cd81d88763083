// The one guard before reading fields of untyped JSON (manifests, API answers, tool arguments).
import * as assert from 'node:assert/strict';
import { isRecord } from '../../src/core/isRecord';

describe('isRecord', () => {
  it('accepts objects with keys, and the empty object', () => {
    assert.equal(isRecord({ kind: 'Pod' }), true);
    assert.equal(isRecord({}), true);
  });

  it('refuses null, arrays and scalars, which have no fields to read', () => {
    for (const value of [null, undefined, [], [{ kind: 'Pod' }], 'Pod', 3, true]) assert.equal(isRecord(value), false, JSON.stringify(value));
  });
});
