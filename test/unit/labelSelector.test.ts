import * as assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/errors';
import { validateFieldSelector } from '../../src/core/input/fieldSelector';
import { validateLabelSelector } from '../../src/core/input/labelSelector';

function messageOf(run: () => void, parameter: string): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.parameter, parameter);
    return error.message;
  }
  assert.fail('expected a ValidationError');
}

describe('validateLabelSelector', () => {
  it('accepts every form of the Kubernetes grammar', () => {
    const valid = [
      '', '   ', 'app', '!app', 'app=web', 'app==web', 'app!=web', 'app=', 'app in (web,api)', 'app notin (web)',
      'app in ()', 'app in (,web)', 'app in (web,)', 'app in (a,,b)', 'tier in(frontend, backend)', 'env!=prod,team',
      'example.com/tier=front', 'app.kubernetes.io/name=web', 'a_b.c-d=E_f.g-h', 'in=notin', 'in', 'notin in (in)',
      'replicas>1', 'replicas<10', ' app = web , !canary ', 'app=web,tier in (a,b),!canary,env',
      `${'k'.repeat(63)}=${'v'.repeat(63)}`, `${'p'.repeat(253)}/name`,
    ];
    for (const selector of valid) assert.doesNotThrow(() => validateLabelSelector(selector), selector);
  });

  it('reports an unfinished set like the API server does (recording 028)', () => {
    const message = messageOf(() => validateLabelSelector('app in ('), 'label_filter');
    assert.ok(message.includes(`unable to parse requirement: found "", expected: ',', ')' or identifier`), message);
    assert.ok(message.includes('at the end of "app in ("'), message);
    assert.ok(message.includes('Examples: "app=web"'), message);
  });

  it('points at the offending part', () => {
    const message = messageOf(() => validateLabelSelector('app=web,tier in frontend'), 'label_filter');
    assert.ok(message.includes(`found "frontend" expected: '('`), message);
    assert.ok(message.includes('at position 16'), message);
  });

  it('refuses a trailing comma', () => {
    assert.match(messageOf(() => validateLabelSelector('app=web,'), 'label_filter'), /found "", expected: identifier after ','/);
  });

  it('refuses a missing operator between words', () => {
    assert.match(messageOf(() => validateLabelSelector('app web'), 'label_filter'),
      /invalid operator found "web", expected: in, notin, =, ==, !=, gt, lt/);
  });

  it('refuses a value with spaces', () => {
    assert.match(messageOf(() => validateLabelSelector('app=my web'), 'label_filter'), /found "web", expected: ',' or 'end of string'/);
  });

  it('refuses !key followed by an operator', () => {
    assert.match(messageOf(() => validateLabelSelector('!app=web'), 'label_filter'), /found "app", expected: ',' or 'end of string'/);
  });

  it('refuses invalid label keys and says which part is wrong', () => {
    assert.match(messageOf(() => validateLabelSelector('-app=web'), 'label_filter'), /invalid label key "-app": name part/);
    assert.match(messageOf(() => validateLabelSelector('Example.com/app=web'), 'label_filter'), /prefix part must be a lowercase DNS subdomain/);
    assert.match(messageOf(() => validateLabelSelector('/app'), 'label_filter'), /prefix part must be non-empty/);
    assert.match(messageOf(() => validateLabelSelector('a/b/c'), 'label_filter'), /one "\/"/);
    assert.match(messageOf(() => validateLabelSelector(`${'k'.repeat(64)}=v`), 'label_filter'), /no more than 63 characters/);
    assert.match(messageOf(() => validateLabelSelector(`${'p'.repeat(254)}/k`), 'label_filter'), /no more than 253 characters/);
  });

  it('refuses invalid label values', () => {
    for (const selector of ['app=-web', 'app=web-', 'app in (ok,b@d)', 'app=wéb', `app=${'v'.repeat(64)}`, 'app=../secrets']) {
      assert.match(messageOf(() => validateLabelSelector(selector), 'label_filter'), /invalid label value/, selector);
    }
  });

  it('refuses non-integer values for > and <', () => {
    assert.match(messageOf(() => validateLabelSelector('replicas>many'), 'label_filter'), /must be an integer/);
    assert.match(messageOf(() => validateLabelSelector('replicas>-1'), 'label_filter'), /invalid label value/);
  });

  it('refuses selectors that start with an operator or a stray symbol', () => {
    for (const selector of ['=web', ',app', '(a)', 'app)', 'app in (a', 'app in (a b)', 'app notin', 'app=(x)', '!']) {
      assert.match(messageOf(() => validateLabelSelector(selector), 'label_filter'), /found/, selector);
    }
  });

  it('shortens very long selectors in the message', () => {
    const message = messageOf(() => validateLabelSelector(`app in (${'a,'.repeat(5000)}`), 'label_filter');
    assert.ok(message.length < 600, `${message.length} characters`);
  });

  it('refuses non-strings', () => {
    assert.match(messageOf(() => validateLabelSelector(42 as unknown as string), 'label_filter'), /expected a string/);
  });
});

describe('validateFieldSelector', () => {
  it('accepts equality terms with escaped values', () => {
    const valid = ['', 'status.phase=Running', 'metadata.name==web', 'spec.nodeName!=node-1', 'a=b,,c=d', 'metadata.name=',
      'status.phase=Running,spec.restartPolicy=Always', 'metadata.name=a\\,b', 'metadata.name=a\\=b', 'metadata.name=a\\\\b',
      'involvedObject.kind=Pod', 'spec.schedulerName=default-scheduler', 'type=Opaque'];
    for (const selector of valid) assert.doesNotThrow(() => validateFieldSelector(selector), selector);
  });

  it('refuses a term without an operator', () => {
    assert.match(messageOf(() => validateFieldSelector('status.phase'), 'field_filter'), /can't understand "status.phase"/);
  });

  it('refuses set-based syntax with a hint', () => {
    assert.match(messageOf(() => validateFieldSelector('status.phase in (Running)'), 'field_filter'), /no "in"/);
  });

  it('refuses keys with spaces or path characters', () => {
    for (const selector of ['status phase=Running', ' status.phase=Running', '=Running', 'metadata/name=x', 'status.phase =Running']) {
      assert.match(messageOf(() => validateFieldSelector(selector), 'field_filter'), /is not a field path/, selector);
    }
  });

  it('refuses an unescaped "=" in the value and bad escapes', () => {
    assert.match(messageOf(() => validateFieldSelector('metadata.name=a=b'), 'field_filter'), /unescaped character in value: =/);
    assert.match(messageOf(() => validateFieldSelector('metadata.name=a\\xb'), 'field_filter'), /invalid escape sequence: \\x/);
    assert.match(messageOf(() => validateFieldSelector('metadata.name=a\\'), 'field_filter'), /trailing/);
  });

  it('leaves the choice of supported fields to the server', () => {
    assert.doesNotThrow(() => validateFieldSelector('spec.replicas=2'));
  });
});
