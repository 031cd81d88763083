// The Exec output panel shows every command the agent runs in a pod, while it runs; the Activity log every tool call.
import assert from 'node:assert';
import { clickDialogButton, dialog, runCommand, waitForOutput } from '../harness/ui-driver.mjs';

const PODS = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps' };

/** The name of a running pod in lab-apps, from the agent's own list call. */
async function runningPod(a) {
  const pods = await a.call('scan_k8s_collection', { ...PODS, field_filter: 'status.phase=Running' });
  // A list answer is a JSON header, a line of column names, then one tab-separated row per item, name first.
  const pod = pods.text.split('\n')[2]?.split('\t')[0];
  assert.ok(pod, pods.text.slice(0, 300));
  return pod;
}

export default async function execPanel({ page, step, shot, agent }) {
  await step('an approved exec shows command, pod, exit code, duration and output in "Kubernetes MCP: Exec"', async () => {
    const a = await agent();
    const pod = await runningPod(a);
    const call = a.call('interact_k8s_endpoint', { ...PODS, entity_name: pod, action_path: 'exec', request_payload: { command: ['echo', 'hello from the UI suite'] } });
    await dialog(page).waitFor({ timeout: 15000 });
    assert.match(await dialog(page).innerText(), /run a command in Pod/);
    await clickDialogButton(page, 'Allow');
    const result = await call;
    assert.strictEqual(result.isError, false, result.text);
    await runCommand(page, 'Kubernetes MCP: Show Exec Output');
    const text = await waitForOutput(page, 'hello from the UI suite');
    assert.match(text, /exec #\d+ in pod lab-apps\/\S+ · context fake-admin · timeout 15 s/);
    assert.match(text, /\$ echo 'hello from the UI suite'/);
    assert.match(text, /#\d+ stdout │ hello from the UI suite/);
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

  await step('the Exec panel shows a command\'s output while it runs, then how it ended', async () => {
    const a = await agent();
    const pod = await runningPod(a);
    const cancel = new AbortController();
    // Prints, then sleeps for a minute: whatever the panel shows before the cancel below, it showed while the command ran.
    const call = a.call('interact_k8s_endpoint', {
      ...PODS, entity_name: pod, action_path: 'exec', request_payload: { command: ['sh', '-c', 'echo streamed while running; sleep 60'], timeout: 60 },
    }, { signal: cancel.signal });
    call.catch(() => undefined);
    await clickDialogButton(page, 'Allow');
    await runCommand(page, 'Kubernetes MCP: Show Exec Output');
    const running = await waitForOutput(page, /#\d+ stdout │ streamed while running/);
    const id = [...running.matchAll(/exec #(\d+) in pod/g)].at(-1)?.[1];
    assert.ok(id, running);
    assert.doesNotMatch(running, new RegExp(`#${id} →`), 'the exec has not ended yet');
    await shot('exec-streaming');
    cancel.abort();
    await assert.rejects(call);
    await waitForOutput(page, new RegExp(`#${id} → ended without an exit code after \\d+ ms · exec in pod "${pod}" was cancelled`));
  });
}
