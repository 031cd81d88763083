/**
 * Prometheus metrics (`--metrics`, SPEC §8) with prom-client. Loaded only when metrics are on, so a server
 * without them never evaluates the library. Labels come from fixed sets (tool names, error kinds, HTTP methods
 * and status codes, rate-limit categories): never identities, tokens, namespaces or object names.
 */
import type { ServerHooks } from './hooks';

/** Tool call durations from a fast cached read (1 ms) to the longest Kubernetes call (30 s deadline). */
export const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  /** The hooks that feed the counters; pass them to createServer. */
  hooks: Required<Pick<ServerHooks, 'onToolCall' | 'onApiResponse' | 'onRateLimited'>>;
  /** Where the open-sessions gauge reads its value at each scrape. */
  countSessionsWith(count: () => number): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export async function createMetrics(): Promise<Metrics> {
  const prom = await import('prom-client');
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const toolCalls = new prom.Counter({
    name: 'k8s_mcp_tool_calls_total', help: 'Tool calls by tool and outcome (ok, or the error kind: forbidden, not-found, rate-limited, timeout, …).',
    labelNames: ['tool', 'outcome'] as const, registers: [registry],
  });
  const duration = new prom.Histogram({
    name: 'k8s_mcp_tool_call_duration_seconds', help: 'Tool call duration, rate-limit check to answer.',
    labelNames: ['tool'] as const, buckets: DURATION_BUCKETS_SECONDS, registers: [registry],
  });
  const apiRequests = new prom.Counter({
    name: 'k8s_mcp_apiserver_requests_total', help: 'Requests to the Kubernetes API server by HTTP verb and status code (0: no answer).',
    labelNames: ['verb', 'code'] as const, registers: [registry],
  });
  const refusals = new prom.Counter({
    name: 'k8s_mcp_rate_limit_refusals_total', help: 'Calls and new sessions refused by the rate limiter, by category.',
    labelNames: ['category'] as const, registers: [registry],
  });
  let countSessions = (): number => 0;
  new prom.Gauge({
    name: 'k8s_mcp_open_sessions', help: 'MCP sessions open now (0 in stateless mode, which keeps none).',
    registers: [registry], collect() { this.set(countSessions()); },
  });
  return {
    hooks: {
      onToolCall: ({ tool, outcome, durationMs }) => {
        toolCalls.inc({ tool, outcome });
        duration.observe({ tool }, durationMs / 1000);
      },
      onApiResponse: (verb, status) => apiRequests.inc({ verb, code: String(status) }),
      onRateLimited: (category) => refusals.inc({ category }),
    },
    countSessionsWith(count) { countSessions = count; },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
