// The Exec panel's text: a header at the start, whole labelled lines as output arrives in arbitrary pieces
// (never two streams or two execs in one line), and the outcome at the end.
import * as assert from 'node:assert/strict';
import { ExecTranscript } from '../../src/extension/execTranscript';
import type { ExecEvent, ExecStartEvent } from '../../src/server/hooks';

const start = (execId: number, over: Partial<ExecStartEvent> = {}): ExecStartEvent => ({
  execId, context: 'kind-lab', namespace: 'lab-apps', pod: 'api-0', command: ['sh', '-c', 'echo hi; sleep 5'], timeoutSeconds: 15, maxBytesPerStream: 1024 * 1024, ...over,
});
const end = (execId: number, over: Partial<ExecEvent> = {}): ExecEvent => ({
  execId, context: 'kind-lab', namespace: 'lab-apps', pod: 'api-0', command: ['true'], exitCode: 0,
  stdoutTruncated: false, stderrTruncated: false, timedOut: false, durationMs: 1234, ...over,
});

describe('ExecTranscript (the Exec panel\'s text)', () => {
  const transcript = (): ExecTranscript => new ExecTranscript(() => new Date('2025-06-01T12:00:00.000Z'));

  it('starts with when, where and the command, quoted as a shell would', () => {
    assert.equal(transcript().start(start(3, { container: 'app' })), [
      '[2025-06-01T12:00:00.000Z] exec #3 in pod lab-apps/api-0 (container app) · context kind-lab · timeout 15 s',
      "#3 $ sh -c 'echo hi; sleep 5'",
      '',
    ].join('\n'));
  });

  it('writes a line once it is complete, however the output was split', () => {
    const t = transcript();
    t.start(start(1));
    assert.equal(t.output({ execId: 1, stream: 'stdout', text: 'hel' }), '');
    assert.equal(t.output({ execId: 1, stream: 'stdout', text: 'lo\nwor' }), '#1 stdout │ hello\n');
    assert.equal(t.output({ execId: 1, stream: 'stdout', text: 'ld\r\n\n' }), '#1 stdout │ world\n#1 stdout │ \n');
  });

  it('keeps the order of arrival: the other stream\'s open line is written first, on its own line', () => {
    const t = transcript();
    t.start(start(1));
    t.output({ execId: 1, stream: 'stdout', text: 'progress 50%' });
    assert.equal(t.output({ execId: 1, stream: 'stderr', text: 'warning\n' }), '#1 stdout │ progress 50%\n#1 stderr │ warning\n');
  });

  it('never mixes two execs that run at the same time in one line', () => {
    const t = transcript();
    t.start(start(1));
    t.start(start(2));
    const text = [
      t.output({ execId: 1, stream: 'stdout', text: 'one-a' }),
      t.output({ execId: 2, stream: 'stdout', text: 'two\n' }),
      t.output({ execId: 1, stream: 'stdout', text: 'one-b\n' }),
    ].join('');
    assert.equal(text, '#2 stdout │ two\n#1 stdout │ one-aone-b\n');
  });

  it('writes a very long line without a newline before it ends', () => {
    const t = transcript();
    t.start(start(1));
    assert.equal(t.output({ execId: 1, stream: 'stdout', text: 'x'.repeat(4000) }), '');
    assert.equal(t.output({ execId: 1, stream: 'stdout', text: 'x'.repeat(5000) }), `#1 stdout │ ${'x'.repeat(9000)}\n`);
  });

  it('ends with the rest of the output, the exit code and the duration', () => {
    const t = transcript();
    t.start(start(1));
    t.output({ execId: 1, stream: 'stderr', text: 'no newline at the end' });
    assert.equal(t.end(end(1, { exitCode: 2 })), '#1 stderr │ no newline at the end\n#1 → exit code 2 after 1234 ms\n\n');
  });

  it('says when there was no output, when it timed out, and where the caps cut', () => {
    const t = transcript();
    t.start(start(1));
    assert.equal(t.end(end(1, { exitCode: null, timedOut: true, error: 'The command did not finish within 15 s.' })),
      '#1 (no output)\n#1 → timed out after 1234 ms · The command did not finish within 15 s.\n\n');
    t.start(start(2));
    assert.equal(t.output({ execId: 2, stream: 'stdout', text: 'y\n' }), '#2 stdout │ y\n');
    assert.equal(t.end(end(2, { stdoutTruncated: true })), '#2 stdout was cut at the 1 MiB cap; the agent got the same cut\n#2 → exit code 0 after 1234 ms\n\n');
  });

  it('ends a failed exec with its reason', () => {
    const t = transcript();
    t.start(start(1));
    assert.equal(t.end(end(1, { exitCode: null, error: 'exec in pod "api-0" was cancelled.' })),
      '#1 (no output)\n#1 → ended without an exit code after 1234 ms · exec in pod "api-0" was cancelled.\n\n');
  });
});
