/**
 * The command-line program: flags → options → createServer → transport. Logs go to stderr only: in stdio mode
 * stdout is the protocol channel. How the process ends (client gone, broken pipes, signals) is
 * processLifecycle.ts.
 */
import { checkPolicyContexts } from '../core/policy/policyContexts';
import { createServer, type K8sMcpService } from '../server/createServer';
import { errorMessage } from '../server/pipeline/errorResult';
import { VERSION } from '../server/version';
import { IdleCollector } from './idleCollection';
import { YoungGenerationCap } from './youngGenerationCap';
import { helpText, isLoopbackBindAddress, parseArgs, UsageError, type CliOptions } from './parseArgs';
import { ProcessLifecycle, stdinIsPipe } from './processLifecycle';
import { serveStdio } from './serveStdio';
import { checkNamedKubeconfig, explainListenFailure, StartupError } from './startupChecks';

// Created first, so that signals and broken pipes are handled from the very start.
const lifecycle = new ProcessLifecycle();
const log = lifecycle.log;

/**
 * SPEC §7: the server does not start on a broken policy. Context names are checked once the kubeconfig is
 * read (an unreadable kubeconfig is reported by serve, and the check is skipped).
 */
function checkPolicy(service: K8sMcpService): void {
  const { policy } = service.options;
  const names = service.contextNames();
  if (names) {
    const { errors, warnings } = checkPolicyContexts(policy, names);
    for (const warning of warnings) log('warn', `policy: ${warning}`);
    if (errors.length > 0) throw new UsageError(`Policy errors:\n  ${errors.join('\n  ')}`);
  }
}

async function serve(cli: CliOptions): Promise<void> {
  // Loaded only with --metrics: a server without them never evaluates the metrics library.
  const metrics = cli.team.metrics ? await (await import('../server/metrics.js')).createMetrics() : undefined;
  const idle = new IdleCollector();
  const youngGeneration = new YoungGenerationCap();
  const service = createServer(cli.server, {
    log: (level, message) => { if (level !== 'debug') log(level, message); },
    onExec: (e) => log('info', `exec in ${e.namespace}/${e.pod}: ${e.command.join(' ')} → exit ${e.exitCode ?? 'none'} (${e.durationMs} ms)`),
    ...metrics?.hooks,
    onToolCall: (event) => { metrics?.hooks.onToolCall(event); idle.activity(); youngGeneration.check(); },
  });
  checkNamedKubeconfig(service, cli);
  metrics?.countSessionsWith(() => service.sessionCount());
  checkPolicy(service);
  try {
    const selection = service.selection();
    log('info', `context "${selection.context}", namespace "${selection.namespace}", ${cli.server.readWrite ? 'read-write' : 'read-only'}`);
  } catch (err) {
    // Keep serving: every tool call will explain the kubeconfig problem to the agent.
    log('warn', errorMessage(err));
  }
  if (cli.transport === 'stdio') {
    await serveStdio(service, lifecycle);
    log('info', 'serving MCP on stdio');
    return;
  }
  if (!cli.authToken && !cli.team.passthrough && !isLoopbackBindAddress(cli.host)) {
    log('warn', `listening on ${cli.host} without an auth token: anyone who can reach this port can use your cluster credentials.`);
  }
  // Loaded only for the network transports: stdio never pays for the HTTP stack's modules (memory, start-up).
  const { startHttpHost } = await import('../server/http/httpHost.js');
  const { team } = cli;
  const host = await startHttpHost(service, {
    host: cli.host, port: cli.port, authToken: cli.authToken, transports: [cli.transport], trustForwardedFor: cli.trustForwardedFor, log,
    passthrough: team.passthrough, tls: team.tls, stateless: team.stateless, metrics,
  }).catch((err: unknown) => { throw explainListenFailure(err, cli.host, cli.port); });
  lifecycle.onShutdown(async () => {
    await host.close().catch(() => undefined);
    await service.close();
  });
  const extras = [team.stateless ? 'stateless' : '', team.passthrough ? "each caller's own token (passthrough)" : '', metrics ? 'metrics at /metrics' : ''].filter(Boolean);
  log('info', `serving MCP (${cli.transport}${extras.length ? `; ${extras.join(', ')}` : ''}) at ${host.url}${cli.transport === 'sse' ? '/sse' : '/mcp'}`);
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2), process.env, { stdinIsPipe: stdinIsPipe() });
  if (cli.help) { process.stdout.write(`${helpText(VERSION)}\n`); return; }
  if (cli.version) { process.stdout.write(`${VERSION}\n`); return; }
  await serve(cli);
  // A bug must not take the server down mid-session: log it and keep serving.
  process.on('uncaughtException', (err) => log('error', `unexpected: ${errorMessage(err)}`));
  process.on('unhandledRejection', (err) => log('error', `unexpected: ${errorMessage(err)}`));
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    lifecycle.writeStderr(`k8s-mcp-interface: ${err.message}\n`);
    process.exit(2);
  }
  log('error', err instanceof StartupError ? err.message : errorMessage(err));
  process.exit(1);
});
