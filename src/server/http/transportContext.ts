/**
 * What the host hands each transport's handler: the service, the session table, session admission and the body
 * limit; and per request, what the request checks established about it.
 */
import type * as http from 'node:http';
import type { K8sMcpService } from '../createServer';
import type { HostedSessions } from './hostedSessions';
import type { AdmitSession } from './sessionAdmission';

export interface TransportContext {
  service: K8sMcpService;
  sessions: HostedSessions;
  admit: AdmitSession;
  maxBodyBytes: number;
}

/** A request that passed the host's checks (Host, Origin, auth). */
export interface CheckedRequest {
  url: URL;
  /** The per-client rate-limit key (see clientKey.ts). */
  client: string;
}

export type TransportHandler = (req: http.IncomingMessage, res: http.ServerResponse, checked: CheckedRequest) => Promise<void>;
