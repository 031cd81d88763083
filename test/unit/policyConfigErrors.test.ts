import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicyFile, PolicyConfigError, policyFromEnv } from '../../src/core/policy/policySources';

function writePolicy(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-policy-'));
  const file = path.join(dir, 'policy.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** The message of the PolicyConfigError loading `text` throws. */
function fileError(text: string): { file: string; message: string } {
  const file = writePolicy(text);
  try {
    loadPolicyFile(file);
  } catch (err) {
    assert.ok(err instanceof PolicyConfigError, String(err));
    return { file, message: err.message };
  }
  return assert.fail(`expected ${JSON.stringify(text)} to be refused`);
}

function envError(env: NodeJS.ProcessEnv): string {
  try {
    policyFromEnv(env);
  } catch (err) {
    assert.ok(err instanceof PolicyConfigError, String(err));
    return err.message;
  }
  return assert.fail('expected the environment to be refused');
}

describe('policy config errors', () => {
  it('names the file and an unknown top-level key, with a suggestion', () => {
    const { file, message } = fileError('defaultMod: read-write\n');
    assert.ok(message.includes(file), message);
    assert.match(message, /unknown key "defaultMod" \(did you mean "defaultMode"\?\)/);
  });

  it('names the path of an unknown nested key', () => {
    const { message } = fileError('contexts:\n  prod:\n    mdoe: read-only\n');
    assert.match(message, /contexts\.prod: unknown key "mdoe" \(did you mean "mode"\?\)/);
  });

  it('says which values a key takes when given another', () => {
    assert.match(fileError('defaultMode: rw\n').message, /defaultMode: must be read-only or read-write, not "rw"/);
    assert.match(fileError('confirmWrites: sometimes\n').message, /confirmWrites: must be always or destructive or never, not "sometimes"/);
  });

  it('names the key of a wrong type', () => {
    assert.match(fileError('protectedNamespaces: kube-system\n').message, /protectedNamespaces: must be a list, not string "kube-system"/);
    assert.match(fileError('contexts: [prod]\n').message, /contexts: must be a mapping, not a list/);
    assert.match(fileError('allowedNamespaces: [1]\n').message, /allowedNamespaces\[0\]: must be a string, not number 1/);
  });

  it('requires the group of a denied resource, so a missing one cannot silently deny nothing', () => {
    assert.match(fileError('deniedResources: [{ resource: deployments }]\n').message, /deniedResources\[0\]\.group: is required/);
  });

  it('refuses a Kind where a plural resource name belongs', () => {
    assert.match(fileError('deniedResources: [{ group: "", resource: Secret }]\n').message, /"Secret" looks like a Kind: use the plural resource name/);
  });

  it('refuses namespace entries that are neither names nor globs', () => {
    assert.match(fileError('protectedNamespaces: ["Kube_System"]\n').message, /"Kube_System" is not a namespace name or glob/);
  });

  it('reports malformed YAML with its line', () => {
    const { file, message } = fileError('contexts:\n  prod: { mode: read-only\n');
    assert.ok(message.startsWith(`Policy file ${file} is not valid YAML or JSON:`), message);
    assert.match(message, /line \d+/);
  });

  it('refuses duplicate keys rather than letting the last one win silently', () => {
    assert.match(fileError('contexts:\n  prod: { mode: read-only }\n  prod: { mode: read-write }\n').message, /keys must be unique/i);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    assert.match(fileError(`${lines.join('\n')}\n`).message, /cannot be read: .*alias/i);
  });

  it('refuses a file that is not a mapping', () => {
    assert.match(fileError('- defaultMode: read-write\n').message, /must hold a mapping of policy keys .*not a list/);
  });

  it('names a file that cannot be read', () => {
    assert.throws(() => loadPolicyFile('/nonexistent/policy.yaml'), /Cannot read policy file \/nonexistent\/policy\.yaml: ENOENT/);
  });

  it('lists several problems at once', () => {
    const { message } = fileError('defaultMode: rw\nconfirmFallback: maybe\n');
    assert.match(message, /defaultMode: .*\n.*confirmFallback: /);
  });

  it('names the environment variable (and list item) at fault', () => {
    assert.match(envError({ K8S_MCP_DEFAULT_MODE: 'yes' }), /K8S_MCP_DEFAULT_MODE: must be read-only or read-write, not "yes"/);
    assert.match(envError({ K8S_MCP_ALLOWED_NAMESPACES: 'team-a,Team_B' }), /K8S_MCP_ALLOWED_NAMESPACES \(item 2\): "Team_B" is not a namespace/);
    assert.match(envError({ K8S_MCP_DENIED_RESOURCES: 'Secret' }), /K8S_MCP_DENIED_RESOURCES \(item 1\): "Secret" looks like a Kind/);
  });
});
