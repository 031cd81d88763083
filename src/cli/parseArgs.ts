/**
 * Command-line flags and environment → one frozen options object (defaults → environment → flags). Invalid
 * input is a UsageError; main.ts prints it and exits with code 2.
 */
import { kubeconfigSourceFromEnv } from '../core/client/kubeconfig';
import { defaultModeLayer, resolvePolicy, type Policy, type PolicyLayer } from '../core/policy/policy';
import { loadPolicyFile, PolicyConfigError, policyFromEnv } from '../core/policy/policySources';
import { DEFAULT_OPTIONS, MAX_ANSWER_BYTES_RANGE, type ServerOptions, type TransportName } from '../server/options';
import { resolveTeamServing, type TeamServing } from './teamServing';
import { UsageError } from './usageError';

export { UsageError } from './usageError';

export interface CliOptions {
  server: ServerOptions;
  transport: TransportName;
  host: string;
  port: number;
  authToken?: string | undefined;
  trustForwardedFor: boolean;
  /** SPEC §8: identity passthrough, TLS, stateless Streamable HTTP, metrics. */
  team: TeamServing;
  help: boolean;
  version: boolean;
}

interface FlagSpec {
  kind: 'boolean' | 'string' | 'integer';
  env?: string;
  description: string;
  default?: string;
}

/** Server option defaults come from the one table (DEFAULT_OPTIONS); the rest are the CLI's own. */
const D = DEFAULT_OPTIONS;

export const FLAGS: Record<string, FlagSpec> = {
  // No single default: see transportDefault.
  transport: { kind: 'string', env: 'MCP_TRANSPORT', description: 'sse, streamable-http (or streaming-http), or stdio. Default: stdio when stdin is a pipe (an MCP client started the program), else sse' },
  port: { kind: 'integer', env: 'MCP_PORT', default: '8080', description: 'HTTP port for sse and streamable-http (0 = any free port)' },
  host: { kind: 'string', env: 'MCP_HOST', default: '127.0.0.1', description: 'address to bind; a non-loopback address requires --auth-token or --auth-mode passthrough' },
  'auth-token': { kind: 'string', env: 'MCP_AUTH_TOKEN', description: 'bearer token HTTP clients must send (Authorization: Bearer …)' },
  'auth-mode': { kind: 'string', env: 'MCP_AUTH_MODE', default: D.authMode, description: "kubeconfig, or passthrough: each HTTP request's bearer token is the caller's own Kubernetes credential (the kubeconfig gives only server and CA)" },
  'authorization-server': { kind: 'string', env: 'MCP_AUTHORIZATION_SERVER', description: 'with passthrough: the OIDC issuer URL clients sign in at (named in /.well-known/oauth-protected-resource)' },
  'tls-cert': { kind: 'string', env: 'MCP_TLS_CERT', description: 'serve HTTPS (TLS 1.2 or later) with this PEM certificate; needs --tls-key' },
  'tls-key': { kind: 'string', env: 'MCP_TLS_KEY', description: 'the PEM private key of --tls-cert' },
  stateless: { kind: 'boolean', env: 'MCP_STATELESS', default: 'false', description: 'Streamable HTTP without sessions, so replicas behind a Service answer any request (no list_changed notifications)' },
  metrics: { kind: 'boolean', env: 'MCP_METRICS', default: 'false', description: 'serve Prometheus metrics at GET /metrics' },
  'allow-unauthenticated-network': { kind: 'boolean', env: 'MCP_ALLOW_UNAUTHENTICATED_NETWORK', default: 'false', description: 'bind a non-loopback --host without a token (only inside a container network behind a proxy such as ToolHive)' },
  'trust-forwarded-for': { kind: 'boolean', env: 'MCP_TRUST_FORWARDED_FOR', default: 'false', description: 'rate-limit per client by the address the proxy in front (ToolHive, an ingress) puts last in X-Forwarded-For, not per proxy' },
  kubeconfig: { kind: 'string', description: 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)' },
  context: { kind: 'string', description: 'kubeconfig context to use (default: its current-context)' },
  namespace: { kind: 'string', description: "default namespace shown to the agent (default: the context's)" },
  config: { kind: 'string', env: 'K8S_MCP_CONFIG', description: 'policy file, YAML or JSON (README "Policy"); a broken file stops the start' },
  'read-write': { kind: 'boolean', default: String(D.readWrite), description: 'register the write tools (deploy, delete, interact)' },
  'serve-resources': { kind: 'boolean', default: String(D.serveResources), description: 'advertise API resource types as MCP resources' },
  'enable-rate-limiting': { kind: 'boolean', default: String(D.rateLimit.enabled), description: 'token-bucket rate limits per session and client' },
  'rate-limit-read': { kind: 'integer', default: String(D.rateLimit.read), description: 'read calls per minute per session' },
  'rate-limit-write': { kind: 'integer', default: String(D.rateLimit.write), description: 'write calls per minute per session' },
  'rate-limit-default': { kind: 'integer', default: String(D.rateLimit.default), description: 'other calls per minute per session' },
  'allow-secret-values': { kind: 'boolean', default: String(D.allowSecretValues), description: 'return Secret data unmasked' },
  'allow-credential-creation': { kind: 'boolean', default: String(D.allowCredentialCreation), description: 'allow serviceaccounts/token and certificatesigningrequests' },
  'request-timeout': { kind: 'integer', default: String(D.requestTimeoutMs / 1000), description: 'deadline of one Kubernetes call, in seconds' },
  'max-answer-bytes': {
    kind: 'integer', env: 'MCP_MAX_ANSWER_BYTES', default: String(D.maxAnswerBytes),
    description: `largest answer of a read (${MAX_ANSWER_BYTES_RANGE.min}..${MAX_ANSWER_BYTES_RANGE.max}); longer lists stop early with a continue token, logs keep the newest lines`,
  },
  help: { kind: 'boolean', description: 'show this help' },
  version: { kind: 'boolean', description: 'print the version' },
};

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new UsageError(`--${name} takes true or false, not "${value}".`);
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}".`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, not ${n}.`);
  return n;
}

