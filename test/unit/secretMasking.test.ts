import * as assert from 'node:assert/strict';
import { isSecret, maskSecret, maskSecretsDeep } from '../../src/core/shaping/secretMasking';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const PASSWORD = 'S3cr3t-lab-password-do-not-leak';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A Secret as the API server returns it (recording 015), with a kubectl-apply annotation. */
function secret(name = 'db-credentials'): Record<string, unknown> {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace: 'lab-data',
      labels: { app: 'db' },
      annotations: { [LAST_APPLIED]: `{"data":{"password":"${b64(PASSWORD)}"}}`, team: 'data' },
    },
    data: { password: b64(PASSWORD), username: b64('shop'), empty: '' },
    type: 'Opaque',
  };
}

const configMap = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'settings' }, data: { mode: 'fast' } };

describe('maskSecret', () => {
  it('replaces each data value by its decoded length, keeping the keys', () => {
    const masked = maskSecret(secret());
    assert.deepEqual(masked['data'], { password: '<masked: 31 bytes>', username: '<masked: 4 bytes>', empty: '<masked: 0 bytes>' });
  });

  it('masks stringData by its UTF-8 length', () => {
    const masked = maskSecret({ kind: 'Secret', apiVersion: 'v1', stringData: { token: 'héllo' } });
    assert.deepEqual(masked['stringData'], { token: '<masked: 6 bytes>' });
  });

  it('masks the last-applied annotation, which holds the data in clear', () => {
    const masked = maskSecret(secret());
    assert.deepEqual((masked['metadata'] as Record<string, unknown>)['annotations'], { [LAST_APPLIED]: '<masked>', team: 'data' });
    assert.ok(!JSON.stringify(masked).includes(b64(PASSWORD)));
  });

  it('keeps everything else', () => {
    const masked = maskSecret(secret());
    assert.equal(masked['type'], 'Opaque');
    assert.deepEqual((masked['metadata'] as Record<string, unknown>)['labels'], { app: 'db' });
  });

  it('does not modify its input', () => {
    const original = secret();
    const before = JSON.stringify(original);
    maskSecret(original);
    assert.equal(JSON.stringify(original), before);
  });

  it('masks non-string values without showing them', () => {
    const masked = maskSecret({ kind: 'Secret', apiVersion: 'v1', data: { odd: 42 } });
    assert.deepEqual(masked['data'], { odd: '<masked>' });
  });

  it('returns other objects unchanged', () => {
    assert.equal(maskSecret(configMap), configMap);
  });
});

describe('isSecret', () => {
  it('recognizes core/v1 Secrets, with or without apiVersion', () => {
    assert.equal(isSecret(secret()), true);
    assert.equal(isSecret({ kind: 'Secret' }), true);
  });

  it('ignores other kinds and Secret kinds of other groups', () => {
    assert.equal(isSecret(configMap), false);
    assert.equal(isSecret({ kind: 'Secret', apiVersion: 'example.com/v1' }), false);
    assert.equal(isSecret(null), false);
    assert.equal(isSecret([secret()]), false);
  });
});

describe('maskSecretsDeep', () => {
  it('masks a single Secret', () => {
    assert.ok(!JSON.stringify(maskSecretsDeep(secret())).includes(b64(PASSWORD)));
  });

  it('masks every item of a SecretList, whose items carry no kind', () => {
    const bare = (name: string): Record<string, unknown> => {
      const { kind: _kind, apiVersion: _apiVersion, ...rest } = secret(name);
      return rest;
    };
    const list = { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [bare('a'), bare('b')] };
    const masked = maskSecretsDeep(list);
    assert.ok(!JSON.stringify(masked).includes(b64(PASSWORD)));
    assert.equal(masked.items.length, 2);
    assert.equal(JSON.stringify(list).includes(b64(PASSWORD)), true, 'the input is untouched');
  });

  it('masks the Secrets of a mixed List and leaves the rest as is', () => {
    const list = { kind: 'List', apiVersion: 'v1', items: [configMap, secret()] };
    const masked = maskSecretsDeep(list);
    assert.equal(masked.items[0], configMap);
    assert.ok(!JSON.stringify(masked).includes(b64(PASSWORD)));
  });

  it('does not copy anything when there is no Secret', () => {
    const list = { kind: 'ConfigMapList', apiVersion: 'v1', items: [configMap] };
    assert.equal(maskSecretsDeep(list), list);
    assert.equal(maskSecretsDeep(configMap), configMap);
    assert.equal(maskSecretsDeep('text'), 'text');
    assert.equal(maskSecretsDeep(null), null);
  });

  it('masks Secrets carried by Table rows', () => {
    const table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: [{ cells: ['db', 'Opaque', 3, '1d'], object: secret() }] };
    assert.ok(!JSON.stringify(maskSecretsDeep(table)).includes(b64(PASSWORD)));
  });

  it('masks last-applied in metadata-only Table rows when told the resource is secrets', () => {
    const metadataOnly = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: secret()['metadata'] };
    const table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: [{ cells: ['db'], object: metadataOnly }] };
    assert.equal(maskSecretsDeep(table), table, 'without the hint it cannot know');
    assert.ok(!JSON.stringify(maskSecretsDeep(table, { assumeSecrets: true })).includes(b64(PASSWORD)));
  });

  it('masks a PartialObjectMetadataList when told the resource is secrets', () => {
    const metadataOnly = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: secret()['metadata'] };
    const list = { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', items: [metadataOnly] };
    assert.ok(!JSON.stringify(maskSecretsDeep(list, { assumeSecrets: true })).includes(b64(PASSWORD)));
  });
});
