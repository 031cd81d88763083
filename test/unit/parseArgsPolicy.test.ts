import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../src/cli/parseArgs';

function writePolicy(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-policy-')), 'policy.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('command-line policy: --config and K8S_MCP_CONFIG', () => {
  it('keeps today\'s behaviour without a config: read-only, and --read-write opens writes', () => {
    const plain = parseArgs([], {}).server;
    assert.equal(plain.readWrite, false);
    assert.equal(plain.policy.defaultMode, 'read-only');
    const rw = parseArgs(['--read-write'], {}).server;
    assert.equal(rw.readWrite, true);
    assert.equal(rw.policy.sources.defaultMode, 'defaultMode from --read-write');
  });

  it('loads the file given by --config, else by K8S_MCP_CONFIG', () => {
    const byFlag = writePolicy('defaultMode: read-write\n');
    const byEnv = writePolicy('confirmWrites: never\n');
    const flagWins = parseArgs(['--config', byFlag], { K8S_MCP_CONFIG: byEnv }).server;
    assert.equal(flagWins.policy.defaultMode, 'read-write');
    assert.equal(flagWins.policy.confirmWrites, 'always');
    assert.equal(flagWins.readWrite, true, 'defaultMode read-write in the file registers the write tools');
    assert.equal(parseArgs([], { K8S_MCP_CONFIG: byEnv }).server.policy.confirmWrites, 'never');
  });

  it('lets --read-write=false override a read-write file', () => {
    const file = writePolicy('defaultMode: read-write\n');
    const server = parseArgs(['--config', file, '--read-write=false'], {}).server;
    assert.equal(server.readWrite, false);
    assert.equal(server.policy.sources.defaultMode, 'defaultMode from --read-write=false');
  });

  it('lets the environment override the file', () => {
    const file = writePolicy('defaultMode: read-write\n');
    assert.equal(parseArgs(['--config', file], { K8S_MCP_DEFAULT_MODE: 'read-only' }).server.readWrite, false);
  });

  it('keeps the read-write switch (defaultMode) off for one read-write entry: the entry opens its own context only', () => {
    const file = writePolicy('contexts:\n  dev: { mode: read-write }\n');
    const server = parseArgs(['--config', file], {}).server;
    assert.equal(server.readWrite, false);
    assert.equal(server.policy.contexts[0]?.mode, 'read-write');
  });

  it('turns a broken file into a usage error (exit code 2) naming the file and key', () => {
    const file = writePolicy('defaultMode: rw\n');
    assert.throws(() => parseArgs(['--config', file], {}), (err: unknown) => err instanceof UsageError
      && err.message.includes(file) && /defaultMode: must be read-only or read-write/.test(err.message));
    assert.throws(() => parseArgs([], { K8S_MCP_CONFIRM_WRITES: 'sometimes' }), UsageError);
  });

  it('reads no policy for --help and --version', () => {
    assert.equal(parseArgs(['--help'], { K8S_MCP_CONFIG: '/nonexistent/policy.yaml' }).help, true);
  });
});
