import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_POLICY, defaultModeLayer, resolvePolicy, type PolicyLayer } from '../../src/core/policy/policy';
import { loadPolicyFile, policyFromEnv } from '../../src/core/policy/policySources';

function writePolicy(text: string, name = 'policy.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-policy-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('policy merge: defaults < config file < environment < flags', () => {
  it('defaults to read-only everywhere with the control-plane namespaces protected', () => {
    assert.equal(DEFAULT_POLICY.defaultMode, 'read-only');
    assert.deepEqual(DEFAULT_POLICY.protectedNamespaces, ['kube-system', 'kube-public', 'kube-node-lease']);
    assert.deepEqual(DEFAULT_POLICY.allowedNamespaces, []);
    assert.deepEqual(DEFAULT_POLICY.deniedResources, []);
    assert.deepEqual(DEFAULT_POLICY.contexts, []);
    assert.equal(DEFAULT_POLICY.confirmWrites, 'always');
    assert.equal(DEFAULT_POLICY.confirmFallback, 'deny');
    assert.equal(DEFAULT_POLICY.auditLog, undefined);
    assert.equal(DEFAULT_POLICY.sources.protectedNamespaces, 'protectedNamespaces, default');
  });

  it('takes every key from the file and records the file and key as the source', () => {
    const file = writePolicy([
      'defaultMode: read-write',
      'contexts:',
      '  prod: { mode: read-only }',
      'protectedNamespaces: [kube-system, platform-*]',
      'allowedNamespaces: [team-a]',
      'deniedResources:',
      '  - { group: "", resource: secrets }',
      'confirmWrites: destructive',
      'confirmFallback: allow',
      'auditLog: audit/writes.log',
    ].join('\n'));
    const policy = resolvePolicy([loadPolicyFile(file)]);
    assert.equal(policy.defaultMode, 'read-write');
    assert.deepEqual(policy.contexts, [{ pattern: 'prod', mode: 'read-only', source: `contexts.prod.mode in ${file}` }]);
    assert.deepEqual(policy.protectedNamespaces, ['kube-system', 'platform-*']);
    assert.deepEqual(policy.allowedNamespaces, ['team-a']);
    assert.deepEqual(policy.deniedResources, [{ group: '', resource: 'secrets' }]);
    assert.equal(policy.confirmWrites, 'destructive');
    assert.equal(policy.confirmFallback, 'allow');
    assert.equal(policy.auditLog, path.join(path.dirname(file), 'audit', 'writes.log'));
    assert.equal(policy.sources.defaultMode, `defaultMode in ${file}`);
    assert.equal(policy.sources.confirmFallback, `confirmFallback in ${file}`);
  });

  it('lets the environment override the file, key by key', () => {
    const file = writePolicy('defaultMode: read-write\nconfirmWrites: never\nprotectedNamespaces: [kube-system]\n');
    const policy = resolvePolicy([
      loadPolicyFile(file),
      policyFromEnv({ K8S_MCP_DEFAULT_MODE: 'read-only', K8S_MCP_PROTECTED_NAMESPACES: 'kube-system, infra' }),
    ]);
    assert.equal(policy.defaultMode, 'read-only');
    assert.equal(policy.sources.defaultMode, 'defaultMode from K8S_MCP_DEFAULT_MODE');
    assert.deepEqual(policy.protectedNamespaces, ['kube-system', 'infra']);
    assert.equal(policy.sources.protectedNamespaces, 'protectedNamespaces from K8S_MCP_PROTECTED_NAMESPACES');
    assert.equal(policy.confirmWrites, 'never', 'keys the environment leaves unset keep the file value');
    assert.equal(policy.sources.confirmWrites, `confirmWrites in ${file}`);
  });

  it('lets a flag override the environment and the file', () => {
    const file = writePolicy('defaultMode: read-only\n');
    const policy = resolvePolicy([
      loadPolicyFile(file),
      policyFromEnv({ K8S_MCP_DEFAULT_MODE: 'read-only' }),
      defaultModeLayer(true, '--read-write'),
    ]);
    assert.equal(policy.defaultMode, 'read-write');
    assert.equal(policy.sources.defaultMode, 'defaultMode from --read-write');
  });

  it('reads denied resources from the environment in kubectl resource.group form', () => {
    const policy = resolvePolicy([policyFromEnv({ K8S_MCP_DENIED_RESOURCES: 'secrets,*.rbac.authorization.k8s.io,pods/exec' })]);
    assert.deepEqual(policy.deniedResources, [
      { group: '', resource: 'secrets' },
      { group: 'rbac.authorization.k8s.io', resource: '*' },
      { group: '', resource: 'pods/exec' },
    ]);
  });

  it('treats empty environment variables as unset', () => {
    const policy = resolvePolicy([policyFromEnv({ K8S_MCP_PROTECTED_NAMESPACES: '', K8S_MCP_DEFAULT_MODE: ' ' })]);
    assert.deepEqual(policy.protectedNamespaces, DEFAULT_POLICY.protectedNamespaces);
    assert.equal(policy.sources.defaultMode, 'defaultMode, default');
  });

  it('replaces lists whole: an empty protectedNamespaces removes the default protection', () => {
    const file = writePolicy('protectedNamespaces: []\n');
    assert.deepEqual(resolvePolicy([loadPolicyFile(file)]).protectedNamespaces, []);
  });

  it('merges contexts by name; a later layer wins for the same name', () => {
    const layer = (mode: 'read-only' | 'read-write', where: string, names: string[]): PolicyLayer => ({
      values: { contexts: Object.fromEntries(names.map((n) => [n, { mode }])) },
      describe: (key) => `${key} in ${where}`,
    });
    const policy = resolvePolicy([layer('read-only', 'user settings', ['dev', 'prod']), layer('read-write', 'workspace settings', ['dev'])]);
    assert.deepEqual(policy.contexts.map((c) => [c.pattern, c.mode, c.source]), [
      ['dev', 'read-write', 'contexts.dev.mode in workspace settings'],
      ['prod', 'read-only', 'contexts.prod.mode in user settings'],
    ]);
  });

  it('is frozen all the way down', () => {
    const file = writePolicy('contexts: { dev: { mode: read-write } }\ndeniedResources: [{ group: "", resource: secrets }]\n');
    const policy = resolvePolicy([loadPolicyFile(file)]);
    assert.ok(Object.isFrozen(policy));
    assert.ok(Object.isFrozen(policy.contexts) && Object.isFrozen(policy.contexts[0]));
    assert.ok(Object.isFrozen(policy.deniedResources) && Object.isFrozen(policy.deniedResources[0]));
    assert.ok(Object.isFrozen(policy.protectedNamespaces) && Object.isFrozen(policy.sources));
  });

  it('reads JSON files as well as YAML', () => {
    const file = writePolicy(JSON.stringify({ defaultMode: 'read-write', contexts: { prod: { mode: 'read-only' } } }), 'policy.json');
    const policy = resolvePolicy([loadPolicyFile(file)]);
    assert.equal(policy.defaultMode, 'read-write');
    assert.equal(policy.contexts[0]?.pattern, 'prod');
  });

  it('accepts "core" as the core group and expands ~ in the audit log path', () => {
    const file = writePolicy('deniedResources: [{ group: core, resource: secrets }]\nauditLog: ~/k8s-mcp/audit.log\n');
    const policy = resolvePolicy([loadPolicyFile(file, '/home/someone')]);
    assert.deepEqual(policy.deniedResources, [{ group: '', resource: 'secrets' }]);
    assert.equal(policy.auditLog, '/home/someone/k8s-mcp/audit.log');
  });

  it('treats an empty file as no settings', () => {
    assert.deepEqual(resolvePolicy([loadPolicyFile(writePolicy(''))]), DEFAULT_POLICY);
  });
});
