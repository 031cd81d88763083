/**
 * The HTTP host in front of the MCP service, over real HTTP: token auth, the session cap, new sessions counted
 * against the client's rate-limit budget, what a client at the wrong endpoint is told, and what a stateless
 * server promises.
 */
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHttpHost, type HttpHost, type HttpHostOptions } from '../../src/server/http/httpHost';
import type { RateLimitOptions } from '../../src/server/options';
import { startHarness, type McpHarness } from '../support/mcpHarness';

const noLimits: RateLimitOptions = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

interface Started { h: McpHarness; host: HttpHost }

async function startHost(rateLimit: RateLimitOptions, options: Partial<HttpHostOptions>): Promise<Started> {
  const h = await startHarness({ server: { rateLimit } });
  const host = await startHttpHost(h.service, { host: '127.0.0.1', port: 0, transports: ['streamable-http'], ...options });
  return { h, host };
}

async function stop({ h, host }: Started): Promise<void> {
  await host.close();
  await h.close();
}

/** POSTs an initialize; resolves with the status, the session id (if any) and the body text. */
async function initialize(
  host: HttpHost, headers: Record<string, string> = {},
): Promise<{ status: number; session: string | null; retryAfter: string | null; text: string }> {
  const r = await fetch(`${host.url}/mcp`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: INIT });
  return { status: r.status, session: r.headers.get('mcp-session-id'), retryAfter: r.headers.get('retry-after'), text: await r.text() };
}

function errorMessage(text: string): string {
  return (JSON.parse(text) as { error: { message: string } }).error.message;
}

