// What a kubeconfig user entry says that client-node drops (tokenFile, as-groups/as-uid/as-user-extra, an exec
// command relative to the file), resolved once when the kubeconfig is loaded and carried on the context.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { impersonationHeaders, readTokenFile, resolveUsers } from '../../../src/core/credentials/resolvedContext';
import { loadKubeconfig } from '../../../src/core/client/kubeconfig';

describe('resolved kubeconfig users', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-resolved-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const usersDoc = (user: Record<string, unknown>): unknown => ({ users: [{ name: 'u', user }] });

  it('reads tokenFile (or token-file) against the kubeconfig folder, and ignores it when a token is given', () => {
    assert.deepEqual(resolveUsers(usersDoc({ tokenFile: 'tokens/t' }), '/kube').get('u'), { tokenFile: path.resolve('/kube', 'tokens/t') });
    assert.deepEqual(resolveUsers(usersDoc({ 'token-file': '/abs/t' }), '/kube').get('u'), { tokenFile: '/abs/t' });
    assert.equal(resolveUsers(usersDoc({ token: 'abc', tokenFile: 'tokens/t' }), '/kube').has('u'), false);
  });

  it('keeps as-groups, as-uid and as-user-extra, without empty or non-string values', () => {
    const user = resolveUsers(usersDoc({ 'as-groups': ['devs', 7], 'as-uid': 'u-42', 'as-user-extra': { reason: ['debugging'], empty: [] } }), '/kube').get('u');
    assert.deepEqual(user, { impersonateGroups: ['devs'], impersonateUid: 'u-42', impersonateExtra: { reason: ['debugging'] } });
  });

  it('resolves an exec command with a path separator against the kubeconfig folder, and leaves a bare name to PATH', () => {
    assert.deepEqual(resolveUsers(usersDoc({ exec: { command: './bin/auth' } }), '/kube').get('u'), { execCommand: path.resolve('/kube', 'bin/auth') });
    assert.equal(resolveUsers(usersDoc({ exec: { command: 'kubelogin' } }), '/kube').has('u'), false);
    assert.equal(resolveUsers(usersDoc({ exec: { command: '/usr/bin/auth' } }), '/kube').has('u'), false);
  });

  it('skips entries without a name or a user map, and documents without users', () => {
    assert.equal(resolveUsers({ users: [{ user: { tokenFile: 't' } }, { name: 'x', user: 'text' }] }, '/kube').size, 0);
    assert.equal(resolveUsers(null, '/kube').size, 0);
  });

  it('turns the extras into Impersonate-* headers, with extra keys URL-encoded', () => {
    assert.deepEqual(impersonationHeaders({ impersonateGroups: ['a', 'b'], impersonateUid: 'u-1', impersonateExtra: { 'reason/why': ['x'] } }), {
      'Impersonate-Group': ['a', 'b'], 'Impersonate-Uid': 'u-1', 'Impersonate-Extra-reason%2Fwhy': ['x'],
    });
    assert.deepEqual(impersonationHeaders({}), {});
  });

  it('reads a token file without its trailing newline, and names the file it cannot read', () => {
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, 'abc\n');
    assert.equal(readTokenFile(file, 'ctx'), 'abc');
    assert.throws(() => readTokenFile(path.join(dir, 'missing'), 'ctx'), /Context "ctx": cannot read tokenFile .*missing \(ENOENT\)/);
  });

  it('carries each context\'s user extras from the file whose user entry wins the merge', () => {
    const write = (name: string, user: Record<string, unknown>, context: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': context,
        clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
        users: [{ name: 'shared', user }],
        contexts: [{ name: context, context: { cluster: 'c', user: 'shared' } }],
      }));
      return file;
    };
    const first = write('first.yaml', { token: 'abc', 'as-groups': ['devs'] }, 'one');
    const second = write('second.yaml', { tokenFile: 'token', 'as-uid': 'ignored' }, 'two');
    const loaded = loadKubeconfig({ kubeconfigEnv: [first, second].join(path.delimiter) });
    for (const name of ['one', 'two']) {
      const context = loaded.forContext(name);
      assert.equal(context.name, name);
      assert.deepEqual(context.user, { impersonateGroups: ['devs'] });
      assert.equal(context.kubeConfig.getCurrentContext(), name);
    }
    assert.equal(loaded.forContext('one'), loaded.forContext('one'), 'resolved once per context');
  });
});
