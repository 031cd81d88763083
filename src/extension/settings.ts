/**
 * The k8sMcp.* settings, read into the server's one options object. This file and policySettings.ts (the
 * policy keys) are the ONLY ones that read vscode.workspace.getConfiguration or process.env (STYLE.md habit 2);
 * everything else gets a frozen object.
 */
import * as vscode from 'vscode';
import { expandHome } from '../core/client/homePath';
import { kubeconfigSourceFromEnv } from '../core/client/kubeconfig';
import type { Policy } from '../core/policy/policy';
import { DEFAULT_OPTIONS, EXEC_TIMEOUT_CAP_SECONDS, MAX_ANSWER_BYTES_RANGE, type ServerOptions } from '../server/options';

export const SECTION = 'k8sMcp';

export interface ExtensionSettings {
  /** What the server is started with (selection aside: that lives in workspace state). */
  server: Omit<ServerOptions, 'context' | 'namespace'>;
  /** Write the chosen context into the user's kubeconfig too (opt-in; off = never rewrite it). */
  updateKubeconfigCurrentContext: boolean;
}

/** `policy`: the policy in force (policySettings.ts: the policy settings, or the last good ones). */
export function readSettings(policy: Policy): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const d = DEFAULT_OPTIONS;
  const explicit = expandHome(c.get<string>('kubeconfig', '').trim());
  const server = {
    kubeconfig: kubeconfigSourceFromEnv(process.env, explicit || undefined),
    // k8sMcp.readWrite is the policy's defaultMode (policySettings.ts reads it with the other policy keys).
    readWrite: policy.defaultMode === 'read-write',
    policy,
    serveResources: c.get<boolean>('serveResources', d.serveResources),
    allowSecretValues: c.get<boolean>('allowSecretValues', d.allowSecretValues),
    allowCredentialCreation: d.allowCredentialCreation,
    // VS Code serves one person on their own machine: always their kubeconfig's identity.
    authMode: d.authMode,
    rateLimit: {
      enabled: c.get<boolean>('rateLimit.enabled', d.rateLimit.enabled),
      read: positive(c.get<number>('rateLimit.read'), d.rateLimit.read),
      write: positive(c.get<number>('rateLimit.write'), d.rateLimit.write),
      default: positive(c.get<number>('rateLimit.default'), d.rateLimit.default),
      clientFactor: d.rateLimit.clientFactor,
    },
    requestTimeoutMs: d.requestTimeoutMs,
    exec: {
      defaultTimeoutSeconds: Math.min(positive(c.get<number>('exec.defaultTimeoutSeconds'), d.exec.defaultTimeoutSeconds), EXEC_TIMEOUT_CAP_SECONDS),
      maxTimeoutSeconds: Math.min(positive(c.get<number>('exec.maxTimeoutSeconds'), d.exec.maxTimeoutSeconds), EXEC_TIMEOUT_CAP_SECONDS),
      progressEveryMs: d.exec.progressEveryMs,
    },
    logs: {
      defaultTailLines: positive(c.get<number>('logs.defaultTailLines'), d.logs.defaultTailLines),
      defaultLimitBytes: positive(c.get<number>('logs.defaultLimitBytes'), d.logs.defaultLimitBytes),
    },
    catalogueTtlMs: d.catalogueTtlMs,
    maxAnswerBytes: answerBudget(c.get<number>('maxAnswerBytes'), d.maxAnswerBytes),
  };
  return Object.freeze({
    server: Object.freeze(server),
    updateKubeconfigCurrentContext: c.get<boolean>('updateKubeconfigCurrentContext', false),
  });
}

/** How a configuration change must be applied: nothing, flip the mode live, or restart the server. */
export function changeImpact(e: vscode.ConfigurationChangeEvent): 'none' | 'live' | 'restart' {
  if (!e.affectsConfiguration(SECTION)) return 'none';
  const restartKeys = ['kubeconfig', 'serveResources', 'allowSecretValues', 'rateLimit', 'exec', 'logs', 'maxAnswerBytes'];
  if (restartKeys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) return 'restart';
  // The rest (readWrite, the policy keys of policySettings.ts, updateKubeconfigCurrentContext) apply live.
  return 'live';
}

/** Calls `live` or `restart` when a k8sMcp.* setting changes, as changeImpact decides. */
export function onSettingsChanged(apply: { live(): void; restart(): void }): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const impact = changeImpact(e);
    if (impact === 'restart') apply.restart();
    else if (impact === 'live') apply.live();
  });
}

/** Flips k8sMcp.readWrite where it is set (workspace wins over user), so the toggle sticks. */
export async function setReadWriteSetting(on: boolean): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const inspected = c.inspect<boolean>('readWrite');
  const target = inspected?.workspaceFolderValue !== undefined
    ? vscode.ConfigurationTarget.WorkspaceFolder
    : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('readWrite', on, target);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** package.json declares the range too; a value edited outside it by hand falls back to the default. */
function answerBudget(value: number | undefined, fallback: number): number {
  const { min, max } = MAX_ANSWER_BYTES_RANGE;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

