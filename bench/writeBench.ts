/** The write rows of the benchmark (apply dry-run, apply, exec echo); empty until the write tools exist. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export async function runWriteBench(
  client: Client, _raw: (p: string, accept?: string) => Promise<number>, _kubeconfig: string, _context: string | undefined, _n: number,
): Promise<Array<Array<string | number>>> {
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === 'deploy_k8s_entity')) return [];
  return [];
}
