// Each default is stated once (DEFAULT_OPTIONS in src/server/options.ts); the CLI's flags and --help, and the
// extension's settings as package.json declares them, must say the same, or a user reading one place is misled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { helpText, parseArgs } from '../../src/cli/parseArgs';
import { DEFAULT_OPTIONS, EXEC_TIMEOUT_CAP_SECONDS, MAX_ANSWER_BYTES_RANGE } from '../../src/server/options';
import { repoRoot } from '../support/repoRoot';

interface SettingSchema { default?: unknown; minimum?: number; maximum?: number }

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const settings = manifest.contributes.configuration.properties;

/** Settings of the extension alone, with no server option behind them. */
const EXTENSION_ONLY = ['k8sMcp.kubeconfig', 'k8sMcp.updateKubeconfigCurrentContext'];

/** The option a setting sets: the same dotted path in the options, or in their policy (SPEC §7 keys). */
function optionDefault(key: string): { found: boolean; value: unknown } {
  const walk = (from: unknown): { found: boolean; value: unknown } => {
    let value = from;
    for (const part of key.replace(/^k8sMcp\./, '').split('.')) {
      if (typeof value !== 'object' || value === null || !(part in value)) return { found: false, value: undefined };
      value = (value as Record<string, unknown>)[part];
    }
    return { found: true, value };
  };
  // The policy holds `contexts` as its rule list; the setting writes the same rules as a NAME → { mode } map.
  if (key === 'k8sMcp.contexts') return { found: true, value: Object.fromEntries(DEFAULT_OPTIONS.policy.contexts.map((r) => [r.pattern, { mode: r.mode }])) };
  const direct = walk(DEFAULT_OPTIONS);
  return direct.found ? direct : walk(DEFAULT_OPTIONS.policy);
}

describe('option defaults, stated once', () => {
  it('every k8sMcp.* setting in package.json defaults to the value of the option it sets', () => {
    for (const [key, schema] of Object.entries(settings)) {
      if (EXTENSION_ONLY.includes(key)) continue;
      const option = optionDefault(key);
      assert.ok(option.found, `${key} sets no server option; name the option the same, or list the setting as extension-only`);
      assert.deepEqual(schema.default, option.value, `package.json's default for ${key}`);
    }
  });

  it('package.json caps exec timeouts and the answer budget where the server does', () => {
    assert.equal(settings['k8sMcp.exec.defaultTimeoutSeconds']?.maximum, EXEC_TIMEOUT_CAP_SECONDS);
    assert.equal(settings['k8sMcp.exec.maxTimeoutSeconds']?.maximum, EXEC_TIMEOUT_CAP_SECONDS);
    assert.equal(settings['k8sMcp.maxAnswerBytes']?.minimum, MAX_ANSWER_BYTES_RANGE.min);
    assert.equal(settings['k8sMcp.maxAnswerBytes']?.maximum, MAX_ANSWER_BYTES_RANGE.max);
  });

  it('the CLI without flags or environment starts from the table', () => {
    const { server } = parseArgs([], {});
    const { kubeconfig: _kubeconfig, context: _context, namespace: _namespace, ...rest } = server;
    assert.deepEqual(rest, { ...DEFAULT_OPTIONS });
  });

  it('--help states the defaults of the table', () => {
    const help = helpText('1.2.3');
    const d = DEFAULT_OPTIONS;
    for (const [flag, value] of [
      ['rate-limit-read', d.rateLimit.read], ['rate-limit-write', d.rateLimit.write], ['rate-limit-default', d.rateLimit.default],
      ['request-timeout', d.requestTimeoutMs / 1000], ['max-answer-bytes', d.maxAnswerBytes], ['read-write', d.readWrite],
      ['serve-resources', d.serveResources], ['allow-secret-values', d.allowSecretValues], ['auth-mode', d.authMode],
    ] as const) {
      const row = help.split('\n').findIndex((line) => line.startsWith(`  --${flag} `) || line === `  --${flag}`);
      assert.ok(row >= 0, `--${flag} is in --help`);
      // A description can wrap: the default is said before the next flag's row.
      const text = (help.split('\n').slice(row).join(' ').split(/\s--(?=[a-z])/)[1] ?? '').replace(/\s+/g, ' ');
      assert.match(text, new RegExp(`default ${String(value)}\\b`), `--${flag} says its default`);
    }
  });
});
