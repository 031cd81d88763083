/**
 * What a client that knocks at the wrong door is told. The usual mistake is a client configured for one
 * transport talking to a server running the other (a Streamable HTTP client POSTing its initialize to /sse, an
 * SSE client opening /mcp); the answer names the transport this server actually runs and where to connect.
 */
export type HttpTransportName = 'sse' | 'streamable-http';

interface TransportEndpoints {
  title: string;
  /** Path → the methods served there. */
  paths: Record<string, readonly string[]>;
  howToConnect: string;
}

const ENDPOINTS: Record<HttpTransportName, TransportEndpoints> = {
  'streamable-http': {
    title: 'Streamable HTTP',
    paths: { '/mcp': ['GET', 'POST', 'DELETE'] },
    howToConnect: 'connect to /mcp',
  },
  sse: {
    title: 'SSE',
    paths: { '/sse': ['GET'], '/messages': ['POST'] },
    howToConnect: 'connect to /sse (GET opens the event stream, which announces the /messages URL to POST to)',
  },
};

export interface EndpointMiss {
  status: 404 | 405;
  message: string;
  /** For a 405: the methods the path takes. */
  allow?: string;
}

function transportOf(pathname: string): HttpTransportName | undefined {
  return (Object.keys(ENDPOINTS) as HttpTransportName[]).find((name) => Object.hasOwn(ENDPOINTS[name].paths, pathname));
}

/** The answer to a request no running transport serves. */
export function wrongEndpoint(pathname: string, method: string, running: readonly HttpTransportName[]): EndpointMiss {
  const served = running.map((name) => `This server runs the ${ENDPOINTS[name].title} transport: ${ENDPOINTS[name].howToConnect}.`).join(' ');
  const owner = transportOf(pathname);
  if (owner && running.includes(owner)) {
    const allow = ENDPOINTS[owner].paths[pathname]!;
    const otherClient = owner === 'sse' ? ' A Streamable HTTP client needs a server started with --transport streamable-http (endpoint /mcp).' : '';
    return { status: 405, allow: allow.join(', '), message: `${method} ${pathname} is not served. ${served}${otherClient}` };
  }
  if (owner) {
    const other = ENDPOINTS[owner];
    return { status: 404, message: `${served} ${pathname} belongs to the ${other.title} transport: start the server with --transport ${owner} to use it.` };
  }
  return { status: 404, message: `Not found: ${pathname}. ${served}` };
}
