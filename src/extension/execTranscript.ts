/**
 * The text of the Exec panel, built from the server's exec events as they come: a header when a command starts,
 * its output line by line as it arrives, each line labelled with the exec's number and its stream, and the
 * outcome when it ends. Output arrives in arbitrary pieces and several execs may run at once, so a line is
 * written only when it is complete (or when the other stream speaks, or the exec ends): no line ever mixes
 * two streams or two commands. No VS Code here, so it is tested on its own.
 */
import type { ExecEvent, ExecOutputEvent, ExecStartEvent } from '../server/hooks';

/** A line without a newline is shown once it gets this long (a progress bar, a minified file). */
const MAX_PENDING_LINE = 8 * 1024;

type Stream = ExecOutputEvent['stream'];

interface RunningExec {
  pending: Record<Stream, string>;
  sawOutput: boolean;
  maxBytesPerStream: number;
}

export class ExecTranscript {
  private readonly running = new Map<number, RunningExec>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The header: when, where, which command. */
  start(e: ExecStartEvent): string {
    this.running.set(e.execId, { pending: { stdout: '', stderr: '' }, sawOutput: false, maxBytesPerStream: e.maxBytesPerStream });
    const container = e.container ? ` (container ${e.container})` : '';
    return [
      `[${this.now().toISOString()}] exec #${e.execId} in pod ${e.namespace}/${e.pod}${container} · context ${e.context} · timeout ${e.timeoutSeconds} s`,
      `#${e.execId} $ ${e.command.map(quote).join(' ')}`,
    ].map((line) => `${line}\n`).join('');
  }

  /** The complete lines this piece of output finishes ('' while a line is still open). */
  output(e: ExecOutputEvent): string {
    const exec = this.running.get(e.execId);
    if (!exec) return '';
    exec.sawOutput = true;
    const other: Stream = e.stream === 'stdout' ? 'stderr' : 'stdout';
    // The other stream's open line came first: show it now so the panel keeps the order of arrival.
    let text = this.flush(e.execId, exec, other);
    const parts = (exec.pending[e.stream] + e.text).split('\n');
    exec.pending[e.stream] = parts.pop()!;
    for (const line of parts) text += labelled(e.execId, e.stream, line);
    if (exec.pending[e.stream].length >= MAX_PENDING_LINE) text += this.flush(e.execId, exec, e.stream);
    return text;
  }

  /** The rest of the output, the outcome and the duration. */
  end(e: ExecEvent): string {
    const exec = this.running.get(e.execId);
    this.running.delete(e.execId);
    let text = exec ? this.flush(e.execId, exec, 'stdout') + this.flush(e.execId, exec, 'stderr') : '';
    if (exec && !exec.sawOutput) text += `#${e.execId} (no output)\n`;
    const cap = exec ? `${exec.maxBytesPerStream / (1024 * 1024)} MiB` : 'its';
    for (const [stream, cut] of [['stdout', e.stdoutTruncated], ['stderr', e.stderrTruncated]] as const) {
      if (cut) text += `#${e.execId} ${stream} was cut at the ${cap} cap; the agent got the same cut\n`;
    }
    const outcome = e.timedOut ? 'timed out' : e.exitCode === null ? 'ended without an exit code' : `exit code ${e.exitCode}`;
    return `${text}#${e.execId} → ${outcome} after ${e.durationMs} ms${e.error ? ` · ${e.error}` : ''}\n\n`;
  }

  private flush(execId: number, exec: RunningExec, stream: Stream): string {
    const line = exec.pending[stream];
    if (!line) return '';
    exec.pending[stream] = '';
    return labelled(execId, stream, line);
  }
}

function labelled(execId: number, stream: Stream, line: string): string {
  return `#${execId} ${stream} │ ${line.endsWith('\r') ? line.slice(0, -1) : line}\n`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
