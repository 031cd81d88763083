import * as assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/errors';
import {
  type AnnotationRules, createAnnotationTrimmer, LAST_APPLIED_ANNOTATION, trimAnnotations, truncateUtf8, validateAnnotationRules,
} from '../../src/core/shaping/annotationTrimmer';

const rules = (overrides: Partial<AnnotationRules> = {}): AnnotationRules => ({
  detailAnnotations: true, omitKeys: [], includeOnlyKeys: [], maxLength: 512, ...overrides,
});

/** The annotations of a GPU node, with last-applied and one long value. */
function gpuNodeAnnotations(): Record<string, string> {
  return {
    [LAST_APPLIED_ANNOTATION]: '{"apiVersion":"v1","kind":"Node"}',
    'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
    'nvidia.com/gpu.count': '8',
    'nvidia.com/cuda.driver.major': '535',
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    'example.com/long': 'x'.repeat(2000),
  };
}

describe('trimAnnotations', () => {
  describe('detailAnnotations', () => {
    it('drops every annotation when false', () => {
      assert.equal(trimAnnotations(gpuNodeAnnotations(), rules({ detailAnnotations: false })), undefined);
    });

    it('drops every annotation when false, even with an include-only list', () => {
      assert.equal(trimAnnotations(gpuNodeAnnotations(), rules({ detailAnnotations: false, includeOnlyKeys: ['nvidia.com/gpu.count'] })), undefined);
    });
  });

  describe('last-applied-configuration', () => {
    it('is dropped by default', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules());
      assert.ok(trimmed && !(LAST_APPLIED_ANNOTATION in trimmed));
      assert.equal(trimmed['nvidia.com/gpu.count'], '8');
    });

    it('is dropped even when the caller gives its own omit list', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ omitKeys: ['node.alpha.kubernetes.io/ttl'] }));
      assert.ok(trimmed);
      assert.ok(!(LAST_APPLIED_ANNOTATION in trimmed));
      assert.ok(!('node.alpha.kubernetes.io/ttl' in trimmed));
    });

    it('is dropped even with no length limit', () => {
      assert.ok(!(LAST_APPLIED_ANNOTATION in (trimAnnotations(gpuNodeAnnotations(), rules({ maxLength: 0 })) ?? {})));
    });

    it('comes back, uncut, only when include-only names it exactly', () => {
      const big = { [LAST_APPLIED_ANNOTATION]: 'y'.repeat(5000), other: 'z' };
      assert.deepEqual(trimAnnotations(big, rules({ includeOnlyKeys: [LAST_APPLIED_ANNOTATION], maxLength: 10 })), { [LAST_APPLIED_ANNOTATION]: 'y'.repeat(5000) });
    });

    it('does not come back through an include-only pattern', () => {
      const annotations = { [LAST_APPLIED_ANNOTATION]: '{}', 'kubectl.kubernetes.io/restartedAt': '2026-11-25T01:00:00Z' };
      assert.deepEqual(trimAnnotations(annotations, rules({ includeOnlyKeys: ['kubectl.kubernetes.io/*'] })),
        { 'kubectl.kubernetes.io/restartedAt': '2026-11-25T01:00:00Z' });
    });
  });

  describe('omitKeys', () => {
    it('drops exact keys', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ omitKeys: ['nvidia.com/gpu.count'] }));
      assert.ok(trimmed && !('nvidia.com/gpu.count' in trimmed) && 'nvidia.com/gpu.product' in trimmed);
    });

    it('matches "nvidia.com/gpu.*" against nvidia.com/gpu.product (dots are literal)', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ omitKeys: ['nvidia.com/gpu.*'] }));
      assert.deepEqual(Object.keys(trimmed ?? {}).filter((key) => key.startsWith('nvidia.com/')), ['nvidia.com/cuda.driver.major']);
    });

    it('matches "nvidia.com/*" against every key under that prefix', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ omitKeys: ['nvidia.com/*'] }));
      assert.ok(trimmed && Object.keys(trimmed).every((key) => !key.startsWith('nvidia.com/')));
    });

    it('lets a trailing "*" cross the "/" (minimatch alone would not)', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ omitKeys: ['nvidia.com*', 'volumes.*'] }));
      assert.deepEqual(Object.keys(trimmed ?? {}).sort(), ['example.com/long', 'node.alpha.kubernetes.io/ttl']);
    });

    it('treats "." in a pattern as a dot, not any character', () => {
      const annotations = { 'nvidiaXcom/gpu': 'a', 'nvidia.com/gpu': 'b' };
      assert.deepEqual(trimAnnotations(annotations, rules({ omitKeys: ['nvidia.com/*'] })), { 'nvidiaXcom/gpu': 'a' });
    });

    it('does not let a pattern without "*" match a longer key', () => {
      assert.deepEqual(trimAnnotations({ 'nvidia.com/gpu.count': '8' }, rules({ omitKeys: ['nvidia.com/gpu'] })), { 'nvidia.com/gpu.count': '8' });
    });

    it('takes "!" and "#" literally rather than as negation or comment', () => {
      const annotations = { a: '1', b: '2' };
      assert.deepEqual(trimAnnotations(annotations, rules({ omitKeys: ['!a', '#b'] })), annotations);
    });

    it('returns undefined when everything is omitted', () => {
      assert.equal(trimAnnotations({ 'a.io/x': '1' }, rules({ omitKeys: ['*'] })), undefined);
    });
  });

  describe('includeOnlyKeys', () => {
    it('keeps only the named keys and patterns', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ includeOnlyKeys: ['nvidia.com/gpu.*', 'node.alpha.kubernetes.io/ttl'] }));
      assert.deepEqual(Object.keys(trimmed ?? {}).sort(), ['node.alpha.kubernetes.io/ttl', 'nvidia.com/gpu.count', 'nvidia.com/gpu.product']);
    });

    it('ignores the omit list', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ includeOnlyKeys: ['nvidia.com/gpu.count'], omitKeys: ['nvidia.com/*'] }));
      assert.deepEqual(trimmed, { 'nvidia.com/gpu.count': '8' });
    });

    it('never cuts the values it keeps', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ includeOnlyKeys: ['example.com/long'], maxLength: 10 }));
      assert.equal(trimmed?.['example.com/long'], 'x'.repeat(2000));
    });

    it('returns undefined when no key matches', () => {
      assert.equal(trimAnnotations(gpuNodeAnnotations(), rules({ includeOnlyKeys: ['absent.io/key'] })), undefined);
    });
  });

  describe('maxLength', () => {
    it('cuts longer values and says how many bytes were left out', () => {
      const trimmed = trimAnnotations(gpuNodeAnnotations(), rules({ maxLength: 512 }));
      assert.equal(trimmed?.['example.com/long'], `${'x'.repeat(512)}…[+1488 bytes]`);
      assert.equal(trimmed?.['nvidia.com/gpu.product'], 'NVIDIA-A100-SXM4-80GB');
    });

    it('keeps every value whole when 0', () => {
      assert.equal(trimAnnotations(gpuNodeAnnotations(), rules({ maxLength: 0 }))?.['example.com/long'], 'x'.repeat(2000));
    });

    it('keeps a value of exactly maxLength bytes', () => {
      assert.equal(trimAnnotations({ k: 'abcd' }, rules({ maxLength: 4 }))?.['k'], 'abcd');
    });
  });

  it('returns undefined for missing or empty annotations', () => {
    assert.equal(trimAnnotations(undefined, rules()), undefined);
    assert.equal(trimAnnotations({}, rules()), undefined);
  });

  it('does not modify its input', () => {
    const annotations = gpuNodeAnnotations();
    const before = JSON.stringify(annotations);
    trimAnnotations(annotations, rules({ omitKeys: ['nvidia.com/*'], maxLength: 5 }));
    assert.equal(JSON.stringify(annotations), before);
  });

  it('follows a rules object that changed between calls', () => {
    const shared = rules();
    assert.ok('a' in (trimAnnotations({ a: '1', b: '2' }, shared) ?? {}));
    shared.omitKeys.push('a');
    assert.deepEqual(trimAnnotations({ a: '1', b: '2' }, shared), { b: '2' });
  });

  it('trims 300 items of 50 annotations with patterns quickly (compiled once per rules object)', () => {
    const annotations: Record<string, string> = {};
    for (let i = 0; i < 50; i++) annotations[`vendor${i % 5}.example.com/feature.${i}`] = 'v'.repeat(2048);
    const shared = rules({ omitKeys: ['vendor1.example.com/*', 'vendor2*', 'exact.io/key'] });
    const trim = createAnnotationTrimmer(shared);
    const started = process.hrtime.bigint();
    for (let item = 0; item < 300; item++) {
      assert.equal(Object.keys(trim(annotations) ?? {}).length, 30);
      assert.equal(Object.keys(trimAnnotations(annotations, shared) ?? {}).length, 30);
    }
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 2000, `${elapsedMs} ms`); // a generous bound: this guards against per-key compiling
  });
});

