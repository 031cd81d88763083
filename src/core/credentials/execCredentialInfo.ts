/**
 * KUBERNETES_EXEC_INFO, as kubectl sets it for exec credential plugins: `interactive: false` (we have no
 * terminal, so a plugin should fail fast instead of waiting for input) and, with provideClusterInfo, the
 * cluster's server, CA, TLS server name and proxy.
 */
import * as fs from 'node:fs';
import type { Cluster } from '@kubernetes/client-node';

/** The parts of a kubeconfig `exec` entry the info depends on. */
export interface ExecConfig { apiVersion?: string; env?: Array<{ name: string; value: string }> | null; provideClusterInfo?: boolean }

/** The KUBERNETES_EXEC_INFO value for the plugin `exec` talking to `cluster`. */
export function execCredentialInfo(exec: ExecConfig, cluster: Cluster): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo) {
    let ca = cluster.caData;
    if (!ca && cluster.caFile) {
      try { ca = fs.readFileSync(cluster.caFile).toString('base64'); } catch { /* the request itself reports an unreadable CA */ }
    }
    spec.cluster = Object.fromEntries(Object.entries({
      server: cluster.server,
      'tls-server-name': cluster.tlsServerName,
      'insecure-skip-tls-verify': cluster.skipTLSVerify || undefined,
      'certificate-authority-data': ca,
      'proxy-url': cluster.proxyUrl,
    }).filter(([, v]) => v !== undefined && v !== ''));
  }
  return JSON.stringify({ apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec });
}
