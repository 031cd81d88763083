/**
 * Runs tool calls in a fresh process and prints what each cost at its peak, for tests that bound memory: the
 * resident-set high-water mark is reset just before each call (Linux /proc/self/clear_refs), so the figure is the
 * call's own peak, not start-up's. Reads {warmup?, calls: [{tool, args}]} as JSON on stdin (a 1 MB argument does
 * not fit in argv); prints one {text, isError, peakRssDeltaMb, requests} per call as a JSON array on stdout.
 * Run: node --expose-gc out/test/support/callMemoryProbe.js < call.json
 */
import * as fs from 'node:fs';
import { DEFAULT_OPTIONS } from '../../src/server/options';
import { startHarness } from './mcpHarness';

interface ToolCall { tool: string; args: Record<string, unknown> }

interface ProbeInput {
  /** A call made first, so that modules, connections and discovery are in place before measuring. */
  warmup?: ToolCall;
  calls: ToolCall[];
}

function kib(field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/self/status`);
  return Number(match[1]);
}

async function main(): Promise<void> {
  const input = JSON.parse(fs.readFileSync(0, 'utf8')) as ProbeInput;
  const h = await startHarness({ server: { readWrite: true, rateLimit: { ...DEFAULT_OPTIONS.rateLimit, enabled: false } } });
  try {
    if (input.warmup) await h.call(input.warmup.tool, input.warmup.args);
    const results = [];
    for (const call of input.calls) {
      (globalThis as { gc?: () => void }).gc?.();
      const before = kib('VmRSS');
      fs.writeFileSync('/proc/self/clear_refs', '5');
      h.fake.clearRequests();
      const out = await h.call(call.tool, call.args);
      const peakRssDeltaMb = (kib('VmHWM') - before) / 1024;
      const requests = h.fake.requests.map((r) => `${r.method} ${r.path}`);
      results.push({ text: out.text.slice(0, 2000), isError: out.isError, peakRssDeltaMb, requests });
    }
    process.stdout.write(JSON.stringify(results));
  } finally {
    await h.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
