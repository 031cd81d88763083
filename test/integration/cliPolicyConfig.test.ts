/**
 * The built command-line program with a policy file (`--config`): a broken file or a dangerous context typo
 * stops the start with exit code 2 and a message naming the file and key; a good file is served.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { repoRoot } from '../support/repoRoot';

const CLI = path.join(repoRoot(), 'dist', 'cli.js');

function writePolicy(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-policy-')), 'policy.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A CLI that starts serving stdio despite the policy would wait for input forever: end its stdin.
    child.stdin.end();
  });
}

describe('command-line program with a policy file', function () {
  this.timeout(30000);
  let fake: FakeApiServer;
  before(async () => { fake = await startFakeApiServer({ seed: 'sample' }); });
  after(async () => { await fake.close(); });

  it('exits 2 on a malformed file, naming the file', async () => {
    const file = writePolicy('contexts:\n  prod: { mode: read-only\n');
    const r = await run(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--config', file]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`Policy file ${file} is not valid YAML or JSON`), r.stderr);
    assert.equal(r.stdout, '');
  });

  it('exits 2 on an unknown key given through K8S_MCP_CONFIG', async () => {
    const file = writePolicy('defaultMode: read-write\nprotectedNamespace: [kube-system]\n');
    const r = await run(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath], { K8S_MCP_CONFIG: file });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown key "protectedNamespace" \(did you mean "protectedNamespaces"\?\)/);
  });

  it('exits 2 when a read-only entry under a read-write default names no context of the kubeconfig', async () => {
    const file = writePolicy('defaultMode: read-write\ncontexts:\n  fake-admn: { mode: read-only }\n');
    const r = await run(['--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--config', file]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`contexts.fake-admn.mode in ${file} names no kubeconfig context (did you mean "fake-admin"?`), r.stderr);
  });

  it('serves with a good file: defaultMode read-write lists the write tools, and its rules are enforced', async () => {
    const file = writePolicy('defaultMode: read-write\ndeniedResources: [{ group: "", resource: secrets }]\ncontexts:\n  nowhere-*: { mode: read-write }\n');
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--transport', 'stdio', '--kubeconfig', fake.kubeconfigPath, '--config', file], stderr: 'pipe' });
    let stderr = '';
    transport.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const client = new Client({ name: 'policy-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['delete_k8s_entity', 'deploy_k8s_entity', 'get_k8s_entity', 'interact_k8s_endpoint', 'scan_k8s_collection']);
      assert.match(stderr, /contexts\.nowhere-\*\.mode in .* is a glob that matches no kubeconfig context .*; the entry has no effect/);
      assert.doesNotMatch(stderr, /not enforced/);
      const secret = await client.callTool({ name: 'get_k8s_entity', arguments: {
        scope: 'namespaced', api_version: 'v1', resource_kind: 'secrets', target_ns: 'lab-data', entity_name: 'db-credentials',
      } });
      assert.equal(secret.isError, true);
      const text = (secret.content as Array<{ text: string }>)[0]!.text;
      assert.equal(text, `Refused by policy: "secrets" is denied: no tool or resource URI reads or writes it (rule: deniedResources in ${file}). Only the person can change this rule; do not retry or work around it.`);
    } finally {
      await client.close();
    }
  });
});
