/**
 * The KubeConfig client-node is asked for credentials, adjusted where its behaviour differs from kubectl's:
 * - an http:// server (kubectl proxy): client-node refuses credentials unless skip-verify is set, because it
 *   builds an agent we do not use; the copy says skip-verify.
 * - exec plugins get KUBERNETES_EXEC_INFO, as kubectl sets it: `interactive: false` (we have no terminal, so a
 *   plugin should fail fast instead of waiting for input) and, with provideClusterInfo, the cluster's server,
 *   CA, TLS server name and proxy.
 */
import * as fs from 'node:fs';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';

interface ExecConfig { apiVersion?: string; env?: Array<{ name: string; value: string }> | null; provideClusterInfo?: boolean }

/** The KUBERNETES_EXEC_INFO value for a plugin of `user` talking to `cluster`. */
export function execInfo(exec: ExecConfig, cluster: Cluster): string {
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

/** `kc` itself when nothing needs adjusting, else a copy whose current cluster and user are adjusted. */
export function credentialConfig(kc: KubeConfig, options: { skipVerify: boolean }): KubeConfig {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const exec = user?.exec as ExecConfig | undefined;
  if (!cluster || (!options.skipVerify && !exec)) return kc;
  const adjustedUser = (u: User): User => {
    if (u !== user || !exec) return u;
    const env = (exec.env ?? []).filter((e) => e.name !== 'KUBERNETES_EXEC_INFO');
    // client-node passes process.env plus exec.env to the plugin: the info rides along in exec.env.
    return { ...u, exec: { ...exec, env: [...env, { name: 'KUBERNETES_EXEC_INFO', value: execInfo(exec, cluster) }] } };
  };
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.clusters.map((c) => (c === cluster && options.skipVerify ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users.map(adjustedUser),
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return copy;
}