describe('truncateUtf8', () => {
  it('cuts on a character boundary and counts bytes, not characters', () => {
    // "é" is 2 bytes: 5 of them are 10 bytes; a 5-byte cut keeps 2 (4 bytes) and leaves 6 out.
    assert.equal(truncateUtf8('ééééé', 5), 'éé…[+6 bytes]');
  });

  it('never splits a surrogate pair', () => {
    assert.equal(truncateUtf8('😀😀', 5), '😀…[+4 bytes]');
    assert.equal(truncateUtf8('😀', 3), '…[+4 bytes]');
  });

  it('leaves short values alone', () => {
    assert.equal(truncateUtf8('abc', 3), 'abc');
    assert.equal(truncateUtf8('ééé', 6), 'ééé');
  });
});

describe('validateAnnotationRules', () => {
  const parameterOf = (input: Parameters<typeof validateAnnotationRules>[0]): string => {
    try {
      validateAnnotationRules(input);
    } catch (error) {
      assert.ok(error instanceof ValidationError);
      return error.parameter;
    }
    return assert.fail('expected a ValidationError');
  };

  it('fills in the defaults', () => {
    assert.deepEqual(validateAnnotationRules({}), { detailAnnotations: true, omitKeys: [], includeOnlyKeys: [], maxLength: 512 });
  });

  it('accepts valid rules as given', () => {
    const given = rules({ omitKeys: ['nvidia.com/*'], includeOnlyKeys: ['a.io/b'], maxLength: 0 });
    assert.deepEqual(validateAnnotationRules(given), given);
  });

  it('refuses a negative or fractional maxLength', () => {
    assert.equal(parameterOf({ maxLength: -1 }), 'max_annotation_length');
    assert.equal(parameterOf({ maxLength: 1.5 }), 'max_annotation_length');
    assert.equal(parameterOf({ maxLength: '512' }), 'max_annotation_length');
  });

  it('refuses empty keys and says which one', () => {
    assert.equal(parameterOf({ omitKeys: ['ok.io/a', ''] }), 'omit_annotation_keys[1]');
    assert.equal(parameterOf({ includeOnlyKeys: ['  '] }), 'include_only_annotation_keys[0]');
  });

  it('refuses keys that are not strings', () => {
    assert.equal(parameterOf({ omitKeys: [42] }), 'omit_annotation_keys[0]');
    assert.equal(parameterOf({ omitKeys: 'nvidia.com/*' }), 'omit_annotation_keys');
  });

  it('refuses keys with spaces or that are too long to exist', () => {
    assert.equal(parameterOf({ omitKeys: ['a b'] }), 'omit_annotation_keys[0]');
    assert.equal(parameterOf({ omitKeys: ['k'.repeat(400)] }), 'omit_annotation_keys[0]');
  });

  it('refuses a non-boolean detail flag', () => {
    assert.equal(parameterOf({ detailAnnotations: 'no' }), 'detail_annotations');
  });
});
