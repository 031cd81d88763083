/**
 * The seams the UI plugs into (STYLE.md habit 4: the server never calls UI, it calls hooks it was given).
 * The CLI passes logging hooks; the extension passes modals and panels; tests pass doubles.
 */
import type { LimitsSnapshot, RateCategory } from '../core/limits/rateLimiter';

/** What onLimits shows: the limiter's own snapshot types, named here for the UI that plugs into the hooks. */
export type { BucketSnapshot, LimitsSnapshot } from '../core/limits/rateLimiter';

export type WriteAction = 'apply' | 'delete' | 'exec' | 'post';

export interface WriteRequest {
  tool: string;
  context: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  kind: string;
  name: string;
  action: WriteAction;
  /** e.g. the exec command, the subresource posted to, the propagation policy. */
  detail?: string;
  /**
   * Computes what the write would do with a server-side dry run: the live object (or null when it does
   * not exist) and the result (or null for deletes). Secret values are masked in both.
   */
  preview(): Promise<{ live: unknown; result: unknown }>;
}

export type WriteDecision = 'allow' | 'allow-session' | 'deny';

export interface ActivityEvent {
  tool: string;
  context: string;
  /** Arguments as the agent sent them, with secret material masked. */
  args: Record<string, unknown>;
  ok: boolean;
  /** First line of the result or the error. */
  summary: string;
  resultBytes: number;
  durationMs: number;
  sessionId: string;
}

/** An exec about to connect; its output and its end follow with the same execId. */
export interface ExecStartEvent {
  /** Unique in this process; tells apart the output of execs that run at the same time. */
  execId: number;
  context: string;
  namespace: string;
  pod: string;
  container?: string | undefined;
  command: string[];
  timeoutSeconds: number;
  /** Each stream is cut after this many bytes, for the agent and for onExecOutput alike. */
  maxBytesPerStream: number;
}

/** Output of a running exec as it arrives: only what the caps keep, whole UTF-8 characters. */
export interface ExecOutputEvent {
  execId: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The end of an exec: every onExecStart is followed by exactly one of these, also when it failed. */
export interface ExecEvent extends Omit<ExecStartEvent, 'timeoutSeconds' | 'maxBytesPerStream'> {
  /** From the command's exit status; null when it reported none (timeout, cancelled, failed to start). */
  exitCode: number | null;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  /** Why there is no exit code, or why the exec failed (cancelled, refused, unreachable). */
  error?: string | undefined;
  durationMs: number;
}

export interface ContextChange { context: string; namespace: string }

/** One finished tool call, for metrics: `outcome` is `ok`, the error kind (`forbidden`, `rate-limited`, …) or `error`. */
export interface ToolCallEvent { tool: string; outcome: string; durationMs: number }

export interface ServerHooks {
  /**
   * Asks the person about a write that policy.confirmWrites says needs it (the extension's modal). Absent (the
   * CLI): the person is asked through MCP elicitation when the client can, else policy.confirmFallback decides.
   */
  confirmWrite?(request: WriteRequest): Promise<WriteDecision>;
  onActivity?: (event: ActivityEvent) => void;
  /** Exec in a pod, while it runs (the extension's Exec panel). Output never goes to the process's stdio. */
  onExecStart?(event: ExecStartEvent): void;
  onExecOutput?(event: ExecOutputEvent): void;
  onExec?(event: ExecEvent): void;
  onLimits?(snapshot: LimitsSnapshot): void;
  onContextChange?(change: ContextChange): void;
  /** Counters (SPEC §8 metrics): never identities, tokens or object names. */
  onToolCall?(event: ToolCallEvent): void;
  /** Every API server answer: its HTTP method and status (0 when none came). */
  onApiResponse?: (method: string, status: number) => void;
  /** A call or a new session refused by the rate limiter. */
  onRateLimited?(category: RateCategory): void;
  /** Diagnostics for logs (stderr in the CLI, an output channel in VS Code). Never secrets. */
  log?(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}
