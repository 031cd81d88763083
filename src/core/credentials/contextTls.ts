/**
 * The TLS material of a context (CA, the kubeconfig's client certificate, skip-verify, SNI name), read once per
 * connection. A client certificate an exec plugin returns is not here: it changes, see contextCredentials.ts.
 */
import * as fs from 'node:fs';
import type * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from '../errors';

export function contextTls(kc: KubeConfig, contextName: string): https.AgentOptions {
  const opts: https.AgentOptions = {};
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  // Like kubectl, inline data wins over a file path (merged kubeconfigs may carry a stale path next to it).
  const read = (file?: string, data?: string): Buffer | undefined => {
    if (data) return Buffer.from(data, 'base64');
    if (file) {
      try {
        return fs.readFileSync(file);
      } catch (err) {
        throw new K8sError('config', `Context "${contextName}": cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
    }
    return undefined;
  };
  const ca = read(cluster?.caFile, cluster?.caData);
  if (ca) opts.ca = ca;
  const cert = read(user?.certFile, user?.certData);
  if (cert) opts.cert = cert;
  const key = read(user?.keyFile, user?.keyData);
  if (key) opts.key = key;
  if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
  if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
  return opts;
}
