import * as assert from 'node:assert/strict';
import { changedFields } from '../../src/core/operations/changedFields';

describe('changedFields', () => {
  const live = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', resourceVersion: '1', generation: 1, labels: { app: 'web' }, managedFields: [{ manager: 'a' }] },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    status: { readyReplicas: 1 },
  };

  it('names the paths the manifest changes, lists as a whole, and not the fields the server changes on every write', () => {
    const result = structuredClone(live);
    result.metadata.resourceVersion = '2';
    result.metadata.generation = 2;
    result.metadata.managedFields = [{ manager: 'b' }];
    result.status.readyReplicas = 0;
    result.spec.replicas = 3;
    result.spec.template.spec.containers[0]!.image = 'web:2';
    (result.metadata.labels as Record<string, string>).tier = 'front';
    assert.deepEqual(changedFields(live, result), { paths: ['metadata.labels.tier', 'spec.replicas', 'spec.template.spec.containers'], more: 0 });
  });

  it('names removed fields, and nothing when the object stays the same', () => {
    const result = structuredClone(live) as Record<string, unknown> & typeof live;
    delete (result.metadata.labels as Partial<Record<string, string>>).app;
    assert.deepEqual(changedFields(live, result).paths, ['metadata.labels.app']);
    assert.deepEqual(changedFields(live, structuredClone(live)), { paths: [], more: 0 });
  });

  it('names a new object by its fields, and caps the list saying how many more there are', () => {
    assert.deepEqual(changedFields(null, { kind: 'ConfigMap', data: { a: '1', b: '2' } }).paths, ['data.a', 'data.b', 'kind']);
    const data = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
    const many = changedFields({ data: {} }, { data }, 12);
    assert.equal(many.paths.length, 12);
    assert.equal(many.more, 3);
  });
});
