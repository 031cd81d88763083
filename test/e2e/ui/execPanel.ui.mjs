// The Exec output panel shows every command the agent ran in a pod; the Activity log every tool call.
import assert from 'node:assert';
import { clickDialogButton, dialog, runCommand, waitForOutput } from '../harness/ui-driver.mjs';

const PODS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' };

export default async function execPanel({ page, step, shot, agent }) {
  await step('an approved exec shows command, pod, exit code, duration and output in "Kubernetes MCP: Exec"', async () => {
    const a = await agent();
    const pods = await a.call('scan_k8s_collection', { ...PODS, field_filter: 'status.phase=Running' });
    const pod = /"name":\s*"([^"]+)"/.exec(pods.text)?.[1];
    assert.ok(pod, pods.text.slice(0, 300));
    const call = a.call('interact_k8s_endpoint', { ...PODS, entity_name: pod, action_path: 'exec', request_payload: { command: ['echo', 'hello from the UI suite'] } });
    await dialog(page).waitFor({ timeout: 15000 });
    assert.match(await dialog(page).innerText(), /run a command in Pod/);
    await clickDialogButton(page, 'Allow');
    const result = await call;
    assert.strictEqual(result.isError, false, result.text);
    await runCommand(page, 'Kubernetes MCP: Show Exec Output');
    const text = await waitForOutput(page, 'hello from the UI suite');
    assert.match(text, /\$ echo 'hello from the UI suite'/);
    assert.match(text, /exit code 0 after \d+ ms/);
    assert.ok(text.includes(pod));
    await shot('exec-output');
  });

  await step('"Kubernetes MCP: Activity" lists every tool call with its arguments, result size and duration', async () => {
    await runCommand(page, 'Kubernetes MCP: Show Activity Log');
    // The panel shows its last lines: the exec call above, and the scan before it.
    const text = await waitForOutput(page, /ok {4}interact_k8s_endpoint @fake-admin [\d.]+ (B|KiB) in \d+ ms/);
    assert.match(text, /args \{"scope":"namespaced"/);
    assert.match(text, /ok {4}scan_k8s_collection @fake-admin/);
    await shot('activity-log');
  });
}
