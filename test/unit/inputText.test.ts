import * as assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/errors';
import { checkInputText, findTextProblem, MAX_INPUT_DEPTH } from '../../src/core/input/inputText';

function rejection(run: () => void): ValidationError {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  assert.fail('expected a ValidationError');
}

describe('input text checks', () => {
  it('finds lone surrogates under every rule, and accepts surrogate pairs', () => {
    for (const rule of ['name', 'selector', 'argument', 'document'] as const) {
      assert.match(findTextProblem('a\ud800b', rule) ?? '', /lone surrogate, U\+D800, at position 1/);
      assert.match(findTextProblem('\udc00', rule) ?? '', /U\+DC00/);
      assert.equal(findTextProblem('emoji 😀 ok', rule), undefined);
    }
  });

  it('refuses control characters by rule: none in names, whitespace in selectors, only NUL in arguments', () => {
    assert.match(findTextProblem('a\tb', 'name') ?? '', /control character U\+0009 at position 1/);
    assert.match(findTextProblem('a\u0085', 'name') ?? '', /U\+0085/);
    assert.equal(findTextProblem('a=b,\n\tc=d\r', 'selector'), undefined);
    assert.match(findTextProblem('a=b\u0000', 'selector') ?? '', /U\+0000/);
    assert.equal(findTextProblem('printf "\u001b[1m"\n', 'argument'), undefined);
    assert.match(findTextProblem('a\u0000', 'argument') ?? '', /U\+0000/);
    assert.equal(findTextProblem('bell\u0007\u0000', 'document'), undefined);
  });

  it('names the nested parameter, quoting odd keys', () => {
    assert.equal(rejection(() => checkInputText({ container: 'x\u0000' }, 'query_params', 'name')).parameter, 'query_params.container');
    assert.equal(rejection(() => checkInputText({ command: ['ls', '\u0000'] }, 'request_payload', 'argument')).parameter, 'request_payload.command[1]');
    assert.equal(rejection(() => checkInputText({ 'a b': '\ud800' }, 'payload_manifest', 'document')).parameter, 'payload_manifest["a b"]');
  });

  it('checks keys too, and refuses __proto__ at any depth', () => {
    assert.match(rejection(() => checkInputText({ 'k\ud800': 'v' }, 'query_params', 'name')).message, /^Invalid query_params: the key "k\\ud800" is not valid Unicode/);
    const nested = JSON.parse('{"a":[{"b":{"__proto__":{"x":1}}}]}') as unknown;
    const error = rejection(() => checkInputText(nested, 'request_payload', 'argument'));
    assert.equal(error.parameter, 'request_payload.a[0].b');
    assert.match(error.message, /the key "__proto__" is not accepted/);
  });

  it('refuses nesting deeper than any Kubernetes object, without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(rejection(() => checkInputText(deep, 'payload_manifest', 'document')).message, new RegExp(`nested more than ${MAX_INPUT_DEPTH} levels`));
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) fine = { k: fine };
    checkInputText(fine, 'payload_manifest', 'document');
  });
});
