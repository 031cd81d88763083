/**
 * `npm run demo`: the sample fake cluster plus the MCP server on it (Streamable HTTP on 127.0.0.1:8080, or
 * DEMO_PORT), so a newcomer without a cluster can try every tool. Ctrl+C stops both.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { startDemoCluster } from '../fake-apiserver/demo';
import { repoRoot } from '../support/repoRoot';

const HOST = '127.0.0.1';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

function printUsage(url: string, kubeconfigPath: string): void {
  process.stderr.write([
    '',
    `MCP server: ${url} (read-write, fake cluster)`,
    'VS Code .vscode/mcp.json:',
    `  { "servers": { "k8s-demo": { "type": "http", "url": "${url}" } } }`,
    'stdio instead (any MCP client):',
    `  node dist/cli.js --transport stdio --kubeconfig ${kubeconfigPath}`,
    'Ctrl+C to stop.',
    '',
  ].join('\n'));
}

async function main(): Promise<void> {
  const port = process.env.DEMO_PORT ?? '8080';
  // Checked before anything starts, so the advice names the demo's own knob rather than the CLI's --port.
  if (!/^\d+$/.test(port) || !(await portIsFree(Number(port)))) {
    process.stderr.write(`Port ${port} on ${HOST} is not free for the demo. Pick another: DEMO_PORT=8181 npm run demo\n`);
    process.exit(1);
  }
  const demo = await startDemoCluster();
  const cli = spawn(process.execPath, [
    path.join(repoRoot(), 'dist', 'cli.js'), '--transport', 'streamable-http', '--host', HOST, '--port', port,
    '--kubeconfig', demo.kubeconfigPath, '--read-write',
  ], { stdio: ['ignore', 'inherit', 'pipe'] });
  // The URL is printed once the server says it serves, never for a server that failed to start.
  let startLog = '';
  const watchForServing = (chunk: Buffer): void => {
    startLog += chunk.toString();
    const serving = /serving MCP \(streamable-http\) at (\S+)\n/.exec(startLog);
    if (!serving) return;
    cli.stderr.off('data', watchForServing);
    printUsage(serving[1]!, demo.kubeconfigPath);
  };
  cli.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  cli.stderr.on('data', watchForServing);
  const stop = (): void => { cli.kill('SIGTERM'); void demo.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cli.on('exit', (code) => { void demo.stop().then(() => process.exit(code ?? 0)); });
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
