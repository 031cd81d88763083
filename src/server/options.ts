/**
 * The one typed, frozen options object (STYLE.md habit 2). The CLI builds it from defaults → environment →
 * flags (src/cli/parseArgs.ts); the extension from its settings (src/extension/settings.ts). Nothing else reads
 * process.env or VS Code configuration. DEFAULT_OPTIONS is the one table of defaults: the flags, `--help`, the
 * settings and package.json's contributes.configuration (checked by test/unit/optionDefaults.test.ts) all say it.
 */
import { DEFAULT_TIMEOUT_MS } from '../core/client/abortReason';
import type { KubeconfigSource } from '../core/client/kubeconfig';
import { DEFAULT_LOG_LIMITS } from '../core/input/logOptions';
import type { RateLimitOptions } from '../core/limits/rateLimiter';
import { DEFAULT_POLICY, type Policy } from '../core/policy/policy';

export type TransportName = 'stdio' | 'sse' | 'streamable-http';

/**
 * Whose identity API requests carry (SPEC §8): the kubeconfig user's, or each HTTP request's bearer token
 * (`passthrough`: the kubeconfig supplies only the server and CA).
 */
export type AuthMode = 'kubeconfig' | 'passthrough';

export type { RateLimitOptions } from '../core/limits/rateLimiter';

export interface ServerOptions {
  kubeconfig: KubeconfigSource;
  authMode: AuthMode;
  /** The context to use; undefined = the kubeconfig's current-context. */
  context?: string | undefined;
  /** Overrides the context's default namespace (the extension's "Set namespace"). */
  namespace?: string | undefined;
  /**
   * The read-write switch (`--read-write`, the `k8sMcp.readWrite` setting, defaultMode in a config file): it
   * sets `policy.defaultMode`. Per-context entries apply on top; every call is checked against the policy, and
   * the write tools are listed while at least one context may be written.
   */
  readWrite: boolean;
  /** SPEC §7: per-context modes, protected/allowed namespaces, denied resources, confirmation, audit log. */
  policy: Policy;
  serveResources: boolean;
  allowSecretValues: boolean;
  allowCredentialCreation: boolean;
  rateLimit: RateLimitOptions;
  /** Deadline of one Kubernetes call (SPEC §1: default 30 s). */
  requestTimeoutMs: number;
  /** progressEveryMs: how often a running exec reports progress to clients that asked for it. */
  exec: { defaultTimeoutSeconds: number; maxTimeoutSeconds: number; progressEveryMs: number };
  logs: { defaultTailLines: number; defaultLimitBytes: number };
  /** How often the resource catalogue is re-read from discovery. */
  catalogueTtlMs: number;
  /**
   * Largest answer of a read in bytes (SPEC §1 "Answers fit every client whole"): clients cut long tool results
   * silently (one coding agent keeps ~12 KB, another ~40 KB), so a list stops early with a continue token, logs
   * keep the newest lines and an object has its longest values shortened, each saying what was cut.
   */
  maxAnswerBytes: number;
}

/** The range --max-answer-bytes and k8sMcp.maxAnswerBytes accept: below 2 KB not even a page header fits. */
export const MAX_ANSWER_BYTES_RANGE = Object.freeze({ min: 2 * 1024, max: 1024 * 1024 });

/** SPEC §1: an exec's timeout is capped at 60 s whatever the flags or settings say (longer work is a Job). */
export const EXEC_TIMEOUT_CAP_SECONDS = 60;

export const DEFAULT_OPTIONS: Readonly<Omit<ServerOptions, 'kubeconfig'>> = Object.freeze({
  authMode: 'kubeconfig',
  readWrite: false,
  policy: DEFAULT_POLICY,
  serveResources: true,
  allowSecretValues: false,
  allowCredentialCreation: false,
  rateLimit: Object.freeze({ enabled: true, read: 120, write: 30, default: 60, clientFactor: 3 }),
  requestTimeoutMs: DEFAULT_TIMEOUT_MS,
  exec: Object.freeze({ defaultTimeoutSeconds: 15, maxTimeoutSeconds: EXEC_TIMEOUT_CAP_SECONDS, progressEveryMs: 3000 }),
  logs: Object.freeze({ defaultTailLines: DEFAULT_LOG_LIMITS.tailLines, defaultLimitBytes: DEFAULT_LOG_LIMITS.limitBytes }),
  catalogueTtlMs: 60_000,
  maxAnswerBytes: 16 * 1024,
});

export const SERVER_NAME = 'k8s-mcp-interface';
