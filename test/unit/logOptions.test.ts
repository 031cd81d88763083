import * as assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/errors';
import { MAX_LIMIT_BYTES, MAX_TAIL_LINES, resolveLogOptions, toQuery } from '../../src/core/input/logOptions';

function rejection(query: Record<string, unknown>): ValidationError {
  try {
    resolveLogOptions(query);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error;
  }
  return assert.fail(`expected ${JSON.stringify(query)} to be refused`);
}

describe('resolveLogOptions', () => {
  describe('defaults', () => {
    it('asks for the last 100 lines and 32 KiB when nothing is given', () => {
      assert.deepEqual(resolveLogOptions({}), {
        previous: false, timestamps: false, tailLines: 100, limitBytes: 32768, defaultedTail: true, defaultedLimitBytes: true,
      });
    });

    it('uses the configured defaults', () => {
      const options = resolveLogOptions({}, { tailLines: 20, limitBytes: 4096 });
      assert.equal(options.tailLines, 20);
      assert.equal(options.limitBytes, 4096);
    });

    it('drops the default line count for sinceSeconds but keeps the byte cap', () => {
      const options = resolveLogOptions({ sinceSeconds: 600 });
      assert.equal(options.tailLines, undefined);
      assert.equal(options.limitBytes, 32768);
      assert.equal(options.defaultedTail, false);
    });

    it('drops the default line count for sinceTime but keeps the byte cap', () => {
      const options = resolveLogOptions({ sinceTime: '2026-11-25T01:00:00Z' });
      assert.equal(options.tailLines, undefined);
      assert.equal(options.limitBytes, 32768);
    });

    it('does not add a line count when only limitBytes is given', () => {
      const options = resolveLogOptions({ limitBytes: 1024 });
      assert.equal(options.tailLines, undefined);
      assert.equal(options.limitBytes, 1024);
      assert.equal(options.defaultedLimitBytes, false);
    });

    it('keeps the default byte cap when only tailLines is given', () => {
      const options = resolveLogOptions({ tailLines: 500 });
      assert.equal(options.tailLines, 500);
      assert.equal(options.limitBytes, 32768);
      assert.equal(options.defaultedTail, false);
      assert.equal(options.defaultedLimitBytes, true);
    });
  });

  describe('numbers', () => {
    it('accepts numbers and numeric strings', () => {
      assert.equal(resolveLogOptions({ tailLines: '50' }).tailLines, 50);
      assert.equal(resolveLogOptions({ tailLines: 50 }).tailLines, 50);
      assert.equal(resolveLogOptions({ tailLines: 0 }).tailLines, 0);
      assert.equal(resolveLogOptions({ sinceSeconds: '3600' }).sinceSeconds, 3600);
    });

    it('refuses "abc" naming the parameter', () => {
      assert.equal(rejection({ tailLines: 'abc' }).message, 'Invalid query_params.tailLines: "abc" is not a whole number. Example: 200.');
    });

    it('refuses fractions, exponents, empty strings, booleans and NaN', () => {
      for (const bad of [1.5, '1.5', '1e3', '', true, Number.NaN, Number.POSITIVE_INFINITY, '0x10', [5]]) {
        assert.equal(rejection({ limitBytes: bad }).parameter, 'query_params.limitBytes', String(bad));
      }
    });

    it('refuses values below the minimum', () => {
      assert.match(rejection({ tailLines: -1 }).message, /at least 0/);
      assert.match(rejection({ sinceSeconds: 0 }).message, /at least 1/);
      assert.match(rejection({ limitBytes: '0' }).message, /at least 1/);
    });

    it('refuses more than 10,000 lines and says the cap instead of clamping', () => {
      assert.equal(resolveLogOptions({ tailLines: MAX_TAIL_LINES }).tailLines, MAX_TAIL_LINES);
      const error = rejection({ tailLines: MAX_TAIL_LINES + 1 });
      assert.equal(error.parameter, 'query_params.tailLines');
      assert.match(error.message, /cap of 10000 lines/);
    });

    it('refuses more than 10 MiB and says the cap', () => {
      assert.equal(resolveLogOptions({ limitBytes: MAX_LIMIT_BYTES }).limitBytes, MAX_LIMIT_BYTES);
      assert.match(rejection({ limitBytes: MAX_LIMIT_BYTES + 1 }).message, /cap of 10485760 bytes/);
    });
  });

  describe('booleans', () => {
    it('accepts true/false and their strings', () => {
      assert.equal(resolveLogOptions({ previous: true }).previous, true);
      assert.equal(resolveLogOptions({ previous: 'true' }).previous, true);
      assert.equal(resolveLogOptions({ timestamps: 'false' }).timestamps, false);
      assert.equal(resolveLogOptions({ timestamps: 'TRUE' }).timestamps, true);
    });

    it('refuses anything else', () => {
      for (const bad of ['yes', 1, '1', '']) assert.equal(rejection({ previous: bad }).parameter, 'query_params.previous');
    });
  });

  describe('sinceTime', () => {
    it('accepts RFC3339 times with Z, offsets and fractions', () => {
      for (const ok of ['2026-11-25T01:00:00Z', '2026-11-25T02:00:00+01:00', '2026-11-25T01:00:00.123456789Z', '2024-02-29T23:59:59-05:30']) {
        assert.equal(resolveLogOptions({ sinceTime: ok }).sinceTime, ok);
      }
    });

    it('refuses malformed and impossible times', () => {
      for (const bad of ['2026-11-25', '2026-11-25 01:00:00Z', '2026-11-25T01:00:00', '2026-13-01T00:00:00Z', '2025-02-29T00:00:00Z',
        '2026-11-25T24:00:00Z', '2026-11-25T01:60:00Z', '2026-11-25T01:00:60Z', '2026-11-25T01:00:00+24:00', 'yesterday', 1764032400,
        '2026-11-25t01:00:00z']) {
        const error = rejection({ sinceTime: bad });
        assert.equal(error.parameter, 'query_params.sinceTime');
        assert.match(error.message, /Example: "2026-11-25T01:00:00Z"/);
      }
    });

    it('refuses sinceSeconds together with sinceTime', () => {
      assert.match(rejection({ sinceSeconds: 60, sinceTime: '2026-11-25T01:00:00Z' }).message, /either sinceSeconds or sinceTime/);
    });
  });

  describe('container', () => {
    it('accepts a DNS-1123 label', () => {
      assert.equal(resolveLogOptions({ container: 'proxy' }).container, 'proxy');
    });

    it('refuses path tricks and uppercase', () => {
      for (const bad of ['../app', 'App', 'a/b', '', 'x'.repeat(64), 5]) {
        assert.equal(rejection({ container: bad }).parameter, 'query_params.container');
      }
    });
  });

  it('refuses unknown keys and lists the allowed ones', () => {
    const error = rejection({ tail: 10, lines: 5 });
    assert.equal(error.parameter, 'query_params');
    assert.match(error.message, /"tail", "lines"/);
    assert.match(error.message, /Allowed: container, previous, timestamps, sinceSeconds, sinceTime, tailLines, limitBytes/);
  });

  it('explains that follow is not supported', () => {
    assert.match(rejection({ follow: true }).message, /not supported/);
  });

  it('treats undefined and null as absent', () => {
    assert.equal(resolveLogOptions({ tailLines: undefined, container: null }).defaultedTail, true);
  });
});

describe('toQuery', () => {
  it('produces the API query for the defaults', () => {
    assert.deepEqual(toQuery(resolveLogOptions({})), { tailLines: '100', limitBytes: '32768' });
  });

  it('carries every option the caller gave', () => {
    const query = toQuery(resolveLogOptions({ container: 'app', previous: 'true', timestamps: true, sinceTime: '2026-11-25T01:00:00Z', limitBytes: 4096 }));
    assert.deepEqual(query, { container: 'app', previous: 'true', timestamps: 'true', sinceTime: '2026-11-25T01:00:00Z', limitBytes: '4096' });
  });

  it('includes sinceSeconds and no tailLines when only sinceSeconds is given', () => {
    assert.deepEqual(toQuery(resolveLogOptions({ sinceSeconds: 60 })), { sinceSeconds: '60', limitBytes: '32768' });
  });
});
