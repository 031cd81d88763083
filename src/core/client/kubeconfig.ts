/**
 * Kubeconfig loading exactly like kubectl: an explicit file, else KUBECONFIG (several files joined by the path
 * delimiter, merged with "first file wins" for every name and for current-context), else ~/.kube/config,
 * else the in-cluster service account. client-node's own merge throws on duplicate names and lets later
 * files override current-context, which is not what kubectl does, so the merge is ours.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import YAML from 'yaml';
import { clientNodeConfigFromDocument } from '../credentials/clientNodeAdapter';
import { resolveUsers, type ResolvedContext, type ResolvedUser } from '../credentials/resolvedContext';
import { K8sError } from '../errors';
import { quoteForMessage } from '../input/quoteForMessage';

export interface KubeconfigSource {
  /** --kubeconfig / the k8sMcp.kubeconfig setting; wins over everything. */
  explicitPath?: string | undefined;
  /** The KUBECONFIG value (may list several files). */
  kubeconfigEnv?: string | undefined;
  /** Home directory, for ~/.kube/config. */
  home?: string | undefined;
  /** In-cluster detection: KUBERNETES_SERVICE_HOST/PORT and the service-account root. */
  inCluster?: { host?: string | undefined; port?: string | undefined; serviceAccountRoot?: string | undefined } | undefined;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  /** The API server URL of the context's cluster ('' when the cluster entry is missing). */
  server: string;
  user: string;
  /** The context's default namespace ('default' when the kubeconfig names none). */
  namespace: string;
}

export interface LoadedKubeconfig {
  /** The merged configuration; never handed to the agent. */
  readonly kubeConfig: KubeConfig;
  /** Files that were read, in precedence order ('in-cluster' for the service account). */
  readonly files: readonly string[];
  readonly currentContext: string;
  contexts(): ContextSummary[];
  /** The context `name`, resolved once (KubeConfig with it current, its user's extras); throws a config error naming the known contexts. */
  forContext(name: string): ResolvedContext;
}

/** One file (or the in-cluster account): client-node's view and the extras of its users, by name. */
interface LoadedFile { kubeConfig: KubeConfig; users: ReadonlyMap<string, ResolvedUser> }

const DEFAULT_SA_ROOT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubeconfig files kubectl would read for this source, in precedence order. */
export function kubeconfigFiles(source: KubeconfigSource): string[] {
  if (source.explicitPath) return [source.explicitPath];
  if (source.kubeconfigEnv) {
    const files = source.kubeconfigEnv.split(path.delimiter).filter((f) => f.length > 0);
    // kubectl ignores listed files that do not exist, as long as one does.
    const existing = files.filter((f) => fs.existsSync(f));
    return existing.length > 0 ? existing : files;
  }
  const home = source.home ?? os.homedir();
  const fallback = path.join(home, '.kube', 'config');
  return fs.existsSync(fallback) ? [fallback] : [];
}

