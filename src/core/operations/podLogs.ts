/**
 * Pod logs with bounded output: the API server is asked for at most `limitBytes`, and the stream is also cut
 * on our side at that size (some servers and proxies ignore limitBytes). A log still streaming when the deadline
 * comes (a slow kubelet, a slow link) returns the lines that arrived. The result says when output was cut and how
 * to get more, because an agent cannot see what it was not sent.
 */
import { deadlineMs } from '../client/abortReason';
import type { ClusterClient } from '../client/clusterClient';
import { toQuery, type LogOptions } from '../input/logOptions';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';

export interface PodLogResult {
  text: string;
  lines: number;
  bytes: number;
  truncated: boolean;
  /** One sentence for the agent: what was shown and how to see more. */
  notice: string;
}

export async function readPodLogs(
  client: ClusterClient, address: ResolvedAddress, options: LogOptions, signal?: AbortSignal,
): Promise<PodLogResult> {
  const path = objectPath(address, 'log');
  const res = await client.request({
    method: 'GET', path, query: toQuery(options), accept: '*/*', signal, maxBodyBytes: options.limitBytes, keepPartialAtDeadline: true,
  });
  if (res.status < 200 || res.status > 299) throw client.errorFor(res, { method: 'GET', path });
  const text = res.text();
  const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const byteCut = res.truncated || res.size >= options.limitBytes;
  const lineCut = options.tailLines !== undefined && lines >= options.tailLines;
  let notice: string;
  if (res.cutByDeadline) {
    const readMs = signal ? deadlineMs(signal) ?? 0 : 0;
    notice = `Cut by the deadline: the log was still arriving after ${(readMs / 1000).toFixed(1)} s; showing the ${lines} line(s) that came. ` +
      'For the rest, ask for less at a time: a smaller query_params.tailLines, or sinceSeconds.';
  } else if (res.status === 204 || text === '') {
    notice = 'No log output (the container may not have started, or wrote nothing in the requested window).';
  } else if (byteCut) {
    notice = `Output cut at ${options.limitBytes} bytes (limitBytes). For more, raise query_params.limitBytes (max 10485760) or narrow with tailLines/sinceSeconds.`;
  } else if (lineCut) {
    notice = options.defaultedTail
      ? `Showing the last ${options.tailLines} lines (the default). For more, pass query_params.tailLines (max 10000) or sinceSeconds.`
      : `Showing the last ${options.tailLines} lines (tailLines). Older lines exist; raise tailLines (max 10000) to see them.`;
  } else {
    notice = `Complete: ${lines} line(s).`;
  }
  return { text, lines, bytes: res.size, truncated: byteCut || lineCut || res.cutByDeadline === true, notice };
}
