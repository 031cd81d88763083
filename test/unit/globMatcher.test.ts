import { strict as assert } from 'node:assert';
import { anyOf, globMatcher } from '../../src/core/policy/globMatcher';

describe('policy globs', () => {
  it('matches any of several names and globs with one matcher', () => {
    const m = anyOf(['prod', 'team-*', 'stage-?']);
    for (const name of ['prod', 'team-a', 'team-', 'stage-1']) assert.equal(m(name), true, name);
    for (const name of ['production', 'xprod', 'stage-12', 'team']) assert.equal(m(name), false, name);
  });

  it('keeps regex characters literal, and a glob anchored at both ends', () => {
    const m = anyOf(['a.b', 'arn:aws:eks:*:cluster/prod', '(x)|y*']);
    assert.equal(m('a.b'), true);
    assert.equal(m('axb'), false);
    assert.equal(m('arn:aws:eks:eu-west-1:1234:cluster/prod'), true);
    assert.equal(m('arn:aws:eks:eu-west-1:1234:cluster/prod-2'), false);
    assert.equal(m('(x)|yz'), true);
    assert.equal(m('x'), false);
  });

  it('matches nothing with no patterns', () => {
    assert.equal(anyOf([])('anything'), false);
    assert.equal(globMatcher('*')('anything'), true);
  });
});
