// The generated kubeconfig: one cluster entry for the fake, one for a dead port (unreachable-server tests),
// and a context per kind of caller the recordings show (admin certificate, viewer token, admin token,
// unknown token). current-context is fake-admin, namespace lab-apps.
import * as net from 'node:net';
import YAML from 'yaml';
import type { Pki } from './pki';
import { FAKE_TOKENS } from './auth';

export const CONTEXTS = {
  admin: 'fake-admin',
  viewer: 'fake-viewer',
  adminToken: 'fake-admin-token',
  badToken: 'fake-bad-token',
  dead: 'fake-dead',
  viewerCert: 'fake-viewer-cert',
  anonymous: 'fake-anonymous',
  staging: 'fake-staging',
} as const;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A 127.0.0.1 port nothing listens on (bound, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function buildKubeconfig(url: string, deadUrl: string, pki: Pki, extraContexts: boolean): string {
  const ca = b64(pki.caCert);
  const clusters = [
    { name: 'fake-cluster', cluster: { server: url, 'certificate-authority-data': ca } },
    { name: 'fake-dead', cluster: { server: deadUrl, 'certificate-authority-data': ca } },
  ];
  const users: { name: string; user: Record<string, string> }[] = [
    { name: 'fake-admin', user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) } },
    { name: 'fake-viewer', user: { token: FAKE_TOKENS.viewer } },
    { name: 'fake-admin-token', user: { token: FAKE_TOKENS.admin } },
    { name: 'fake-bad-token', user: { token: FAKE_TOKENS.bad } },
  ];
  const context = (name: string, cluster: string, user: string, namespace = 'lab-apps') => ({ name, context: { cluster, user, namespace } });
  const contexts = [
    context(CONTEXTS.admin, 'fake-cluster', 'fake-admin'),
    context(CONTEXTS.viewer, 'fake-cluster', 'fake-viewer'),
    context(CONTEXTS.adminToken, 'fake-cluster', 'fake-admin-token'),
    context(CONTEXTS.badToken, 'fake-cluster', 'fake-bad-token'),
    context(CONTEXTS.dead, 'fake-dead', 'fake-admin'),
  ];
  if (extraContexts) {
    users.push({ name: 'fake-viewer-cert', user: { 'client-certificate-data': b64(pki.viewerCert), 'client-key-data': b64(pki.viewerKey) } });
    users.push({ name: 'fake-anonymous', user: {} });
    contexts.push(context(CONTEXTS.viewerCert, 'fake-cluster', 'fake-viewer-cert'));
    contexts.push(context(CONTEXTS.anonymous, 'fake-cluster', 'fake-anonymous'));
    contexts.push(context(CONTEXTS.staging, 'fake-cluster', 'fake-admin', 'lab-staging'));
  }
  return YAML.stringify({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters, users, contexts, 'current-context': CONTEXTS.admin });
}