function readOneFile(file: string): LoadedFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new K8sError('config', `Cannot read kubeconfig ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  try {
    // YAML 1.1, as kubectl and client-node read it (`yes` is true).
    const doc: unknown = YAML.parse(text, { version: '1.1' });
    const dir = path.dirname(file);
    return { kubeConfig: clientNodeConfigFromDocument(doc, dir), users: resolveUsers(doc, dir) };
  } catch (err) {
    throw new K8sError('config', `Kubeconfig ${file} is not valid: ${firstLine(err)}.`);
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/\.$/, '');
}

function loadInCluster(source: KubeconfigSource): LoadedFile | undefined {
  const host = source.inCluster?.host;
  const root = source.inCluster?.serviceAccountRoot ?? DEFAULT_SA_ROOT;
  if (!host || !fs.existsSync(path.join(root, 'token'))) return undefined;
  const port = source.inCluster?.port ?? '443';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const namespaceFile = path.join(root, 'namespace');
  const namespace = fs.existsSync(namespaceFile) ? fs.readFileSync(namespaceFile, 'utf8').trim() : 'default';
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: path.join(root, 'ca.crt'), skipTLSVerify: false }],
    // tokenFile is re-read by client-node so projected (rotating) tokens keep working.
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile: path.join(root, 'token') } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', namespace }],
    currentContext: 'in-cluster',
  });
  return { kubeConfig: kc, users: new Map() };
}

interface Merged {
  clusters: Cluster[]; users: User[]; contexts: Context[]; currentContext: string; resolvedUsers: Map<string, ResolvedUser>;
}

/**
 * Merges like kubectl: the first file to define a name wins, and so does the first current-context. A user's
 * extras come from the same file as the user entry that wins.
 */
function mergeFirstWins(files: LoadedFile[]): Merged {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const resolvedUsers = new Map<string, ResolvedUser>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const { kubeConfig: kc, users: extras } of files) {
    for (const c of kc.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.users) {
      if (users.has(u.name)) continue;
      users.set(u.name, u);
      resolvedUsers.set(u.name, extras.get(u.name) ?? {});
    }
    for (const c of kc.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && kc.currentContext) currentContext = kc.currentContext;
  }
  return { clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext, resolvedUsers };
}

export function loadKubeconfig(source: KubeconfigSource): LoadedKubeconfig {
  const files = kubeconfigFiles(source);
  let merged: Merged;
  let readFiles: string[];
  if (files.length === 0) {
    const inCluster = loadInCluster(source);
    if (!inCluster) {
      throw new K8sError('config', 'No kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a pod with a service account.');
    }
    merged = mergeFirstWins([inCluster]);
    readFiles = ['in-cluster'];
  } else {
    merged = mergeFirstWins(files.map(readOneFile));
    readFiles = files;
  }
  if (merged.contexts.length === 0) {
    throw new K8sError('config', `Kubeconfig ${readFiles.join(path.delimiter)} defines no contexts.`);
  }
  const currentContext = merged.currentContext && merged.contexts.some((c) => c.name === merged.currentContext)
    ? merged.currentContext
    : merged.contexts[0]!.name;
  const { resolvedUsers, ...options } = merged;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ ...options, currentContext });
  const perContext = new Map<string, ResolvedContext>();

  return {
    kubeConfig,
    files: readFiles,
    currentContext,
    contexts: () => merged.contexts.map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: merged.clusters.find((cl) => cl.name === c.cluster)?.server ?? '',
      user: c.user,
      namespace: c.namespace ?? 'default',
    })),
    forContext(name: string): ResolvedContext {
      const cached = perContext.get(name);
      if (cached) return cached;
      const context = merged.contexts.find((c) => c.name === name);
      if (!context) {
        const known = merged.contexts.map((c) => c.name).join(', ');
        throw new K8sError('config', `Unknown context ${quoteForMessage(name)}. Known contexts: ${known}.`);
      }
      if (!merged.clusters.some((c) => c.name === context.cluster)) {
        throw new K8sError('config', `Context "${name}" refers to cluster "${context.cluster}", which the kubeconfig does not define.`);
      }
      const kc = new KubeConfig();
      kc.loadFromOptions({ ...options, currentContext: name });
      const resolved: ResolvedContext = { name, kubeConfig: kc, user: resolvedUsers.get(context.user) ?? {} };
      perContext.set(name, resolved);
      return resolved;
    },
  };
}

/** Reads the kubeconfig source from a process environment (only the CLI and tests call this). */
export function kubeconfigSourceFromEnv(env: NodeJS.ProcessEnv, explicitPath?: string): KubeconfigSource {
  return {
    explicitPath,
    kubeconfigEnv: env.KUBECONFIG,
    home: env.HOME ?? os.homedir(),
    inCluster: { host: env.KUBERNETES_SERVICE_HOST, port: env.KUBERNETES_SERVICE_PORT },
  };
}
