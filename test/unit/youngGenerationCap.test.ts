import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { YOUNG_GENERATION_CAP_BYTES, YoungGenerationCap } from '../../src/cli/youngGenerationCap';

const MB = 1024 * 1024;

/**
 * A child Node that makes 40 "calls", each building ~2 MB of objects that live until the call ends (so they
 * survive the scavenges made meanwhile, as a parsed list does), and prints its young generation's size at the end.
 */
function youngGenerationAfterCalls(withCap: boolean): number {
  const script = `
    const v8 = require('node:v8');
    const { YoungGenerationCap } = require(${JSON.stringify(require.resolve('../../src/cli/youngGenerationCap'))});
    const cap = new YoungGenerationCap();
    let held;
    for (let call = 0; call < 40; call++) {
      const live = [];
      for (let i = 0; i < 20000; i++) live.push({ name: 'item-' + i + '-' + call, labels: { app: String(i) }, n: [i, i + 1] });
      held = live;
      if (${withCap}) cap.check();
    }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('young generation cap (CLI)', () => {
  it('stops growth once the young generation reaches the cap, and only once', () => {
    let size = 2 * MB;
    let stops = 0;
    const cap = new YoungGenerationCap(() => size, () => stops++);
    cap.check();
    assert.equal(stops, 0, 'below the cap nothing changes');
    size = YOUNG_GENERATION_CAP_BYTES;
    cap.check();
    cap.check();
    assert.equal(stops, 1);
  });

  it('holds a real V8 young generation at the cap, where it would otherwise grow to its maximum', function () {
    this.timeout(20_000);
    const uncapped = youngGenerationAfterCalls(false);
    const capped = youngGenerationAfterCalls(true);
    assert.ok(uncapped > YOUNG_GENERATION_CAP_BYTES, `without the cap it grows past ${YOUNG_GENERATION_CAP_BYTES / MB} MB (got ${uncapped / MB} MB)`);
    assert.equal(capped, YOUNG_GENERATION_CAP_BYTES);
  });
});
