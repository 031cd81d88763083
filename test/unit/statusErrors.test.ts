// Status answers a real kube-apiserver gives (recorded, or quoted from apiserver's source where the recordings
// have none) → the kind and the hint the agent gets.
import * as assert from 'node:assert/strict';
import { errorFromResponse } from '../../src/core/statusErrors';
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
    assert.match(err.message, /list again without continue_token\.$/);
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
});
