/**
 * `npm run demo`: the sample fake cluster plus the MCP server on it (Streamable HTTP on 127.0.0.1:8080, or
 * DEMO_PORT), so a newcomer without a cluster can try every tool. Ctrl+C stops both.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startDemoCluster } from '../fake-apiserver/demo';
import { repoRoot } from '../support/repoRoot';

async function main(): Promise<void> {
  const demo = await startDemoCluster();
  const port = process.env.DEMO_PORT ?? '8080';
  const cli = spawn(process.execPath, [
    path.join(repoRoot(), 'dist', 'cli.js'), '--transport', 'streamable-http', '--port', port,
    '--kubeconfig', demo.kubeconfigPath, '--read-write',
  ], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.stderr.write([
    '',
    `MCP server: http://127.0.0.1:${port}/mcp (read-write, fake cluster)`,
    'VS Code .vscode/mcp.json:',
    `  { "servers": { "k8s-demo": { "type": "http", "url": "http://127.0.0.1:${port}/mcp" } } }`,
    'stdio instead (any MCP client):',
    `  node dist/cli.js --transport stdio --kubeconfig ${demo.kubeconfigPath}`,
    'Ctrl+C to stop.',
    '',
  ].join('\n'));
  const stop = (): void => { cli.kill('SIGTERM'); void demo.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cli.on('exit', (code) => { void demo.stop().then(() => process.exit(code ?? 0)); });
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
