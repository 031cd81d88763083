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
 * Calls made before measuring, per variant: the CLI's JIT needs a few dozen calls of a kind before its
 * per-call cost settles (with 5 the first rows measured mostly cold code). BENCH_WARMUP overrides it.
 */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);

/**
 * Times `raw` and each variant in alternating rounds so all see the same machine load, and returns a table row:
 * name, raw p50, raw p-high, then per variant p50, p-high and its p50 ratio to raw.
 */
export async function compareInterleaved(
  name: string, raw: () => Promise<unknown>, variants: Array<() => Promise<unknown>>, n: number, high = 95,
): Promise<Array<string | number>> {
  const fns = [raw, ...variants];
  const samples: number[][] = fns.map(() => []);
  for (let round = 0; round < 5; round++) {
    for (const [i, fn] of fns.entries()) samples[i]!.push(...await timeMany(n / 5, fn, round === 0 ? WARMUP : 0));
  }
  return comparisonRow(name, samples[0]!, samples.slice(1), high);
}

/** name, raw p50, raw p-high, then per variant p50, p-high, ratio of p50s. */
export function comparisonRow(name: string, raw: number[], variants: number[][], high: number): Array<string | number> {
  const r50 = percentile(raw, 50);
  return [name, r50, percentile(raw, high), ...variants.flatMap((v) => {
    const v50 = percentile(v, 50);
    return [v50, percentile(v, high), `${(v50 / r50).toFixed(2)}×`];
  })];
}

/** Table headers matching comparisonRow: one p50/p-high/ratio triple per variant label. */
export function comparisonHeaders(first: string, labels: string[], high: number): string[] {
  return [first, 'raw p50', `raw p${high}`, ...labels.flatMap((l) => [`${l} p50`, `${l} p${high}`, `${l} ratio`])];
}
