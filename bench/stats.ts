/** Small statistics and table printing for the benchmarks (they print, they never assert). */

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

export async function timeMany(n: number, fn: () => Promise<unknown>, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return samples;
}

export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toFixed(2)) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) => '| ' + r.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of cells.slice(1)) console.log(line(r));
}

/**
 * Times `raw` and `tool` in alternating rounds so both see the same machine load, and returns a table row:
 * name, raw p50, raw p-high, tool p50, tool p-high, p50 ratio.
 */
export async function compareInterleaved(
  name: string, raw: () => Promise<unknown>, tool: () => Promise<unknown>, n: number, warmup: number, high = 95,
): Promise<Array<string | number>> {
  const rawSamples: number[] = [];
  const toolSamples: number[] = [];
  for (let round = 0; round < 5; round++) {
    rawSamples.push(...await timeMany(n / 5, raw, round === 0 ? warmup : 0));
    toolSamples.push(...await timeMany(n / 5, tool, round === 0 ? warmup : 0));
  }
  const r50 = percentile(rawSamples, 50);
  const t50 = percentile(toolSamples, 50);
  return [name, r50, percentile(rawSamples, high), t50, percentile(toolSamples, high), `${(t50 / r50).toFixed(2)}×`];
}
