// Plays the agent in UI tests: an MCP client (the SDK's own) connected with exactly what the "Copy MCP Client
// Configuration" command put on the clipboard, as a user of another MCP client would do. Its write calls
// raise the extension's real modal, which the tests then answer with clicks.
import assert from 'node:assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { runCommand } from '../harness/ui-driver.mjs';

export async function connectAgent(page) {
  await runCommand(page, 'Kubernetes MCP: Copy MCP Client Configuration');
  let copied = '';
  for (let i = 0; i < 50 && !copied.includes('mcpServers'); i++) {
    await page.waitForTimeout(100);
    copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
  }
  const config = JSON.parse(copied).mcpServers['k8s-mcp-interface'];
  assert.match(config.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  assert.match(config.headers.Authorization, /^Bearer .{20,}/);
  const client = new Client({ name: 'e2e-ui-agent', version: '1.0.0' });
  const listChanged = [];
  client.setNotificationHandler((await import('@modelcontextprotocol/sdk/types.js')).ToolListChangedNotificationSchema, () => { listChanged.push(Date.now()); });
  await client.connect(new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } }));
  return {
    client,
    listChanged,
    /** Calls a tool; returns { text, isError }. options: the SDK's request options (e.g. { signal } to cancel). */
    async call(name, args, options) {
      const result = await client.callTool({ name, arguments: args }, undefined, options);
      return { text: result.content.map((c) => c.text ?? '').join(''), isError: !!result.isError };
    },
    async toolNames() {
      return (await client.listTools()).tools.map((tool) => tool.name);
    },
    close: () => client.close(),
  };
}
