/**
 * Shared steps of the extension-host suites: the extension's test API, waiting for the MCP tools to be live
 * in vscode.lm.tools, and invoking them the way Copilot agent mode does (vscode.lm.invokeTool).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { K8sMcpTestApi } from '../../../src/extension/testApi';
import { waitFor as waitForState } from '../../support/waitFor';

export const EXTENSION_ID = 'k8s-mcp-interface.k8s-mcp-interface';
/** VS Code names MCP tools mcp_<first 13 chars of the server's name>_<tool>: match by suffix. */
export const toolSuffix = (tool: string): string => `_${tool}`;

export async function waitFor<T>(
  what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, everyMs = 250,
): Promise<T> {
  return waitForState(probe, { what, timeoutMs, intervalMs: everyMs });
}

/** package.json's activationEvents as VS Code read them. */
export function activationEvents(ext: vscode.Extension<unknown>): unknown {
  return (ext.packageJSON as { activationEvents?: unknown }).activationEvents;
}

/**
 * The extension's test API once VS Code has activated the extension by itself. No suite calls activate():
 * that would hide a broken activation event, since activate() succeeds whatever package.json declares.
 */
export async function extensionApi(): Promise<K8sMcpTestApi> {
  const ext = vscode.extensions.getExtension<K8sMcpTestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `the extension under development (${EXTENSION_ID}) is loaded`);
  await waitFor(`VS Code to activate ${EXTENSION_ID} by itself (activationEvents: ${JSON.stringify(activationEvents(ext))})`,
    () => ext.isActive || undefined);
  assert.ok(ext.exports, 'activate() returns the test API in extension-test mode');
  return ext.exports;
}

export function mcpTool(tool: string): vscode.LanguageModelToolInformation | undefined {
  return vscode.lm.tools.find((t) => t.name.startsWith('mcp_') && t.name.endsWith(toolSuffix(tool)));
}

/**
 * Starts the MCP servers VS Code knows and waits until `tool` is live. A provider's servers reach VS Code's
 * registry asynchronously after activation, so startServer('*') is retried until the tool shows up.
 */
export async function waitForTool(tool: string, timeoutMs = 30_000): Promise<vscode.LanguageModelToolInformation> {
  return waitFor(`MCP tool ${tool} in vscode.lm.tools`, async () => {
    const found = mcpTool(tool);
    if (found) return found;
    await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true });
    return mcpTool(tool);
  }, timeoutMs);
}

export async function waitForToolGone(tool: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(`MCP tool ${tool} to leave vscode.lm.tools`, () => (mcpTool(tool) ? undefined : true), timeoutMs);
}

/** Calls an MCP tool through VS Code and returns the text of its result. */
export async function invoke(tool: string, input: Record<string, unknown>): Promise<string> {
  const info = await waitForTool(tool);
  const result = await vscode.lm.invokeTool(info.name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/** After a server restart VS Code reconnects on its own; retries a read until it gets through. */
export async function readAfterRestart(): Promise<string> {
  return waitFor('a tool call after the restart', async () => {
    await waitForTool('get_k8s_entity');
    const text = await invoke('get_k8s_entity', { ...DEPLOYMENT_API_V1 }).catch((e: Error) => `error: ${e.message}`);
    return text.includes('"api-v1"') ? text : undefined;
  }, 30_000, 500);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('k8sMcp').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The addresses the suites use, from the fake API server's sample seed. */
export const DEPLOYMENT_API_V1 = {
  scope: 'namespaced', api_group: 'apps', api_version: 'v1', resource_kind: 'deployments', target_ns: 'lab-apps', entity_name: 'api-v1',
} as const;
