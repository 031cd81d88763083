/**
 * Problems the command-line program refuses to start with, each said in a way that names the fix. Anything
 * else (no kubeconfig at all, a broken default one) is served anyway: every tool call explains it to the agent.
 */
import { errorMessage } from '../server/pipeline/errorResult';
import type { K8sMcpService } from '../server/createServer';
import { UsageError, type CliOptions } from './parseArgs';

/** A start-up failure that is not a bug: main.ts prints the message and exits with code 1. */
export class StartupError extends Error {}

/**
 * A kubeconfig file or context named on the command line must exist: a typo would otherwise start a server
 * that fails every call. Without either flag nothing is checked, so the in-cluster fallback keeps working.
 */
export function checkNamedKubeconfig(service: K8sMcpService, cli: CliOptions): void {
  const { context, kubeconfig } = cli.server;
  if (context === undefined && kubeconfig.explicitPath === undefined) return;
  try {
    service.contexts();
    if (context !== undefined) service.useContext(context, cli.server.namespace);
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

/** Turns the listen errors a user can cause (a port taken, a bad --host) into what to do about them. */
export function explainListenFailure(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const otherPort = 'Choose another with --port N (or MCP_PORT=N); --port 0 takes any free port.';
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(`Port ${port} on ${host} is already in use (by another program, or another k8s-mcp-interface). ${otherPort}`);
    case 'EACCES':
      return new StartupError(`Not allowed to listen on port ${port} on ${host} (ports below 1024 need extra privileges). ${otherPort}`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(`Cannot listen on ${host}: it is not an address of this machine. Choose another with --host (or MCP_HOST), e.g. 127.0.0.1.`);
    default:
      return err;
  }
}
