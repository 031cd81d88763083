/**
 * The process rows of `npm run bench`: start-up (spawn → `tools/list` answered, median of several spawns) and the
 * CLI's resident memory on stdio after start and after 100 mixed calls. Measured with the lean client, so the
 * numbers are the server's (the SDK's client would add its own start-up to the first).
 */
import * as fs from 'node:fs';
import { IDLE_COLLECTION_MS } from '../src/cli/idleCollection';
import { leanStdioClient } from './clients';
import { percentile } from './stats';

/** Spawns measured for the start-up median (BENCH_STARTS). */
const STARTS = Number(process.env.BENCH_STARTS ?? 15);
const MIXED_CALLS = 100;

export interface MixedCall { tool: string; args: Record<string, unknown> }

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Table rows: start-up median/min/max, RSS after start, RSS after 100 calls cycling through `calls`. */
export async function runProcessBench(cli: string, cliArgs: string[], calls: MixedCall[]): Promise<Array<Array<string | number>>> {
  const startups: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const start = process.hrtime.bigint();
    const client = await leanStdioClient(cli, cliArgs);
    await client.listTools();
    startups.push(Number(process.hrtime.bigint() - start) / 1e6);
    await client.close();
  }
  const client = await leanStdioClient(cli, cliArgs);
  await client.listTools();
  const afterStart = rssMb(client.pid!);
  for (let i = 0; i < MIXED_CALLS; i++) {
    const call = calls[i % calls.length]!;
    await client.callTool(call.tool, call.args);
  }
  const afterCalls = rssMb(client.pid!);
  // The CLI gives memory back once idle (src/cli/idleCollection.ts): the resident size it keeps between bursts.
  await new Promise((resolve) => setTimeout(resolve, IDLE_COLLECTION_MS + 1000));
  const afterIdle = rssMb(client.pid!);
  await client.close();
  return [
    [`spawn → tools/list answered, median of ${STARTS} (ms)`, percentile(startups, 50)],
    ['  fastest / slowest (ms)', `${Math.min(...startups).toFixed(1)} / ${Math.max(...startups).toFixed(1)}`],
    ['CLI RSS on stdio after start (MB)', afterStart],
    [`CLI RSS on stdio after ${MIXED_CALLS} mixed calls (MB)`, afterCalls],
    [`  and ${(IDLE_COLLECTION_MS + 1000) / 1000} s later, idle (MB)`, afterIdle],
  ];
}
