/**
 * A real SDK Client connected in memory to our MCP service, which talks real HTTPS to the fake API server.
 * Suites get `call(tool, args)` returning what an agent sees (text + isError).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startFakeApiServer, type FakeApiServer, type StartOptions } from '../fake-apiserver/index';
import { createServer, type K8sMcpService } from '../../src/server/createServer';
import type { ExecResult } from '../../src/core/operations/podExec';
import type { ServerHooks } from '../../src/server/hooks';
import { resolvePolicy } from '../../src/core/policy/policy';
import { DEFAULT_OPTIONS, type ServerOptions } from '../../src/server/options';

export interface CallOutcome { text: string; isError: boolean }

/** What an exec call of interact_k8s_endpoint answers: the result without the negotiated protocol. */
export const execAnswer = (text: string) => JSON.parse(text) as Omit<ExecResult, 'protocol'>;

export interface McpHarness {
  fake: FakeApiServer;
  service: K8sMcpService;
  client: Client;
  call(tool: string, args: Record<string, unknown>): Promise<CallOutcome>;
  /** Parses the text of a successful call as JSON (fails the test with the text otherwise). */
  json<T = Record<string, unknown>>(tool: string, args: Record<string, unknown>): Promise<T>;
  newClient(sessionId?: string): Promise<Client>;
  close(): Promise<void>;
}


export function testOptions(fake: FakeApiServer, overrides: Partial<ServerOptions> = {}): ServerOptions {
  return { ...DEFAULT_OPTIONS, kubeconfig: { explicitPath: fake.kubeconfigPath }, ...overrides };
}

export async function startHarness(
  opts: { fake?: StartOptions; server?: Partial<ServerOptions>; hooks?: ServerHooks; sharedFake?: FakeApiServer } = {},
): Promise<McpHarness> {
  const fake = opts.sharedFake ?? await startFakeApiServer({ seed: 'sample', ...opts.fake });
  const service = createServer(testOptions(fake, opts.server), opts.hooks);
  let n = 0;
  const clients: Client[] = [];
  const newClient = async (sessionId = `test-${++n}`): Promise<Client> => {
    const session = service.newSession({ id: sessionId, clientKey: 'test-client' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await session.server.connect(serverSide);
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(clientSide);
    clients.push(client);
    return client;
  };
  const client = await newClient();
  const call = async (tool: string, args: Record<string, unknown>): Promise<CallOutcome> => {
    const result = await client.callTool({ name: tool, arguments: args });
    const content = result.content as Array<{ type: string; text?: string }>;
    return { text: content.map((c) => c.text ?? '').join(''), isError: result.isError === true };
  };
  return {
    fake, service, client, call, newClient,
    async json<T>(tool: string, args: Record<string, unknown>): Promise<T> {
      const out = await call(tool, args);
      if (out.isError) throw new Error(`${tool} failed: ${out.text}`);
      return JSON.parse(out.text) as T;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await service.close();
      if (!opts.sharedFake) await fake.close();
    },
  };
}

/**
 * The policy of suites about what writes do, not about who approves them: every context read-write, and
 * confirmFallback: allow, because the harness's client declares no elicitation (the confirmation suites use
 * the default policy, or pass a confirmWrite hook double, which is still asked).
 */
export const WRITE_SUITE_POLICY = resolvePolicy([{
  values: { defaultMode: 'read-write', confirmFallback: 'allow' },
  describe: (key) => `${key} in the write suites' harness`,
}]);

/**
 * A read-write harness on a shared fake, limiter off: write suites make far more than 30 writes a minute (the
 * limiter has its own tests).
 */
export function startWriteHarness(
  fake: FakeApiServer, overrides: Partial<ServerOptions> = {}, hooks: ServerHooks = {},
): Promise<McpHarness> {
  const rateLimit = { ...DEFAULT_OPTIONS.rateLimit, enabled: false };
  return startHarness({ sharedFake: fake, server: { readWrite: true, policy: WRITE_SUITE_POLICY, rateLimit, ...overrides }, hooks });
}