function normalizeTransport(value: string): TransportName {
  if (value === 'stdio' || value === 'sse' || value === 'streamable-http') return value;
  if (value === 'streaming-http') return 'streamable-http';
  throw new UsageError(`--transport must be sse, streamable-http or stdio, not "${value}".`);
}

/** Reads raw flag values: `--flag value`, `--flag=value`, and bare booleans. */
function readFlags(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') { values.set('help', 'true'); continue; }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}". Flags start with --; see --help.`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const spec = FLAGS[name];
    if (!spec) throw new UsageError(`Unknown flag --${name}. See --help for the flags.`);
    if (eq >= 0) values.set(name, arg.slice(eq + 1));
    else if (spec.kind === 'boolean') values.set(name, 'true');
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      values.set(name, next);
      i++;
    }
  }
  return values;
}

/** Binding this address keeps the server on this machine (what --host may be without a token). */
export function isLoopbackBindAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** SPEC §7: defaults < config file < K8S_MCP_* environment < flags (today `--read-write` sets defaultMode). */
function resolveCliPolicy(configFile: string | undefined, env: NodeJS.ProcessEnv, readWriteFlag: boolean | undefined): Policy {
  try {
    const layers: PolicyLayer[] = [];
    if (configFile) layers.push(loadPolicyFile(configFile, env.HOME));
    layers.push(policyFromEnv(env, env.HOME));
    if (readWriteFlag !== undefined) layers.push(defaultModeLayer(readWriteFlag, readWriteFlag ? '--read-write' : '--read-write=false'));
    return resolvePolicy(layers);
  } catch (err) {
    if (err instanceof PolicyConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** What the program was started from, beyond flags and environment. */
export interface Surroundings {
  /** stdin is a pipe or socket, not a terminal: a program (an MCP client) started us. */
  stdinIsPipe: boolean;
}

/**
 * SSE for a person at a terminal (and for services, whose stdin is /dev/null); stdio for a program that talks
 * to us through pipes: an MCP client that leaves out --transport would otherwise wait for ever.
 */
function transportDefault(surroundings: Surroundings): TransportName {
  return surroundings.stdinIsPipe ? 'stdio' : 'sse';
}

export function parseArgs(
  argv: readonly string[], env: NodeJS.ProcessEnv, surroundings: Surroundings = { stdinIsPipe: false },
): CliOptions {
  const flags = readFlags(argv);
  const get = (name: string, fallback = FLAGS[name]!.default): string | undefined => {
    const spec = FLAGS[name]!;
    return flags.get(name) ?? (spec.env ? env[spec.env] || undefined : undefined) ?? fallback;
  };
  const bool = (name: string): boolean => parseBoolean(name, get(name) ?? 'false');
  const int = (name: string, min: number, max: number): number => parseInteger(name, get(name)!, min, max);

  const transport = normalizeTransport(get('transport', transportDefault(surroundings))!);
  const host = get('host')!;
  const authToken = get('auth-token');
  // --help and --version read no files.
  const readFiles = !flags.has('help') && !flags.has('version');
  const team = resolveTeamServing(transport, authToken, get, bool, readFiles);
  // With passthrough every request must bring a token the API server accepts: that is the authentication.
  if (transport !== 'stdio' && !isLoopbackBindAddress(host) && !authToken && team.authMode !== 'passthrough' && !bool('allow-unauthenticated-network')) {
    throw new UsageError(`Binding ${host} exposes the server beyond this machine: set --auth-token (or MCP_AUTH_TOKEN) too.`);
  }
  const policy = !readFiles ? DEFAULT_OPTIONS.policy
    : resolveCliPolicy(get('config'), env, flags.has('read-write') ? bool('read-write') : undefined);
  const server: ServerOptions = {
    ...DEFAULT_OPTIONS,
    kubeconfig: kubeconfigSourceFromEnv(env, get('kubeconfig')),
    authMode: team.authMode,
    context: get('context'),
    namespace: get('namespace'),
    // The switch and defaultMode are one fact (ServerOptions.readWrite).
    readWrite: policy.defaultMode === 'read-write',
    policy,
    serveResources: bool('serve-resources'),
    allowSecretValues: bool('allow-secret-values'),
    allowCredentialCreation: bool('allow-credential-creation'),
    rateLimit: {
      ...DEFAULT_OPTIONS.rateLimit,
      enabled: bool('enable-rate-limiting'),
      read: int('rate-limit-read', 1, 100_000),
      write: int('rate-limit-write', 1, 100_000),
      default: int('rate-limit-default', 1, 100_000),
    },
    requestTimeoutMs: int('request-timeout', 1, 600) * 1000,
    maxAnswerBytes: int('max-answer-bytes', MAX_ANSWER_BYTES_RANGE.min, MAX_ANSWER_BYTES_RANGE.max),
  };
  return Object.freeze({
    server: Object.freeze(server),
    transport,
    host,
    port: int('port', 0, 65535),
    authToken,
    trustForwardedFor: bool('trust-forwarded-for'),
    team,
    help: flags.has('help') && bool('help'),
    version: flags.has('version') && bool('version'),
  });
}

const HELP_WIDTH = 100;

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** One row per flag, the descriptions in one column wide enough for the longest flag. */
function flagTable(): string[] {
  const rows = Object.entries(FLAGS).map(([name, spec]) => {
    const value = spec.kind === 'boolean' ? '' : spec.kind === 'integer' ? ' N' : ' VALUE';
    const extra = [spec.default !== undefined ? `default ${spec.default}` : '', spec.env ? `env ${spec.env}` : ''].filter(Boolean).join(', ');
    return { flag: `  --${name}${value}`, text: spec.description + (extra ? ` (${extra})` : '') };
  });
  const column = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return rows.flatMap(({ flag, text }) => wrap(text, HELP_WIDTH - column).map((line, i) => (i === 0 ? flag : '').padEnd(column) + line));
}

export function helpText(version: string): string {
  return [
    `k8s-mcp-interface ${version}: a Model Context Protocol server for Kubernetes.`,
    '',
    'Usage: k8s-mcp-interface [flags]',
    '',
    'Flags (booleans accept --flag, --flag=true, --flag=false):',
    ...flagTable(),
    '',
    'Examples:',
    '  k8s-mcp-interface --transport stdio --kubeconfig ~/.kube/config --context dev',
    '  k8s-mcp-interface --transport streamable-http --port 8080 --read-write',
  ].join('\n');
}
