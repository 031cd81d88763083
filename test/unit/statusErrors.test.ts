// Status answers a real kube-apiserver gives (recorded, or quoted from apiserver's source where the recordings
// have none) → the kind and the hint the agent gets.
import * as assert from 'node:assert/strict';
import { errorFromResponse, retryAfterSeconds } from '../../src/core/client/statusErrors';
import { recordedBody } from '../fake-apiserver/fixtures';

const body = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

describe('statusErrors', () => {
  it('405 MethodNotAllowed (recorded) is a bad request that says the operation is not supported', () => {
    const err = errorFromResponse(405, body(recordedBody('102-method-not-allowed.json')), 'POST pods/log');
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /^the server does not allow this method on the requested resource\. This resource does not support that operation/);
  });

  it('410 Expired continue token says to list again without it', () => {
    // apiserver's storage/errors: the message and reason of an expired continue token.
    const expired = {
      kind: 'Status', apiVersion: 'v1', metadata: { continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ' }, status: 'Failure',
      message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.',
      reason: 'Expired', code: 410,
    };
    const err = errorFromResponse(410, body(expired), 'GET configmaps');
    assert.equal(err.kind, 'bad-request');
    // It names the parameter the tools take (and the API server's query parameter): continue.
    assert.match(err.message, /list again from the first page, without continue\.$/);
    assert.doesNotMatch(err.message, /continue_token/);
  });

  it('a 403 on pods/exec explains the get verb the WebSocket upgrade needs (recorded)', () => {
    const err = errorFromResponse(403, body(recordedBody('129-exec-ws-viewer-forbidden.json')), 'GET pods/exec');
    assert.equal(err.kind, 'forbidden');
    assert.match(err.message, /cannot get resource "pods\/exec".*needs the get verb on pods\/exec/);
  });

  it('the SPDY-era 403 (create on pods/exec, recorded) gets the same hint; other 403s the generic RBAC one', () => {
    const spdy = errorFromResponse(403, body(recordedBody('067-exec-forbidden-viewer.json')), 'POST pods/exec');
    assert.match(spdy.message, /cannot create resource "pods\/exec".*needs the get verb on pods\/exec/);
    const secrets = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'secrets is forbidden: User "lab-viewer" cannot list resource "secrets" in API group "" in the namespace "lab-apps"', reason: 'Forbidden', code: 403 };
    const generic = errorFromResponse(403, body(secrets), 'GET secrets').message;
    assert.match(generic, /lacks this permission \(RBAC\)/);
    assert.doesNotMatch(generic, /pods\/exec/);
  });

  describe('429', () => {
    const tooMany = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', code: 429 };
    it('reads Retry-After as seconds or an HTTP date, else details.retryAfterSeconds', () => {
      const now = Date.parse('2025-01-01T00:00:00Z');
      assert.equal(retryAfterSeconds('12', undefined, now), 12);
      assert.equal(retryAfterSeconds('Wed, 01 Jan 2025 00:00:30 GMT', undefined, now), 30);
      assert.equal(retryAfterSeconds('Tue, 31 Dec 2024 23:00:00 GMT', undefined, now), 1);
      assert.equal(retryAfterSeconds(undefined, { details: { retryAfterSeconds: 9 } }, now), 9);
      assert.equal(retryAfterSeconds('soon', undefined, now), undefined);
      assert.equal(retryAfterSeconds(undefined, {}, now), undefined);
    });
    it('says when to retry, from the header, without a doubled full stop', () => {
      const err = errorFromResponse(429, body(tooMany), 'GET pods', '5');
      assert.equal(err.kind, 'rate-limited');
      assert.equal(err.retryAfterSeconds, 5);
      assert.equal(err.message, 'Too many requests, please try again later. The API server is throttling requests; retry in 5 s.');
    });
    it('does not invent a delay the server did not give', () => {
      assert.match(errorFromResponse(429, body(tooMany), 'GET pods').message, /retry in a few seconds\.$/);
    });
    it('an eviction refused by a PodDisruptionBudget says so instead of "throttling"', () => {
      const pdb = { ...tooMany, message: "Cannot evict pod as it would violate the pod's disruption budget.", details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] } };
      const text = errorFromResponse(429, body(pdb), 'POST pods/eviction').message;
      assert.match(text, /disruption budget\. A PodDisruptionBudget allows no more disruptions now/);
      assert.doesNotMatch(text, /throttling/);
    });
  });

  describe('500', () => {
    // A plain Go error reaching the response writer: a Status with code 500 and no reason (kubernetes#122480).
    const plain500 = (message: string): Buffer => body({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
    it('a schema mismatch in an apply says to fix the field, not to retry', () => {
      const err = errorFromResponse(500, plain500('failed to create typed patch object (general/admin-api; /v1, Kind=Service): .spec.topologyKeys: field not declared in schema'), 'PATCH services');
      assert.equal(err.kind, 'bad-request');
      assert.match(err.message, /field not declared in schema\. The manifest does not fit the resource's schema/);
      assert.doesNotMatch(err.message, /retry/i);
    });
    it('data that is not base64 says which values must be', () => {
      const err = errorFromResponse(500, plain500('illegal base64 data at input byte 4'), 'PATCH secrets');
      assert.equal(err.kind, 'bad-request');
      assert.match(err.message, /^illegal base64 data at input byte 4\. A value that must be base64 is not: .*stringData/);
      assert.doesNotMatch(err.message, /retry/i);
    });
    it('other 5xx are the server failing: retry, after the delay it gives when it gives one', () => {
      assert.match(errorFromResponse(500, plain500('etcdserver: request timed out'), 'GET pods').message, /retry shortly\.$/);
      const unavailable = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', details: { retryAfterSeconds: 3 }, code: 503 };
      assert.match(errorFromResponse(503, body(unavailable), 'GET pods').message, /retry in 3 s\.$/);
    });
  });
});
