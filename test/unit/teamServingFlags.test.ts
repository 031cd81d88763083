/**
 * The SPEC §8 flags: identity passthrough, TLS, stateless and metrics, and the combinations that cannot work
 * (each a UsageError, which the program turns into exit code 2 with the message).
 */
import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/parseArgs';
import { fixturePath } from '../fake-apiserver/fixtures';

const pki = (name: string): string => fixturePath('pki', name);
const http = ['--transport', 'streamable-http'];

function refused(argv: string[], env: NodeJS.ProcessEnv, message: RegExp): void {
  assert.throws(() => parseArgs(argv, env), (err: unknown) => err instanceof UsageError && message.test(err.message));
}

describe('command line: serving a team (SPEC §8)', () => {
  it('defaults to the kubeconfig identity, plain HTTP, sessions and no metrics', () => {
    const cli = parseArgs(http, {});
    assert.equal(cli.server.authMode, 'kubeconfig');
    assert.deepEqual(cli.team, { authMode: 'kubeconfig', passthrough: undefined, tls: undefined, stateless: false, metrics: false });
  });

  it('takes passthrough from --auth-mode or MCP_AUTH_MODE, with the authorization server for the metadata', () => {
    const byFlag = parseArgs([...http, '--auth-mode', 'passthrough', '--authorization-server', 'https://issuer.example.com'], {});
    assert.equal(byFlag.server.authMode, 'passthrough');
    assert.deepEqual(byFlag.team.passthrough, { authorizationServers: ['https://issuer.example.com'] });
    assert.deepEqual(parseArgs(http, { MCP_AUTH_MODE: 'passthrough' }).team.passthrough, { authorizationServers: [] });
  });

  it('lets passthrough bind beyond loopback without --auth-token: every request must bring a Kubernetes token', () => {
    assert.equal(parseArgs([...http, '--host', '0.0.0.0', '--auth-mode', 'passthrough'], {}).host, '0.0.0.0');
    refused([...http, '--host', '0.0.0.0'], {}, /set --auth-token/);
  });

  it('refuses combinations that cannot work, saying what to change', () => {
    refused([...http, '--auth-mode', 'passthrough', '--auth-token', 't'], {}, /passthrough and --auth-token .* cannot be combined/);
    refused([...http, '--auth-mode', 'passthrough'], { MCP_AUTH_TOKEN: 't' }, /cannot be combined/);
    refused(['--transport', 'stdio', '--auth-mode', 'passthrough'], {}, /needs an HTTP transport/);
    refused([...http, '--auth-mode', 'oidc'], {}, /--auth-mode must be kubeconfig or passthrough, not "oidc"/);
    refused([...http, '--authorization-server', 'https://issuer.example.com'], {}, /goes with --auth-mode passthrough/);
    refused([...http, '--auth-mode', 'passthrough', '--authorization-server', 'issuer'], {}, /must be a URL/);
    refused(['--transport', 'sse', '--stateless'], {}, /--stateless serves Streamable HTTP only/);
  });

  it('loads a matching TLS pair, and refuses a lone, unreadable or mismatched one', () => {
    const tls = parseArgs([...http, '--tls-cert', pki('server.crt'), '--tls-key', pki('server.key')], {}).team.tls;
    assert.ok(tls && tls.cert.toString().includes('BEGIN CERTIFICATE'));
    refused([...http, '--tls-cert', pki('server.crt')], {}, /--tls-cert and --tls-key go together/);
    refused([...http, '--tls-key', pki('server.key')], {}, /go together/);
    refused([...http, '--tls-cert', pki('missing.crt'), '--tls-key', pki('server.key')], {}, /Cannot read the TLS certificate .*missing\.crt \(ENOENT\)/);
    refused([...http, '--tls-cert', pki('server.key'), '--tls-key', pki('server.key')], {}, /server\.key is not a PEM certificate/);
    refused([...http, '--tls-cert', pki('server.crt'), '--tls-key', pki('admin.key')], {}, /admin\.key is not the key of the certificate .*server\.crt \(CN=kube-apiserver\)/);
    refused(['--transport', 'stdio', '--tls-cert', pki('server.crt'), '--tls-key', pki('server.key')], {}, /need --transport sse or streamable-http/);
  });

  it('turns on stateless Streamable HTTP and metrics from flags or environment', () => {
    assert.equal(parseArgs([...http, '--stateless'], {}).team.stateless, true);
    assert.equal(parseArgs(http, { MCP_STATELESS: 'true', MCP_METRICS: '1' }).team.metrics, true);
  });
});
