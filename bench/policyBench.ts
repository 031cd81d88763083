/**
 * What each policy rule costs per call (issue 13): evaluatePolicy as the pipeline runs it before every request,
 * with the defaults, with the README's "dev read-write, prod read-only, no Secrets" config, and with a large
 * policy (20 context globs, 20 allowed-namespace globs, 20 denied resources); plus the all-namespaces filter
 * over a 300-item list. In-process and synchronous (the check never waits on I/O), shown next to the raw GET
 * measured in the same run so the share of a call is visible.
 */
import { resolvePolicy, type Policy, type PolicyInput } from '../src/core/policy/policy';
import { evaluatePolicy, filterAllowedNamespaces, type PolicyRequest } from '../src/core/policy/policyRules';
import { percentile } from './stats';

const layer = (values: PolicyInput) => ({ values, describe: (key: string) => `${key} in bench` });

const README_POLICY: PolicyInput = {
  defaultMode: 'read-only',
  contexts: { dev: { mode: 'read-write' }, prod: { mode: 'read-only' } },
  deniedResources: [{ group: '', resource: 'secrets' }],
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const LARGE_POLICY: PolicyInput = {
  contexts: Object.fromEntries(range(20).map((i) => [`team-${i}-*`, { mode: i % 2 ? 'read-write' as const : 'read-only' as const }])),
  allowedNamespaces: range(20).map((i) => `app-${i}-*`),
  deniedResources: range(20).map((i) => ({ group: `g${i}.example.com`, resource: `things${i}` })),
};

const GET: PolicyRequest = { context: 'dev', verb: 'get', group: 'apps', resource: 'deployments', scope: { kind: 'namespace', namespace: 'app-7-web' }, name: 'api' };
const APPLY: PolicyRequest = { ...GET, verb: 'create-or-apply', group: '', resource: 'configmaps' };

/** Median microseconds per call of `fn`, over 7 rounds of `n` calls after a warm-up. */
function microsPerCall(fn: () => unknown, n = 20_000): number {
  for (let i = 0; i < n; i++) fn();
  const rounds = range(7).map(() => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    return Number(process.hrtime.bigint() - t) / 1e3 / n;
  });
  return percentile(rounds, 50);
}

export function policyCostRows(rawGetMs: number): Array<Array<string | number>> {
  const policies: Array<[string, Policy]> = [
    ['defaults', resolvePolicy([])],
    ['README dev/prod/no Secrets', resolvePolicy([layer(README_POLICY)])],
    ['large (20+20+20 rules)', resolvePolicy([layer(LARGE_POLICY)])],
  ];
  const items = range(300).map((i) => ({ namespace: `app-${i % 40}-ns` }));
  const share = (us: number) => `${((us / 1000 / rawGetMs) * 100).toFixed(3)}%`;
  const rows: Array<Array<string | number>> = [];
  for (const [name, policy] of policies) {
    for (const [what, request] of [['get', GET], ['apply', APPLY]] as const) {
      const us = microsPerCall(() => evaluatePolicy(policy, request));
      rows.push([`${name}: ${what}`, us.toFixed(2), share(us)]);
    }
    const us = microsPerCall(() => filterAllowedNamespaces(policy, items, (item) => item.namespace), 500);
    rows.push([`${name}: all-namespaces filter, 300 items`, us.toFixed(2), share(us)]);
  }
  return rows;
}
