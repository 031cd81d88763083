/**
 * MCP prompts (the slash commands VS Code offers) through a real SDK client: listed with their arguments,
 * filled in, refused with a clear error for bad arguments, completed, and the calls they lead to really work
 * against the fake API server.
 */
import * as assert from 'node:assert/strict';
import { startHarness, type McpHarness } from '../support/mcpHarness';

const CRASHING_POD = 'checkout-dfd5b95b4-7klg4';

/** The tool calls a prompt's text spells out, in order: `tool {json}`. */
function callsIn(text: string): Array<{ tool: string; args: Record<string, unknown> }> {
  return [...text.matchAll(/(get_k8s_entity|scan_k8s_collection|deploy_k8s_entity) (\{[^\n]*?\})(?=[.\s]|$)/g)]
    .map((m) => ({ tool: m[1]!, args: JSON.parse(m[2]!) as Record<string, unknown> }));
}

describe('prompts', function () {
  this.timeout(20000);
  let h: McpHarness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  async function promptText(name: string, args: Record<string, string>): Promise<string> {
    const result = await h.client.getPrompt({ name, arguments: args });
    assert.equal(result.messages.length, 1);
    const content = result.messages[0]!.content;
    assert.equal(content.type, 'text');
    return (content as { text: string }).text;
  }

  it('lists diagnose-workload and review-change with their arguments', async () => {
    const { prompts } = await h.client.listPrompts();
    const byName = new Map(prompts.map((p) => [p.name, p]));
    assert.deepEqual([...byName.keys()], ['diagnose-workload', 'review-change']);
    assert.deepEqual(byName.get('diagnose-workload')!.arguments!.map((a) => [a.name, a.required]), [['namespace', true], ['name', true], ['kind', false]]);
    assert.deepEqual(byName.get('review-change')!.arguments!.map((a) => [a.name, a.required]), [['change', true], ['namespace', false]]);
    assert.ok(prompts.every((p) => p.title && p.description));
  });

  describe('diagnose-workload', () => {
    it('leads from a deployment through its pods to the crashed container\'s previous logs and the pod\'s events, each call working', async () => {
      const calls = callsIn(await promptText('diagnose-workload', { namespace: 'lab-apps', name: 'checkout' }));
      assert.deepEqual(calls.map((c) => c.tool), ['get_k8s_entity', 'scan_k8s_collection', 'get_k8s_entity', 'scan_k8s_collection']);
      const [workload, pods, logs, events] = calls as [typeof calls[0], typeof calls[0], typeof calls[0], typeof calls[0]];
      assert.deepEqual(logs.args.query_params, { previous: true, tailLines: 50 });
      assert.equal(events.args.field_filter, 'involvedObject.name=<pod>');

      const deployment = await h.json<{ spec: { selector: { matchLabels: Record<string, string> } } }>(workload.tool, workload.args);
      const selector = Object.entries(deployment.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
      const podList = await h.call(pods.tool, { ...pods.args, label_filter: selector });
      assert.equal(podList.isError, false, podList.text);
      assert.match(podList.text, new RegExp(CRASHING_POD));
      for (const step of [logs, events]) {
        const args = JSON.parse(JSON.stringify(step.args).replaceAll('<pod>', CRASHING_POD)) as Record<string, unknown>;
        const out = await h.call(step.tool, args);
        assert.equal(out.isError, false, `${step.tool}: ${out.text}`);
      }
    });

    it('starts from the pod itself for kind pod', async () => {
      const calls = callsIn(await promptText('diagnose-workload', { namespace: 'lab-apps', name: CRASHING_POD, kind: 'Pod' }));
      assert.deepEqual(calls.map((c) => [c.tool, c.args.entity_name ?? c.args.field_filter]), [
        ['get_k8s_entity', CRASHING_POD], ['get_k8s_entity', CRASHING_POD], ['scan_k8s_collection', `involvedObject.name=${CRASHING_POD}`],
      ]);
      for (const call of calls) {
        const out = await h.call(call.tool, call.args);
        assert.equal(out.isError, false, `${call.tool}: ${out.text}`);
      }
    });

    for (const [args, message] of [
      [{ namespace: 'lab-apps' }, /Invalid arguments for prompt diagnose-workload: name is required/],
      [{ namespace: 'Lab_Apps', name: 'web' }, /Invalid namespace: "Lab_Apps" is not a valid DNS-1123 label/],
      [{ namespace: 'lab-apps', name: 'a/b' }, /Invalid name: "a\/b" is not a valid object name/],
      [{ namespace: 'lab-apps', name: 'web', kind: 'cronjob' }, /Invalid kind: "cronjob" is not one of deployment, statefulset, daemonset, job, pod/],
    ] as Array<[Record<string, string>, RegExp]>) {
      it(`refuses ${JSON.stringify(args)} with a clear error`, async () => {
        await assert.rejects(h.client.getPrompt({ name: 'diagnose-workload', arguments: args }), message);
      });
    }

    it('completes namespaces from the cluster and kinds from its list', async () => {
      const ns = await h.client.complete({ ref: { type: 'ref/prompt', name: 'diagnose-workload' }, argument: { name: 'namespace', value: 'lab-' } });
      assert.ok(ns.completion.values.includes('lab-apps'), ns.completion.values.join(', '));
      assert.ok(ns.completion.values.every((v) => v.startsWith('lab-')));
      const kinds = await h.client.complete({ ref: { type: 'ref/prompt', name: 'diagnose-workload' }, argument: { name: 'kind', value: 'st' } });
      assert.deepEqual(kinds.completion.values, ['statefulset']);
    });
  });

  describe('review-change', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: reviewed\ndata:\n  mode: strict\n';

    it('quotes the manifest and leads to a read, a dry run and an apply only after agreement', async () => {
      const text = await promptText('review-change', { change: manifest, namespace: 'lab-apps' });
      assert.ok(text.includes('```\n' + manifest.trim() + '\n```'), text);
      assert.match(text, /namespace "lab-apps"/);
      assert.match(text, /deploy_k8s_entity with the manifest as payload_manifest and "dry_run": true/);
      assert.match(text, /only after the person says yes/);
    });

    it('takes the selected namespace when none is given', async () => {
      assert.match(await promptText('review-change', { change: 'scale web to 3 replicas' }), new RegExp(`namespace "${h.service.selection().namespace}"`));
    });

    for (const [args, message] of [
      [{}, /change is required/],
      [{ change: '   ' }, /Invalid change: describe the change or paste the manifest/],
      [{ change: 'x'.repeat(100_001) }, /Invalid change: is 100001 characters; at most 100000/],
    ] as Array<[Record<string, string>, RegExp]>) {
      it(`refuses ${JSON.stringify(args).slice(0, 40)} with a clear error`, async () => {
        await assert.rejects(h.client.getPrompt({ name: 'review-change', arguments: args }), message);
      });
    }
  });
});
