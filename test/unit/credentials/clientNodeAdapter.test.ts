// The behaviour of @kubernetes/client-node our credentials depend on, pinned through the one adapter that uses
// it: an upgrade that changes its parser, applyToHTTPSOptions or the private authenticators/execFn fails here
// before it breaks a user's kubeconfig. Plugins are small local Node scripts; no network.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  clientNodeAuthConfig, clientNodeConfigFromDocument, clientNodeCredentials, watchPluginProcesses,
} from '../../../src/core/credentials/clientNodeAdapter';
import { waitFor } from '../../support/waitFor';

const HTTPS_SERVER = 'https://10.0.0.1:6443';
const PEM = { cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', key: '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n' };

describe('clientNodeAdapter', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-adapter-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A one-context kubeconfig document for `user` on `cluster`. */
  type Entry = Record<string, unknown>;
  const documentFor = (user: Entry, cluster: Entry = { server: HTTPS_SERVER }): Entry => ({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'ctx',
    clusters: [{ name: 'c', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
  });
  const kubeConfigFor = (user: Entry, cluster?: Entry): KubeConfig => clientNodeConfigFromDocument(documentFor(user, cluster), dir);

  /** An ExecCredential plugin script that records its pid (and env) and prints `status`, or hangs. */
  function plugin(name: string, status: Record<string, unknown> | 'hang'): { command: string; runs: string; env: string } {
    const command = path.join(dir, name);
    const runs = `${command}.runs`;
    const env = `${command}.env.json`;
    const answer = status === 'hang'
      ? 'setTimeout(() => {}, 600000);'
      : `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: ${JSON.stringify(status)} }));`;
    fs.writeFileSync(command, `#!${process.execPath}\nconst fs = require('fs');\nfs.appendFileSync(${JSON.stringify(runs)}, process.pid + '\\n');\n`
      + `fs.writeFileSync(${JSON.stringify(env)}, JSON.stringify({ info: process.env.KUBERNETES_EXEC_INFO, foo: process.env.FOO }));\n${answer}\n`, { mode: 0o755 });
    return { command, runs, env };
  }
  const execUser = (command: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command, ...extra } });

  // A generous bound: a plugin can take seconds to start on a loaded 2-core machine.
  const until = (condition: () => boolean, what: string): Promise<true> =>
    waitFor(() => condition() || undefined, { what, timeoutMs: 30_000 });

  describe('clientNodeConfigFromDocument', () => {
    it('leaves token-file out: client-node itself would read it at once, relative to the working directory', () => {
      const doc = documentFor({ 'token-file': 'no/such/token' });
      assert.throws(() => new KubeConfig().loadFromString(JSON.stringify(doc)), /ENOENT/);
      const kc = clientNodeConfigFromDocument(doc, dir);
      assert.equal(kc.getCurrentUser()?.name, 'u');
      assert.equal(kc.getCurrentUser()?.token, undefined);
      assert.equal((doc.users as Array<{ user: Record<string, unknown> }>)[0]!.user['token-file'], 'no/such/token', 'the document is not changed');
    });

    it('makes certificate and CA paths absolute against the kubeconfig folder', () => {
      const kc = kubeConfigFor({ 'client-certificate': 'certs/me.crt', 'client-key': 'certs/me.key' }, { server: HTTPS_SERVER, 'certificate-authority': 'ca.crt' });
      assert.equal(kc.getCurrentUser()?.certFile, path.join(dir, 'certs/me.crt'));
      assert.equal(kc.getCurrentUser()?.keyFile, path.join(dir, 'certs/me.key'));
      assert.equal(kc.getCurrentCluster()?.caFile, path.join(dir, 'ca.crt'));
    });
  });

  describe('clientNodeCredentials', () => {
    it('sends a token as Bearer and `as` as Impersonate-User', async () => {
      const creds = await clientNodeCredentials(kubeConfigFor({ token: 'abc', as: 'jane' }));
      assert.deepEqual(creds, { headers: { Authorization: 'Bearer abc', 'Impersonate-User': 'jane' } });
    });

    it('turns username and password (client-node\'s opts.auth) into Basic authorization', async () => {
      const creds = await clientNodeCredentials(kubeConfigFor({ username: 'admin', password: 's3cret' }));
      assert.equal(creds.headers.Authorization, `Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
    });

    it('does not take the kubeconfig\'s own client certificate for a plugin\'s', async () => {
      const data = { 'client-certificate-data': Buffer.from(PEM.cert).toString('base64'), 'client-key-data': Buffer.from(PEM.key).toString('base64') };
      assert.equal((await clientNodeCredentials(kubeConfigFor(data))).pluginCert, undefined);
    });

    it('refuses an http:// server unless asked as plain HTTP, then sends its token', async () => {
      const kc = kubeConfigFor({ token: 'abc' }, { server: 'http://127.0.0.1:8001' });
      await assert.rejects(clientNodeCredentials(kc), /HTTP protocol is not allowed/);
      const creds = await clientNodeCredentials(clientNodeAuthConfig(kc, {}, { plainHttp: true }));
      assert.equal(creds.headers.Authorization, 'Bearer abc');
    });

    it('hands over a client certificate an exec plugin prints, as PEM strings', async () => {
      const p = plugin('cert-plugin', { clientCertificateData: PEM.cert, clientKeyData: PEM.key });
      const kc = kubeConfigFor(execUser(p.command));
      const creds = await clientNodeCredentials(clientNodeAuthConfig(kc, {}, { plainHttp: false }));
      assert.deepEqual(creds.pluginCert, PEM);
      assert.equal(creds.headers.Authorization, undefined);
    });

    it('runs the resolved plugin command with KUBERNETES_EXEC_INFO beside the entry\'s own env', async () => {
      const p = plugin('info-plugin', { token: 'from-plugin' });
      const kc = kubeConfigFor(execUser('./written-relative', { provideClusterInfo: true, env: [{ name: 'FOO', value: 'bar' }] }));
      const creds = await clientNodeCredentials(clientNodeAuthConfig(kc, { execCommand: p.command }, { plainHttp: false }));
      assert.equal(creds.headers.Authorization, 'Bearer from-plugin');
      const seen = JSON.parse(fs.readFileSync(p.env, 'utf8')) as { info: string; foo: string };
      assert.equal(seen.foo, 'bar');
      assert.deepEqual(JSON.parse(seen.info), { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false, cluster: { server: HTTPS_SERVER } } });
    });
  });

  describe('clientNodeAuthConfig', () => {
    it('returns the KubeConfig itself when neither a plugin nor plain HTTP needs adjusting', () => {
      const kc = kubeConfigFor({ token: 'abc' });
      assert.equal(clientNodeAuthConfig(kc, {}, { plainHttp: false }), kc);
    });

    it('adjusts a copy and leaves the given KubeConfig as it was', () => {
      const kc = kubeConfigFor(execUser('plugin', { env: [{ name: 'FOO', value: 'bar' }] }), { server: 'http://127.0.0.1:8001' });
      const copy = clientNodeAuthConfig(kc, { execCommand: '/opt/plugin' }, { plainHttp: true });
      assert.notEqual(copy, kc);
      assert.equal(copy.getCurrentCluster()?.skipTLSVerify, true);
      assert.equal((copy.getCurrentUser()?.exec as { command: string }).command, '/opt/plugin');
      assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false);
      assert.deepEqual(kc.getCurrentUser()?.exec, { apiVersion: 'client.authentication.k8s.io/v1', command: 'plugin', env: [{ name: 'FOO', value: 'bar' }] });
    });
  });

  describe('watchPluginProcesses', () => {
    it('sees the running plugins of its own KubeConfig only, until they exit', async () => {
      const p = plugin('hanging-plugin', 'hang');
      const kc = kubeConfigFor(execUser(p.command));
      const watched = clientNodeAuthConfig(kc, {}, { plainHttp: false });
      const other = clientNodeAuthConfig(kc, {}, { plainHttp: false });
      const running = watchPluginProcesses(watched);
      const othersRunning = watchPluginProcesses(other);
      assert.ok(running && othersRunning, 'client-node still spawns plugins through authenticators[].execFn');
      const lookup = clientNodeCredentials(watched);
      await until(() => running.size === 1, 'the plugin run shows up while it runs');
      assert.equal(othersRunning.size, 0);
      const [child] = [...running];
      // The file exists from the plugin's open() on, before its pid is written: wait for the pid itself.
      await until(() => fs.existsSync(p.runs) && fs.readFileSync(p.runs, 'utf8').trim() !== '', 'the plugin started');
      assert.equal(Number(fs.readFileSync(p.runs, 'utf8').trim()), child!.pid);
      child!.kill('SIGTERM');
      await assert.rejects(lookup);
      assert.equal(running.size, 0);
    });
  });
});
