// The Contexts view follows the kubeconfig on disk: new contexts appear, a broken file is a row with a message
// (never a crash), and fixing it brings everything back.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import { parse, stringify } from 'yaml';
import type { ContextsNode } from '../../../src/extension/contextsTree';
import { extensionApi, waitFor } from './vscodeHelpers';

interface Kubeconfig { contexts: Array<{ name: string; context: Record<string, unknown> }> }

describe('kubeconfig changes on disk', function () {
  const file = process.env.KUBECONFIG!;
  let original: string;

  const breakFile = async (): Promise<Extract<ContextsNode, { kind: 'problem' }>> => {
    const api = await extensionApi();
    fs.writeFileSync(file, 'this: is: not: a kubeconfig: [');
    return waitFor('a problem row', () => api.contextRows().find((r) => r.kind === 'problem'), 10_000);
  };

  before(() => {
    original = fs.readFileSync(file, 'utf8');
  });
  // Every test starts from the original file, whatever the one before it left behind.
  afterEach(async () => {
    fs.writeFileSync(file, original);
    const api = await extensionApi();
    await waitFor('contexts restored', () => api.contextRows().some((r) => r.kind === 'context' && r.summary.name === 'fake-admin') || undefined, 10_000);
  });

  it('a context added to the file shows up without a refresh', async () => {
    const api = await extensionApi();
    const config = parse(original) as Kubeconfig;
    const admin = config.contexts.find((c) => c.name === 'fake-admin')!;
    config.contexts.push({ name: 'e2e-added', context: { ...admin.context, namespace: 'lab-data' } });
    fs.writeFileSync(file, stringify(config));
    const row = await waitFor('the new context row', () => api.contextRows().find((r) => r.kind === 'context' && r.summary.name === 'e2e-added'), 10_000);
    assert.ok(row.kind === 'context' && row.namespace === 'lab-data');
  });

  it('a broken file becomes a problem row and a status bar warning', async () => {
    const api = await extensionApi();
    const problem = await breakFile();
    assert.match(problem.message, /kubeconfig/i);
    assert.match(api.statusBarText(), /\$\(error\)/);
  });

  it('fixing the file brings the contexts back', async () => {
    const api = await extensionApi();
    await breakFile();
    fs.writeFileSync(file, original);
    await waitFor('context rows', () => api.contextRows().some((r) => r.kind === 'context' && r.summary.name === 'fake-admin') || undefined, 10_000);
    assert.ok(!api.contextRows().some((r) => r.kind === 'problem'));
  });
});
