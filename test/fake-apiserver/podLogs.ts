// pods/{name}/log as the apiserver and kubelet answer it: text/plain, chunked; sinceSeconds/sinceTime, then
// tailLines, then the RFC3339NanoFixed timestamps prefix, then limitBytes, which cuts mid-line (042). A
// multi-container pod needs ?container (400 naming the choices, 043); previous=true needs a terminated
// previous instance (400 from the kubelet, 115); a pod with no node has no logs yet (204, 118).
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { queryFlag, queryValue } from './apiContext';
import { errors } from './statusErrors';
import { rfc3339NanoFixed } from './timeFormat';
import { startStream } from './respond';
import type { LogLine } from './podLogStore';

/** Go's strconv.ParseInt errors, passed through as 400s (045). */
function parseIntParam(ctx: ApiContext, name: string): number | undefined {
  const raw = queryValue(ctx.query, name);
  if (raw === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(raw)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number.parseInt(raw, 10);
}

function containerNames(list: unknown): string[] {
  return ((list ?? []) as KObject[]).map((c) => String(c.name));
}

/** Picks the container the request is about, like the pod registry's LogLocation. */
export function resolveContainer(pod: KObject, requested: string | undefined): string {
  const containers = containerNames(pod.spec?.containers);
  const inits = containerNames(pod.spec?.initContainers);
  const ephemeral = containerNames(pod.spec?.ephemeralContainers);
  const name = pod.metadata.name;
  if (!requested) {
    if (containers.length === 1) return containers[0] as string;
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw errors.badRequest(msg);
  }
  if (![...containers, ...inits, ...ephemeral].includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

function containerStatus(pod: KObject, container: string): KObject | undefined {
  const all = [...((pod.status?.containerStatuses ?? []) as KObject[]), ...((pod.status?.initContainerStatuses ?? []) as KObject[])];
  return all.find((s) => s.name === container);
}

function format(line: LogLine, index: number, timestamps: boolean): string {
  return timestamps ? `${rfc3339NanoFixed(line.time, (index * 7919) % 1_000_000)} ${line.line}\n` : `${line.line}\n`;
}

export function handlePodLogs(ctx: ApiContext, def: ResourceDef): void {
  if (ctx.req.method !== 'GET') throw errors.methodNotAllowed();
  if (queryFlag(ctx.query, 'follow')) throw errors.notImplemented('follow=true');
  const name = String(ctx.info.name);
  const namespace = String(ctx.info.namespace);
  const pod = ctx.state.store.read(def, namespace, name);
  if (!pod) throw errors.notFound({ group: '', resource: 'pods' }, name);
  const tailLines = parseIntParam(ctx, 'tailLines');
  const limitBytes = parseIntParam(ctx, 'limitBytes');
  const sinceSeconds = parseIntParam(ctx, 'sinceSeconds');
  const sinceTimeText = queryValue(ctx.query, 'sinceTime');
  const sinceTime = sinceTimeText === undefined ? undefined : Date.parse(sinceTimeText);
  if (sinceTimeText !== undefined && Number.isNaN(sinceTime)) {
    throw errors.badRequest(`parsing time ${JSON.stringify(sinceTimeText)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTimeText)} as "2006"`);
  }
  for (const [field, v] of [['tailLines', tailLines], ['limitBytes', limitBytes], ['sinceSeconds', sinceSeconds]] as const) {
    if (v !== undefined && (v < 0 || (field !== 'tailLines' && v === 0))) {
      throw errors.invalid({ group: '', kind: 'PodLogOptions' }, name, [
        { type: 'FieldValueInvalid', field, value: String(v), detail: field === 'tailLines' ? 'must be greater than or equal to 0' : 'must be greater than 0' },
      ]);
    }
  }
  const container = resolveContainer(pod, queryValue(ctx.query, 'container'));
  if (!pod.spec?.nodeName) {
    ctx.res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
    ctx.res.end();
    return;
  }
  const previous = queryFlag(ctx.query, 'previous');
  const logs = ctx.state.store.logs;
  let lines = logs.get(namespace, name, container, previous);
  if (previous && !lines) throw errors.badRequest(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(name)} not found`);
  const waiting = containerStatus(pod, container)?.state?.waiting?.reason;
  if (!lines && waiting && waiting !== 'CrashLoopBackOff') {
    throw errors.badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(name)} is waiting to start: ${waiting}`);
  }
  lines = lines ?? [];
  const from = sinceTime ?? (sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : undefined);
  let selected = from === undefined ? lines : lines.filter((l) => l.time >= from);
  if (tailLines !== undefined) selected = tailLines === 0 ? [] : selected.slice(-tailLines);
  const timestamps = queryFlag(ctx.query, 'timestamps');
  let budget = limitBytes ?? Number.POSITIVE_INFINITY;

  startStream(ctx.res, 200, 'text/plain');
  const res = ctx.res;
  /** Writes a piece under the byte budget; false once the budget is spent. */
  const emit = (text: string): boolean => {
    if (budget <= 0) return false;
    let buf = Buffer.from(text, 'utf8');
    if (buf.length > budget) buf = buf.subarray(0, budget);
    budget -= buf.length;
    return res.write(buf) && budget > 0;
  };
  const delay = ctx.state.faults.logLineDelayMs;
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));
  const pump = (): void => {
    while (i < selected.length) {
      const ok = emit(format(selected[i] as LogLine, i, timestamps));
      i++;
      if (budget <= 0) return void res.end();
      // A slow container or link: the next line comes later (faults.logLineDelayMs).
      if (delay > 0 && i < selected.length) return void (timer = setTimeout(pump, delay));
      if (!ok) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}
