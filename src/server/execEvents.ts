/**
 * Runs a pod exec for interact_k8s_endpoint and tells the hooks about it while it runs: onExecStart before the
 * connection opens, onExecOutput for each piece of output the caps keep, onExec when it ends. The end comes
 * also when the exec fails or is cancelled, so a panel never shows a command that seems to run for ever.
 * A hook that throws is logged and ignored: the UI must not break the agent's call.
 */
import type { ClusterClient } from '../core/client/clusterClient';
import { execInPod, MAX_STREAM_BYTES, type ExecResult } from '../core/operations/podExec';
import type { ResolvedAddress } from '../core/input/resourceAddress';
import { errorMessage } from './pipeline/errorResult';
import type { ExecEvent, ServerHooks } from './hooks';
import type { ToolContext } from './protocol/toolDefinition';

export interface ExecRequest { command: string[]; container?: string | undefined; timeoutSeconds: number }

let lastExecId = 0;

export async function execWithEvents(
  ctx: ToolContext, client: ClusterClient, pod: ResolvedAddress, exec: ExecRequest,
): Promise<ExecResult> {
  const hooks = ctx.hooks;
  const where = { execId: ++lastExecId, context: ctx.connection().context, namespace: pod.namespace ?? '', pod: pod.name ?? '', container: exec.container, command: exec.command };
  const started = Date.now();
  const notify = safeNotifier(hooks);
  notify('onExecStart', () => hooks.onExecStart?.({ ...where, timeoutSeconds: exec.timeoutSeconds, maxBytesPerStream: MAX_STREAM_BYTES }));
  const onOutput = hooks.onExecOutput
    ? (stream: 'stdout' | 'stderr', text: string) => notify('onExecOutput', () => hooks.onExecOutput?.({ execId: where.execId, stream, text }))
    : undefined;
  const ended = (end: Pick<ExecEvent, 'exitCode' | 'stdoutTruncated' | 'stderrTruncated' | 'timedOut' | 'error'>): void =>
    notify('onExec', () => hooks.onExec?.({ ...where, ...end, durationMs: Date.now() - started }));
  let result: ExecResult;
  try {
    result = await execInPod(client, pod, {
      command: exec.command, container: exec.container, signal: ctx.signal,
      timeoutMs: exec.timeoutSeconds * 1000, maxTimeoutSeconds: ctx.options.exec.maxTimeoutSeconds,
      maxBytes: MAX_STREAM_BYTES, progressEveryMs: ctx.options.exec.progressEveryMs, onOutput,
      onProgress: (p) => ctx.progress(`exec in ${where.pod}: running ${Math.round(p.elapsedMs / 1000)} s of at most ${exec.timeoutSeconds} s; ${p.stdoutBytes} bytes of stdout, ${p.stderrBytes} of stderr so far`),
    });
  } catch (err) {
    ended({ exitCode: null, stdoutTruncated: false, stderrTruncated: false, timedOut: false, error: errorMessage(err) });
    throw err;
  }
  const { exitCode, stdoutTruncated, stderrTruncated, timedOut, error } = result;
  ended({ exitCode, stdoutTruncated, stderrTruncated, timedOut, error: error ?? undefined });
  return result;
}

function safeNotifier(hooks: ServerHooks): (hook: string, call: () => void) => void {
  return (hook, call) => {
    try {
      call();
    } catch (err) {
      hooks.log?.('warn', `The ${hook} hook failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
