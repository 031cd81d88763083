// deploy_k8s_entity under hostile manifests, in a fresh process (test/support/callMemoryProbe.ts) so that each
// call's peak memory can be read: a YAML string within the 1 MiB cap must not cost more than ~50 MB to refuse, whatever
// it holds, and nothing may reach the API server. (The probe reads the high-water mark through Linux's /proc.)
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PEAK_BOUND_MB = 50;
const address = { scope: 'namespaced', api_version: 'v1', resource_kind: 'configmaps', target_ns: 'lab-apps' };
const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n';

interface ProbeOutput { text: string; isError: boolean; peakRssDeltaMb: number; requests: string[] }

function deployInFreshProcess(manifests: string[]): ProbeOutput[] {
  const probe = path.join(__dirname, '..', 'support', 'callMemoryProbe.js');
  const input = {
    warmup: { tool: 'deploy_k8s_entity', args: { ...address, dry_run: true, payload_manifest: `${header}  a: "1"\n` } },
    calls: manifests.map((manifest) => ({ tool: 'deploy_k8s_entity', args: { ...address, payload_manifest: manifest } })),
  };
  const run = spawnSync(process.execPath, ['--expose-gc', probe], { input: JSON.stringify(input), encoding: 'utf8', timeout: 80_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as ProbeOutput[];
}

describe('deploy_k8s_entity with hostile YAML (memory, fresh process per call)', function () {
  this.timeout(90_000);

  const cases: Array<[string, () => string, RegExp]> = [
    ['a 1 MB anchor referenced 99 times (100 MB once expanded)',
      () => `${header}  a0: &big ${'x'.repeat(1_000_000)}\n${Array.from({ length: 99 }, (_, i) => `  a${i + 1}: *big\n`).join('')}`,
      /aliases expand it to more than 1048576 bytes/],
    ['a billion-laughs tower of small anchors',
      () => `${header}  l0: &l0 "${'ha'.repeat(8)}"\n${Array.from({ length: 9 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')}`,
      /aliases/],
    ['1 MB of tiny flow-sequence items (a token per byte)',
      () => `${header}  x: [${Array(300_000).fill('1').join(',')}]\n`,
      /more than 60000 tokens/],
    ['a 1 MB double-quoted string',
      () => `${header}  a: "${'word '.repeat(200_000)}"\n`,
      /double-quoted strings hold more than 262144 bytes/],
  ];
  let outputs: ProbeOutput[];
  before(() => {
    outputs = deployInFreshProcess(cases.map(([, build]) => build()));
  });
  cases.forEach(([what, , message], i) => {
    it(`refuses ${what} clearly, within ${PEAK_BOUND_MB} MB, before any request`, () => {
      const out = outputs[i]!;
      assert.equal(out.isError, true, out.text);
      assert.match(out.text, /^Invalid payload_manifest: /);
      assert.match(out.text, message);
      assert.deepEqual(out.requests, []);
      assert.ok(out.peakRssDeltaMb < PEAK_BOUND_MB, `the call's peak resident set grew by ${out.peakRssDeltaMb.toFixed(1)} MB`);
    });
  });
});
