/**
 * Stops V8's young generation from growing past YOUNG_GENERATION_CAP_BYTES in the CLI. Under a steady stream of
 * answers V8 doubles it each time enough survives a scavenge, up to 32 MB (two 16 MB semi-spaces), all of it
 * resident; after 100 mixed calls that was a third of the process (111 MB RSS; 87 MB with this cap, list and
 * get p50 within noise: `npm run bench`). The size is a startup flag (`--max-semi-space-size`) that MCP client
 * configurations and `npx` do not pass, but the growth factor is read each time V8 grows the space, so setting
 * it to 1 once the cap is reached holds the size there. Only the CLI does this: the extension runs in VS Code's
 * process, whose heap is not ours to tune.
 */
import * as v8 from 'node:v8';

/** 8 MiB: two 4 MiB semi-spaces. Below that, lists of 300 items collect often enough to show in their p50. */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

const newSpaceBytes = (): number => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
const stopGrowth = (): void => v8.setFlagsFromString('--semi-space-growth-factor=1');

export class YoungGenerationCap {
  private capped = false;

  /** Injectable, so tests need not grow a real heap. */
  constructor(private readonly measure: () => number = newSpaceBytes, private readonly stop: () => void = stopGrowth) {}

  /** After each call (~1.5 µs): once the young generation has reached the cap, it grows no further. */
  check(): void {
    if (this.capped || this.measure() < YOUNG_GENERATION_CAP_BYTES) return;
    this.stop();
    this.capped = true;
  }
}
