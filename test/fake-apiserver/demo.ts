// `npm run demo`: a sample fake cluster to point the product (or kubectl) at. Writes the kubeconfig to
// .demo/kubeconfig in the repository and stays up until SIGINT/SIGTERM.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './fixtures';
import { startFakeApiServer, type FakeApiServer } from './index';

export interface DemoCluster {
  server: FakeApiServer;
  kubeconfigPath: string;
  /** Closes the server and forgets the signal handlers. */
  stop(): Promise<void>;
}

export async function startDemoCluster(): Promise<DemoCluster> {
  const server = await startFakeApiServer({ seed: 'sample', extraContexts: true });
  const dir = path.join(repoRoot(), '.demo');
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigPath, server.kubeconfigYaml, { mode: 0o600 });
  const contexts = [...server.kubeconfigYaml.matchAll(/^ {2}- name: (\S+)\n {4}context:/gm)].map((m) => m[1]);
  process.stderr.write(`fake kube-apiserver listening on ${server.url}\n`);
  process.stderr.write(`kubeconfig: ${kubeconfigPath}\n`);
  process.stderr.write(`contexts: ${contexts.join(', ')} (current: fake-admin)\n`);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server.close();
  };
  const onSignal = (): void => {
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { server, kubeconfigPath, stop };
}

if (require.main === module) {
  startDemoCluster().catch((e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