describe('HTTP host', function () {
  this.timeout(20_000);

  describe('bearer token', () => {
    let s: Started;
    before(async () => { s = await startHost(noLimits, { authToken: 'tok-123' }); });
    after(() => stop(s));

    it('takes the auth scheme in any case (RFC 7235), the token only exactly', async () => {
      for (const header of ['Bearer tok-123', 'bearer tok-123', 'BEARER tok-123', 'bEaReR  tok-123']) {
        assert.equal((await initialize(s.host, { Authorization: header })).status, 200, header);
      }
      for (const header of ['Bearer TOK-123', 'bearer tok-1234', 'Basic tok-123', 'bearertok-123', 'tok-123']) {
        assert.equal((await initialize(s.host, { Authorization: header })).status, 401, header);
      }
    });
  });

  describe('session cap', () => {
    it('refuses a Streamable HTTP session beyond the cap with a 503 that says what to do, and admits one again when another ends', async () => {
      const s = await startHost(noLimits, { maxSessions: 3 });
      try {
        const opened = await Promise.all([1, 2, 3].map(() => initialize(s.host)));
        assert.deepEqual(opened.map((o) => o.status), [200, 200, 200]);
        const full = await initialize(s.host);
        assert.equal(full.status, 503);
        assert.equal(full.retryAfter, '30');
        assert.match(errorMessage(full.text), /^Server full: 3 MCP sessions are open.*Close sessions you no longer use.*retry in 30 s/);
        assert.equal(s.h.service.sessionCount(), 1 + 3, 'the refused initialize left no session behind');
        const ended = await fetch(`${s.host.url}/mcp`, { method: 'DELETE', headers: { ...JSON_HEADERS, 'Mcp-Session-Id': opened[0]!.session!, 'Mcp-Protocol-Version': '2025-06-18' } });
        assert.equal(ended.status, 200);
        assert.equal((await initialize(s.host)).status, 200);
      } finally {
        await stop(s);
      }
    });

    it('caps SSE streams too', async () => {
      const s = await startHost(noLimits, { maxSessions: 1, transports: ['sse'] });
      const abort = new AbortController();
      try {
        const first = await fetch(`${s.host.url}/sse`, { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
        assert.equal(first.status, 200);
        const second = await fetch(`${s.host.url}/sse`, { headers: { Accept: 'text/event-stream' } });
        assert.equal(second.status, 503);
        assert.equal(second.headers.get('retry-after'), '30');
        assert.match(errorMessage(await second.text()), /Server full: 1 MCP sessions are open/);
      } finally {
        abort.abort();
        await stop(s);
      }
    });
  });

  describe('new sessions and the per-client rate limit', () => {
    it('counts each initialize against the client budget, so opening sessions cannot go on for ever', async () => {
      const s = await startHost({ enabled: true, read: 10, write: 10, default: 2, clientFactor: 1 }, {});
      try {
        assert.equal((await initialize(s.host)).status, 200);
        assert.equal((await initialize(s.host)).status, 200);
        const limited = await initialize(s.host);
        assert.equal(limited.status, 429);
        assert.match(limited.retryAfter ?? '', /^[1-9]\d*$/);
        assert.match(errorMessage(limited.text), /^Rate limit for new sessions from this client reached .*2 per minute.*Retry in \d+ s\.$/);
        assert.equal(s.h.service.sessionCount(), 1 + 2);
      } finally {
        await stop(s);
      }
    });

    it('counts SSE streams against the same budget', async () => {
      const s = await startHost({ enabled: true, read: 10, write: 10, default: 1, clientFactor: 1 }, { transports: ['sse'] });
      const abort = new AbortController();
      try {
        assert.equal((await fetch(`${s.host.url}/sse`, { signal: abort.signal })).status, 200);
        const limited = await fetch(`${s.host.url}/sse`);
        assert.equal(limited.status, 429);
        assert.match(errorMessage(await limited.text()), /new sessions/);
      } finally {
        abort.abort();
        await stop(s);
      }
    });
  });

  describe('a client at the wrong endpoint', () => {
    const ask = async (host: HttpHost, method: string, path: string) => {
      const r = await fetch(`${host.url}${path}`, { method, headers: JSON_HEADERS, ...(method === 'POST' ? { body: INIT } : {}) });
      return { status: r.status, allow: r.headers.get('allow'), text: await r.text() };
    };

    it('on an SSE server: POST /sse (a Streamable HTTP client) learns the server runs SSE, and how to reach each', async () => {
      const s = await startHost(noLimits, { transports: ['sse'] });
      try {
        const post = await ask(s.host, 'POST', '/sse');
        assert.equal(post.status, 405);
        assert.equal(post.allow, 'GET');
        assert.match(post.text, /This server runs the SSE transport: connect to \/sse/);
        assert.match(post.text, /Streamable HTTP client needs a server started with --transport streamable-http/);
        assert.doesNotMatch(post.text, /runs the Streamable HTTP transport/);
        const mcp = await ask(s.host, 'POST', '/mcp');
        assert.equal(mcp.status, 404);
        assert.match(mcp.text, /runs the SSE transport: connect to \/sse.*\/mcp belongs to the Streamable HTTP transport: start the server with --transport streamable-http/);
        const getMessages = await ask(s.host, 'GET', '/messages');
        assert.equal(getMessages.status, 405);
        assert.equal(getMessages.allow, 'POST');
      } finally {
        await stop(s);
      }
    });

    it('on a Streamable HTTP server: /sse and /messages point to /mcp; an unknown path names the transport', async () => {
      const s = await startHost(noLimits, {});
      try {
        for (const [method, path] of [['GET', '/sse'], ['POST', '/sse'], ['POST', '/messages']] as const) {
          const r = await ask(s.host, method, path);
          assert.equal(r.status, 404);
          assert.match(r.text, /^This server runs the Streamable HTTP transport: connect to \/mcp\. .* belongs to the SSE transport: start the server with --transport sse/);
        }
        const other = await ask(s.host, 'GET', '/v1/mcp');
        assert.equal(other.status, 404);
        assert.equal(other.text, 'Not found: /v1/mcp. This server runs the Streamable HTTP transport: connect to /mcp.');
      } finally {
        await stop(s);
      }
    });
  });

  describe('stateless (--stateless)', () => {
    it('promises no list_changed notifications, since it has no stream to send them on; with sessions it does', async () => {
      for (const stateless of [true, false]) {
        const s = await startHost(noLimits, { stateless });
        const client = new Client({ name: 'capabilities', version: '1' });
        try {
          await client.connect(new StreamableHTTPClientTransport(new URL(`${s.host.url}/mcp`)));
          const { tools, resources, prompts } = client.getServerCapabilities() ?? {};
          if (stateless) assert.deepEqual([tools?.listChanged, resources?.listChanged, prompts?.listChanged], [false, false, false]);
          else assert.deepEqual([tools?.listChanged, resources?.listChanged], [true, true]);
          assert.ok((await client.listTools()).tools.length > 0, 'and still serves');
        } finally {
          await client.close();
          await stop(s);
        }
      }
    });
  });
});
