import * as assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/errors';
import {
  encodePathSegment, validateApiGroup, validateApiVersion, validateDns1123Label, validateDns1123Subdomain,
  validateNamespace, validateObjectName, validateResourceName, validateSubPath,
} from '../../src/core/input/validation';

/** Asserts that `run` throws a ValidationError for `parameter` whose message contains every fragment. */
function assertRejects(run: () => unknown, parameter: string, ...fragments: string[]): ValidationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${String(caught)}`);
  assert.equal(caught.parameter, parameter);
  assert.equal(caught.kind, 'validation');
  for (const fragment of fragments) assert.ok(caught.message.includes(fragment), `"${caught.message}" lacks "${fragment}"`);
  return caught;
}

const HOSTILE = ['../secrets', 'a/b', '', '.', '..', '%2e%2e', 'a%2Fb', 'a b', 'tab\there', 'line\nbreak', 'nul\u0000',
  'zero\u200bwidth', '/leading', 'trailing/'];

describe('validateNamespace', () => {
  it('accepts DNS-1123 labels up to 63 characters', () => {
    for (const ok of ['default', 'kube-system', 'a', '0', 'team-42', 'a'.repeat(63)]) assert.equal(validateNamespace(ok), ok);
  });

  it('refuses path tricks, uppercase, dots, unicode and overlong values, naming target_ns', () => {
    for (const bad of [...HOSTILE, 'Kube-System', 'my.ns', '-lead', 'trail-', 'naïve', 'ns_1', 'a'.repeat(64)]) {
      assertRejects(() => validateNamespace(bad), 'target_ns');
    }
  });

  it('gives an example of a valid value', () => {
    assertRejects(() => validateNamespace('../secrets'), 'target_ns', 'DNS-1123', 'Example: "kube-system"');
  });

  it('names the parameter it is given', () => {
    assertRejects(() => validateNamespace('A', 'namespace'), 'namespace');
  });

  it('refuses non-strings with a message that says what arrived', () => {
    assertRejects(() => validateNamespace(42), 'target_ns', 'expected a string, got 42');
    assertRejects(() => validateNamespace(undefined), 'target_ns', 'got nothing');
  });
});

describe('validateDns1123Label', () => {
  it('uses the example it is given', () => {
    assertRejects(() => validateDns1123Label('App', 'query_params.container', 'app'), 'query_params.container', 'Example: "app"');
  });
});

describe('validateObjectName', () => {
  it('accepts real names that strict DNS-1123 would refuse', () => {
    for (const ok of ['web-7d9f8c6b5-x2x4q', 'system:controller:deployment-controller', 'Bad_Name', 'v1.apps', 'a..b', '...', 'x'.repeat(253)]) {
      assert.equal(validateObjectName(ok), ok);
    }
  });

  it('refuses ../secrets with the message the agent needs', () => {
    const error = assertRejects(() => validateObjectName('../secrets'), 'entity_name', 'no "/" or ".."');
    assert.ok(error.message.startsWith('Invalid entity_name: "../secrets" is not a valid object name (no "/" or "..")'));
  });

  it('refuses every hostile value', () => {
    for (const bad of HOSTILE) assertRejects(() => validateObjectName(bad), 'entity_name');
  });

  it('accepts "?" and "#", which only encoding makes safe (see encodePathSegment)', () => {
    assert.equal(validateObjectName('?watch=true'), '?watch=true');
  });

  it('refuses percent-encoding instead of decoding it', () => {
    assertRejects(() => validateObjectName('%2e%2e'), 'entity_name', 'no "%"');
  });

  it('refuses names longer than 253 characters and does not echo them in full', () => {
    const error = assertRejects(() => validateObjectName('x'.repeat(5000)), 'entity_name', '253');
    assert.ok(error.message.length < 400, error.message);
  });

  it('refuses unicode whitespace and control characters', () => {
    for (const bad of ['a\u00a0b', 'a\u2028b', '\ufeffname', 'bell\u0007']) assertRejects(() => validateObjectName(bad), 'entity_name');
  });
});

describe('validateDns1123Subdomain', () => {
  it('accepts lowercase names with dots and dashes', () => {
    for (const ok of ['web', 'my-app.v2', 'certificates.cert-manager.io', 'a'.repeat(253)]) {
      assert.equal(validateDns1123Subdomain(ok, 'payload_manifest.metadata.name'), ok);
    }
  });

  it('refuses uppercase, colons, underscores and overlong names', () => {
    for (const bad of ['Web', 'system:admin', 'a_b', '.a', 'a.', 'a..b', 'a'.repeat(254), ...HOSTILE]) {
      assertRejects(() => validateDns1123Subdomain(bad, 'payload_manifest.metadata.name'), 'payload_manifest.metadata.name');
    }
  });
});

describe('validateApiGroup', () => {
  it('normalizes "core", "" and absence to the core group', () => {
    assert.equal(validateApiGroup('core'), '');
    assert.equal(validateApiGroup(''), '');
    assert.equal(validateApiGroup(undefined), '');
  });

  it('accepts DNS subdomains', () => {
    for (const ok of ['apps', 'networking.k8s.io', 'cert-manager.io', 'rbac.authorization.k8s.io']) assert.equal(validateApiGroup(ok), ok);
  });

  it('refuses path tricks and group/version strings', () => {
    for (const bad of ['apps/v1', '../api', 'Apps', '%2e', 'a b', 'é.io']) assertRejects(() => validateApiGroup(bad), 'api_group', '"core"');
  });
});

describe('validateApiVersion', () => {
  it('accepts served versions', () => {
    for (const ok of ['v1', 'v1beta1', 'v2alpha1', 'v1beta2', 'v10']) assert.equal(validateApiVersion(ok), ok);
  });

  it('explains that the group goes in api_group when given apps/v1', () => {
    assertRejects(() => validateApiVersion('apps/v1'), 'api_version', 'api_group');
  });

  it('refuses uppercase, leading digits and path tricks', () => {
    for (const bad of ['V1', '1', '', '..', 'v1/../../secrets', 'v1?x', 'v'.repeat(64)]) assertRejects(() => validateApiVersion(bad), 'api_version');
  });
});

describe('validateResourceName', () => {
  it('accepts plurals, Kinds, short names and group-qualified names', () => {
    for (const ok of ['deployments', 'Deployment', 'deploy', 'po', 'deployments.apps', 'certificates.cert-manager.io', 'CustomResourceDefinition']) {
      assert.equal(validateResourceName(ok), ok);
    }
  });

  it('refuses slashes, dots at the edges and other characters', () => {
    for (const bad of ['pods/log', '.pods', 'pods.', 'pod s', 'pods%2flog', 'p*', '?watch', ...HOSTILE, 'x'.repeat(254)]) {
      assertRejects(() => validateResourceName(bad), 'resource_kind', '"deployments"');
    }
  });
});

describe('validateSubPath', () => {
  it('accepts one to three plain segments', () => {
    for (const ok of ['status', 'scale', 'log', 'logs', 'ephemeralcontainers', 'proxy/healthz', 'proxy/api/v1']) assert.equal(validateSubPath(ok), ok);
  });

  it('refuses traversal, encoding, queries, empty segments and a fourth segment', () => {
    for (const bad of ['..', '../secrets', 'status/..', '%2e%2e', 'log?follow=true', '/status', 'status/', 'a//b', 'a/b/c/d', 'Status', '-x', '', 'logs#x']) {
      assertRejects(() => validateSubPath(bad), 'sub_path', '"status"');
    }
  });
});

describe('encodePathSegment', () => {
  it('encodes characters that would change the path', () => {
    assert.equal(encodePathSegment('system:controller:foo'), 'system%3Acontroller%3Afoo');
    assert.equal(encodePathSegment('a/b'), 'a%2Fb');
    assert.equal(encodePathSegment('web'), 'web');
    assert.equal(encodePathSegment('?watch=true#x'), '%3Fwatch%3Dtrue%23x');
  });
});
