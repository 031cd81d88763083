// The extension's policy settings (package.json) against the policy core (their defaults are checked with every
// other setting's in optionDefaults.test.ts): the values they offer, and what the Contexts
// view says about a context's policy (mode, where it is set, the namespace and resource rules).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY, resolvePolicy } from '../../src/core/policy/policy';
import { summarizeContextPolicy } from '../../src/extension/contextPolicySummary';
import { repoRoot } from '../support/repoRoot';

interface SettingSchema { default?: unknown; enum?: unknown[]; additionalProperties?: { properties?: { mode?: { enum?: unknown[] } } } }

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const settings = manifest.contributes.configuration.properties;

describe('policy settings in package.json', () => {
  it('offer the values the policy takes', () => {
    assert.deepEqual(settings['k8sMcp.confirmWrites']?.enum, ['always', 'destructive', 'never']);
    assert.deepEqual(settings['k8sMcp.contexts']?.additionalProperties?.properties?.mode?.enum, ['read-only', 'read-write']);
  });
});

describe('summarizeContextPolicy (the Contexts view)', () => {
  const policy = resolvePolicy([
    { values: { defaultMode: 'read-only' }, describe: (key) => `${key} from the k8sMcp.readWrite setting` },
    {
      values: {
        contexts: { dev: { mode: 'read-write' } },
        allowedNamespaces: ['team-*'],
        deniedResources: [{ group: '', resource: 'secrets' }, { group: 'rbac.authorization.k8s.io', resource: '*' }],
      },
      describe: (key) => `${key} from the k8sMcp.${/^\w+/.exec(key)![0]} setting`,
    },
  ]);

  it('gives a listed context its own mode and says where it is set', () => {
    assert.deepEqual(summarizeContextPolicy(policy, 'dev'), {
      mode: 'read-write', modeSource: 'contexts.dev.mode from the k8sMcp.contexts setting',
      protectedNamespaces: 'kube-system, kube-public, kube-node-lease', allowedNamespaces: 'team-*',
      deniedResources: 'secrets, *.rbac.authorization.k8s.io',
    });
  });

  it('gives any other context the default mode, and says "all" and "none" for empty rules', () => {
    const summary = summarizeContextPolicy(DEFAULT_POLICY, 'prod');
    assert.deepEqual([summary.mode, summary.modeSource, summary.allowedNamespaces, summary.deniedResources], ['read-only', 'defaultMode, default', 'all', 'none']);
    assert.equal(summarizeContextPolicy(policy, 'prod').modeSource, 'defaultMode from the k8sMcp.readWrite setting');
  });
});
