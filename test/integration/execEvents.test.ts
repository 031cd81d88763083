// The exec events the extension's Exec panel is built from (onExecStart, onExecOutput, onExec), through the real
// MCP client and the WebSocket exec of the fake API server: in order, while the command runs, capped like the
// agent's answer, with an end for every start, and never on this process's own stdio.
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import type { ExecEvent, ExecOutputEvent, ExecStartEvent, ServerHooks } from '../../src/server/hooks';
import { execAnswer, startWriteHarness as connect, type CallOutcome, type McpHarness } from '../support/mcpHarness';
import { waitFor } from '../support/waitFor';

const POD = 'auth-v1-6b9fcbc6fc-k9mnp';
const podExec = { scope: 'namespaced', api_version: 'v1', resource_kind: 'pods', target_ns: 'lab-apps', entity_name: POD, action_path: 'exec' };

type Recorded = { start: ExecStartEvent } | { output: ExecOutputEvent } | { end: ExecEvent };

/** A hooks double that records every exec event in the order it came. */
function recorder(): { events: Recorded[]; hooks: ServerHooks; summary(): string[] } {
  const events: Recorded[] = [];
  return {
    events,
    hooks: {
      onExecStart: (start) => events.push({ start }),
      onExecOutput: (output) => events.push({ output }),
      onExec: (end) => events.push({ end }),
    },
    summary: () => events.map((e) => ('start' in e ? `start #${e.start.execId}` : 'output' in e ? `${e.output.stream} ${JSON.stringify(e.output.text)}` : `end exit ${e.end.exitCode}`)),
  };
}

describe('exec events for the Exec panel (integration)', function () {
  this.timeout(30_000);
  let fake: FakeApiServer;
  let h: McpHarness;
  let rec: ReturnType<typeof recorder>;
  const exec = (payload: Record<string, unknown>, harness = h): Promise<CallOutcome> => harness.call('interact_k8s_endpoint', { ...podExec, request_payload: payload });

  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
  });
  beforeEach(async () => {
    rec = recorder();
    h = await connect(fake, {}, rec.hooks);
  });
  afterEach(() => h.close());
  after(() => fake.close());

  it('reports the start, each stream\'s output as it arrives, then the exit code, in order', async () => {
    const r = await exec({ command: ['sh', '-c', 'echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three; exit 3'], container: 'auth-v1' });
    assert.equal(execAnswer(r.text).exitCode, 3);
    const id = (rec.events[0] as { start: ExecStartEvent }).start.execId;
    assert.deepEqual(rec.summary(), [`start #${id}`, 'stdout "one\\n"', 'stderr "two\\n"', 'stdout "three\\n"', 'end exit 3']);
    const start = (rec.events[0] as { start: ExecStartEvent }).start;
    assert.deepEqual({ ...start, execId: 0 }, {
      execId: 0, context: 'fake-admin', namespace: 'lab-apps', pod: POD, container: 'auth-v1', command: ['sh', '-c', 'echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three; exit 3'],
      timeoutSeconds: 15, maxBytesPerStream: 1024 * 1024,
    });
    const end = (rec.events.at(-1) as { end: ExecEvent }).end;
    assert.equal(end.execId, id);
    assert.equal(end.timedOut, false);
    assert.ok(rec.events.slice(1, -1).every((e) => 'output' in e && e.output.execId === id));
  });

  it('relays output while the command still runs, and ends a cancelled exec with the reason', async () => {
    const abort = new AbortController();
    const call = h.client.callTool({ name: 'interact_k8s_endpoint', arguments: { ...podExec, request_payload: { command: ['sh', '-c', 'echo first; sleep 60; echo never'], timeout: 60 } } }, undefined, { signal: abort.signal });
    call.catch(() => undefined);
    await waitFor(() => rec.events.some((e) => 'output' in e), { what: 'the first output' });
    // The command sleeps for 60 s: the output came while it ran, and nothing has ended.
    assert.deepEqual(rec.summary().slice(1), ['stdout "first\\n"']);
    abort.abort();
    await assert.rejects(call);
    await waitFor(() => rec.events.some((e) => 'end' in e), { what: 'the end event' });
    const end = (rec.events.at(-1) as { end: ExecEvent }).end;
    assert.equal(end.exitCode, null);
    assert.match(end.error ?? '', /cancelled/);
  });

  it('relays no more than the agent gets: each stream cut at 1 MiB', async () => {
    const out = execAnswer((await exec({ command: ['yes-bytes', '3000000'] })).text);
    const relayed = rec.events.map((e) => ('output' in e ? e.output.text : '')).join('');
    assert.equal(relayed, out.stdout);
    assert.equal(relayed.length, 1024 * 1024);
    assert.equal((rec.events.at(-1) as { end: ExecEvent }).end.stdoutTruncated, true);
  });

  it('ends an exec that could not start (unknown container) with the error the agent got', async () => {
    const r = await exec({ command: ['true'], container: 'nosuch' });
    assert.equal(r.isError, true);
    assert.deepEqual(rec.summary().map((s) => s.replace(/#\d+/, '#n')), ['start #n', 'end exit null']);
    assert.equal((rec.events[1] as { end: ExecEvent }).end.error, r.text);
  });

  it('keeps the call working when a hook throws, and logs the failure', async () => {
    const logged: string[] = [];
    const local = await connect(fake, {}, { onExecOutput: () => { throw new Error('panel gone'); }, log: (_level, m) => logged.push(m) });
    try {
      const r = await exec({ command: ['echo', 'still fine'] }, local);
      assert.equal(execAnswer(r.text).stdout, 'still fine\n');
      assert.deepEqual(logged, ['The onExecOutput hook failed: panel gone']);
    } finally {
      await local.close();
    }
  });

  it('never writes exec output to this process\'s stdout or stderr', async () => {
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      stream.write = (chunk: string | Uint8Array, ...rest: never[]) => {
        written.push(String(chunk));
        return original(chunk, ...rest);
      };
      return () => { stream.write = original; };
    });
    try {
      await exec({ command: ['sh', '-c', 'echo marker-out-7f3; echo marker-err-7f3 >&2'] });
    } finally {
      for (const restore of spies) restore();
    }
    assert.ok(rec.events.some((e) => 'output' in e && e.output.text.includes('marker-out-7f3')));
    assert.equal(written.filter((w) => w.includes('marker-')).length, 0);
  });
});
