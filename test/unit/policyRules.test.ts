import * as assert from 'node:assert/strict';
import { resolvePolicy, type Policy, type PolicyInput } from '../../src/core/policy/policy';
import { checkPolicyContexts } from '../../src/core/policy/policyContexts';
import {
  deniedResource, evaluatePolicy, filterAllowedNamespaces, mayAnyContextWrite, modeOf, needsConfirmation,
  type PolicyDecision, type PolicyRequest,
} from '../../src/core/policy/policyRules';

const FILE = '/etc/k8s-mcp/policy.yaml';

/** A policy as if `values` came from FILE. */
function policy(values: PolicyInput): Policy {
  return resolvePolicy([{ values, describe: (key) => `${key} in ${FILE}` }]);
}

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return { context: 'dev', verb: 'create-or-apply', group: 'apps', resource: 'deployments', scope: { kind: 'namespace', namespace: 'web' }, name: 'api', ...overrides };
}

function refusal(decision: PolicyDecision): Extract<PolicyDecision, { allowed: false }> {
  assert.equal(decision.allowed, false, 'expected a refusal');
  return decision;
}

const devRwProdRo = policy({ defaultMode: 'read-only', contexts: { dev: { mode: 'read-write' }, prod: { mode: 'read-only' } } });

describe('policy rules', () => {
  describe('context mode', () => {
    it('allows a write to a read-write context', () => {
      assert.deepEqual(evaluatePolicy(devRwProdRo, request({ context: 'dev' })), { allowed: true });
    });

    it('refuses a write to a read-only context, naming the context, the rule, its file and the key that would allow it', () => {
      const r = refusal(evaluatePolicy(devRwProdRo, request({ context: 'prod' })));
      assert.equal(r.rule, 'contexts');
      assert.equal(r.source, `contexts.prod.mode in ${FILE}`);
      assert.match(r.message, /context "prod" is read-only \(rule: contexts\.prod\.mode in \/etc\/k8s-mcp\/policy\.yaml\)/);
      assert.match(r.message, /contexts\.prod\.mode: read-write/);
    });

    it('falls back to defaultMode for contexts not listed, and says so', () => {
      const r = refusal(evaluatePolicy(devRwProdRo, request({ context: 'staging' })));
      assert.equal(r.rule, 'defaultMode');
      assert.equal(r.source, `defaultMode in ${FILE}`);
    });

    it('lets reads through in a read-only context', () => {
      for (const verb of ['get', 'list'] as const) assert.equal(evaluatePolicy(devRwProdRo, request({ context: 'prod', verb })).allowed, true);
    });

    it('treats every write verb as a write', () => {
      for (const verb of ['create-or-apply', 'delete', 'exec', 'post'] as const) {
        assert.equal(evaluatePolicy(devRwProdRo, request({ context: 'prod', verb })).allowed, false, verb);
      }
    });

    it('matches globs, including across "/" in ARN-style context names', () => {
      const p = policy({ defaultMode: 'read-write', contexts: { '*prod*': { mode: 'read-only' } } });
      assert.equal(modeOf(p, 'arn:aws:eks:eu-west-1:123:cluster/prod-eu').mode, 'read-only');
      assert.equal(modeOf(p, 'kind-dev').mode, 'read-write');
    });

    it('prefers an exact entry over a glob, and read-only when several globs match', () => {
      const p = policy({ contexts: { 'prod-*': { mode: 'read-only' }, '*-sandbox': { mode: 'read-write' }, 'prod-sandbox': { mode: 'read-write' } } });
      assert.deepEqual(modeOf(p, 'prod-sandbox'), { mode: 'read-write', rule: 'contexts', source: `contexts.prod-sandbox.mode in ${FILE}` });
      const q = policy({ contexts: { 'prod-*': { mode: 'read-only' }, '*-sandbox': { mode: 'read-write' } } });
      assert.equal(modeOf(q, 'prod-sandbox').mode, 'read-only');
      assert.equal(modeOf(q, 'team-sandbox').mode, 'read-write');
    });
  });

  describe('protectedNamespaces', () => {
    const rw = policy({ defaultMode: 'read-write' });

    it('refuses writes in kube-system by default, and allows reading it', () => {
      const r = refusal(evaluatePolicy(rw, request({ scope: { kind: 'namespace', namespace: 'kube-system' } })));
      assert.equal(r.rule, 'protectedNamespaces');
      assert.equal(r.source, 'protectedNamespaces, default');
      assert.match(r.message, /namespace "kube-system" is protected/);
      assert.equal(evaluatePolicy(rw, request({ verb: 'get', scope: { kind: 'namespace', namespace: 'kube-system' } })).allowed, true);
    });

    it('protects the Namespace object itself from deletion', () => {
      const r = refusal(evaluatePolicy(rw, request({ verb: 'delete', group: '', resource: 'namespaces', scope: { kind: 'cluster' }, name: 'kube-public' })));
      assert.equal(r.rule, 'protectedNamespaces');
    });

    it('matches globs and can be emptied on purpose', () => {
      const p = policy({ defaultMode: 'read-write', protectedNamespaces: ['platform-*'] });
      assert.equal(evaluatePolicy(p, request({ scope: { kind: 'namespace', namespace: 'platform-logging' } })).allowed, false);
      assert.equal(evaluatePolicy(p, request({ scope: { kind: 'namespace', namespace: 'kube-system' } })).allowed, true);
    });

    it('refuses a write across all namespaces, which would reach the protected ones', () => {
      assert.equal(refusal(evaluatePolicy(rw, request({ scope: { kind: 'all-namespaces' } }))).rule, 'protectedNamespaces');
    });
  });

  describe('allowedNamespaces', () => {
    const p = policy({ defaultMode: 'read-write', allowedNamespaces: ['team-a', 'team-b-*'] });

    it('refuses reads and writes outside them, naming the list and where it is set', () => {
      for (const verb of ['get', 'list', 'delete'] as const) {
        const r = refusal(evaluatePolicy(p, request({ verb, scope: { kind: 'namespace', namespace: 'payments' } })));
        assert.equal(r.rule, 'allowedNamespaces');
        assert.match(r.message, /namespace "payments" is outside allowedNamespaces \[team-a, team-b-\*\] \(rule: allowedNamespaces in \/etc/);
      }
    });

    it('allows what they match', () => {
      assert.equal(evaluatePolicy(p, request({ scope: { kind: 'namespace', namespace: 'team-b-dev' } })).allowed, true);
    });

    it('allows cluster-scoped reads but refuses cluster-scoped writes', () => {
      assert.equal(evaluatePolicy(p, request({ verb: 'list', group: '', resource: 'nodes', scope: { kind: 'cluster' } })).allowed, true);
      const r = refusal(evaluatePolicy(p, request({ group: 'rbac.authorization.k8s.io', resource: 'clusterroles', scope: { kind: 'cluster' } })));
      assert.match(r.message, /confines writes to those namespaces, and this write is cluster-scoped/);
    });

    it('lets an all-namespaces list through, and the filter leaves out the rest and says how many', () => {
      assert.equal(evaluatePolicy(p, request({ verb: 'list', scope: { kind: 'all-namespaces' } })).allowed, true);
      const items = [{ ns: 'team-a' }, { ns: 'payments' }, { ns: 'team-b-x' }, { ns: 'kube-system' }, { ns: undefined }];
      const out = filterAllowedNamespaces(p, items, (i) => i.ns);
      assert.deepEqual(out.items.map((i) => i.ns), ['team-a', 'team-b-x', undefined]);
      assert.equal(out.leftOut, 2);
      assert.equal(out.note, `2 items in namespaces outside allowedNamespaces left out (allowedNamespaces in ${FILE}).`);
    });

    it('filters nothing and adds no note when empty', () => {
      const out = filterAllowedNamespaces(devRwProdRo, [{ ns: 'x' }], (i) => i.ns);
      assert.deepEqual(out, { items: [{ ns: 'x' }], leftOut: 0 });
    });
  });

  describe('deniedResources', () => {
    const p = policy({
      defaultMode: 'read-write',
      deniedResources: [{ group: '', resource: 'secrets' }, { group: 'rbac.authorization.k8s.io', resource: '*' }, { group: '', resource: 'pods/exec' }],
    });

    it('refuses reads and writes of a denied resource, in any context', () => {
      for (const verb of ['get', 'list', 'create-or-apply'] as const) {
        const r = refusal(evaluatePolicy(p, request({ verb, group: '', resource: 'secrets' })));
        assert.equal(r.rule, 'deniedResources');
        assert.match(r.message, /"secrets" is denied: no tool or resource URI reads or writes it \(rule: deniedResources in/);
      }
    });

    it('denies every resource of a group with "*", and only that group', () => {
      assert.match(refusal(evaluatePolicy(p, request({ verb: 'get', group: 'rbac.authorization.k8s.io', resource: 'roles' }))).message,
        /every resource of the API group "rbac\.authorization\.k8s\.io"/);
      assert.equal(deniedResource(p, 'apps', 'deployments'), undefined);
      assert.equal(deniedResource(p, 'example.com', 'secrets'), undefined, 'a CRD named secrets in another group is not the core Secret');
    });

    it('denies one subresource without denying its resource', () => {
      assert.equal(evaluatePolicy(p, request({ verb: 'exec', group: '', resource: 'pods', subresource: 'exec' })).allowed, false);
      assert.equal(evaluatePolicy(p, request({ verb: 'get', group: '', resource: 'pods', subresource: 'log' })).allowed, true);
      assert.deepEqual(deniedResource(p, '', 'pods'), undefined, 'the catalogue keeps pods');
    });

    it('is checked before the context mode, so the message names the strongest rule', () => {
      assert.equal(refusal(evaluatePolicy(devRwProdRo, request({ context: 'prod' }))).rule, 'contexts');
      const both = policy({ contexts: { prod: { mode: 'read-only' } }, deniedResources: [{ group: 'apps', resource: 'deployments' }] });
      assert.equal(refusal(evaluatePolicy(both, request({ context: 'prod' }))).rule, 'deniedResources');
    });
  });

  describe('write tools and confirmation', () => {
    it('may any context write: defaultMode or any read-write entry, or exactly per kubeconfig context when names are known', () => {
      assert.equal(mayAnyContextWrite(policy({})), false);
      assert.equal(mayAnyContextWrite(policy({ defaultMode: 'read-write' })), true);
      assert.equal(mayAnyContextWrite(devRwProdRo), true);
      assert.equal(mayAnyContextWrite(devRwProdRo, ['prod', 'staging']), false);
      assert.equal(mayAnyContextWrite(devRwProdRo, ['prod', 'dev']), true);
      assert.equal(mayAnyContextWrite(policy({ defaultMode: 'read-write', contexts: { prod: { mode: 'read-only' } } }), ['prod']), false);
    });

    it('asks for every write by default, only deletes and exec when destructive, never when never', () => {
      const writes = ['create-or-apply', 'delete', 'exec', 'post'] as const;
      assert.deepEqual(writes.map((v) => needsConfirmation(policy({}), v)), [true, true, true, true]);
      assert.deepEqual(writes.map((v) => needsConfirmation(policy({ confirmWrites: 'destructive' }), v)), [false, true, true, false]);
      assert.deepEqual(writes.map((v) => needsConfirmation(policy({ confirmWrites: 'never' }), v)), [false, false, false, false]);
      assert.equal(needsConfirmation(policy({}), 'get'), false);
    });
  });

  describe('contexts checked against the kubeconfig', () => {
    it('is an error when a read-only entry under a read-write default names no context (a typo would leave prod writable)', () => {
      const p = policy({ defaultMode: 'read-write', contexts: { prdo: { mode: 'read-only' } } });
      const check = checkPolicyContexts(p, ['dev', 'prod']);
      assert.equal(check.errors.length, 1);
      assert.match(check.errors[0]!, /contexts\.prdo\.mode in \/etc\/k8s-mcp\/policy\.yaml names no kubeconfig context \(did you mean "prod"\? contexts: dev, prod\)/);
      assert.deepEqual(check.warnings, []);
    });

    it('is a warning when the entry is no stricter than defaultMode', () => {
      const p = policy({ contexts: { 'sandbox-*': { mode: 'read-write' } } });
      const check = checkPolicyContexts(p, ['dev', 'prod']);
      assert.deepEqual(check.errors, []);
      assert.match(check.warnings[0]!, /contexts\.sandbox-\*\.mode in .* is a glob that matches no kubeconfig context .*; the entry has no effect\./);
    });

    it('is silent when every entry matches', () => {
      assert.deepEqual(checkPolicyContexts(devRwProdRo, ['dev', 'prod']), { errors: [], warnings: [] });
    });
  });
});
