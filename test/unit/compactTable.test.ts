import * as assert from 'node:assert/strict';
import type { CompactItem, CompactList } from '../../src/core/shaping/compactList';
import { humanAge, renderCompactList } from '../../src/core/shaping/compactTable';
import { readCompactList } from '../support/compactListReader';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const created = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();
const list = (items: CompactItem[], extra: Partial<CompactList> = {}): CompactList =>
  ({ kind: 'PodList', apiVersion: 'v1', namespace: 'shop', columns: ['Status'], items, ...extra });
const pod = (name: string, status: string, labels: Record<string, string>, minutesAgo = 90): CompactItem =>
  ({ name, labels, created: created(minutesAgo), cells: [status] });

describe('the compact list encoding', () => {
  it('names columns once, says shared labels and columns once, and makes a label every item has a column', () => {
    const text = renderCompactList(list([
      pod('web-1', 'Running', { app: 'web', tier: 'front', track: 'a' }),
      pod('web-2', 'Running', { app: 'web', tier: 'front', track: 'b' }),
      pod('web-3', 'Running', { app: 'web', tier: 'front', track: 'c', canary: 'yes' }),
    ]), { now: NOW });
    assert.equal(text, [
      '{"kind":"PodList","apiVersion":"v1","namespace":"shop","count":3,"shared":{"Status":"Running","age":"90m","labels":{"app":"web","tier":"front"}}}',
      'name\tlabel:track\tlabels',
      'web-1\ta\t-',
      'web-2\tb\t-',
      'web-3\tc\t{"canary":"yes"}',
    ].join('\n'));
  });

  it('joins columns equal on every row and keeps a one-item list whole', () => {
    const twins = renderCompactList(list([
      pod('a-1', 'Running', { app: 'a', 'app.kubernetes.io/name': 'a' }, 5),
      pod('b-1', 'Failed', { app: 'b', 'app.kubernetes.io/name': 'b' }, 200),
    ]), { now: NOW });
    assert.equal(twins.split('\n')[1], 'name\tStatus\tage\tlabel:app=label:app.kubernetes.io/name');
    assert.deepEqual(readCompactList(twins).items[1]!.labels, { app: 'b', 'app.kubernetes.io/name': 'b' });
    const one = readCompactList(renderCompactList(list([pod('solo', 'Running', { app: 'solo' })]), { now: NOW }));
    assert.deepEqual(one.columns, ['name', 'Status', 'age', 'labels']);
    assert.deepEqual(one.items[0]!.labels, { app: 'solo' });
  });

  it('writes ambiguous cells as JSON and reads back what it wrote', () => {
    const odd = ['', '-', 'a\tb', 'line\nbreak', '"quoted"', '{not json', ' padded', 'plain text (27s ago)'];
    const items = odd.map((status, i) => ({ name: `p${i}`, cells: [status] }));
    const page = readCompactList(renderCompactList(list(items), { now: NOW, continueToken: 'fp.token' }));
    assert.deepEqual(page.items.map((i) => i.Status), odd);
    assert.equal(page.rows.length, odd.length, 'one line per item');
    assert.equal(page.header.continue, 'fp.token');
  });

  it('puts the namespace in a column only when items are in several', () => {
    const across = list([{ name: 'a', namespace: 'x' }, { name: 'b', namespace: 'y' }], { namespace: undefined, columns: [] });
    assert.deepEqual(readCompactList(renderCompactList(across, { now: NOW })).columns, ['name', 'namespace']);
    const oneNs = list([{ name: 'a', namespace: 'x' }, { name: 'b', namespace: 'x' }], { namespace: undefined, columns: [] });
    assert.equal(readCompactList(renderCompactList(oneNs, { now: NOW })).header.namespace, 'x');
  });

  it('prints ages like kubectl', () => {
    const s = 1000;
    const ages = [45 * s, 330 * s, 90 * 60 * s, 130 * 60 * s, 12 * 3600 * s, 76 * 3600 * s, 40 * 86400 * s, 800 * 86400 * s, -5 * s];
    assert.deepEqual(ages.map(humanAge),
      ['45s', '5m30s', '90m', '130m', '12h', '3d4h', '40d', '2y70d', '<invalid>']);
  });
});
