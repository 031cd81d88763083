// Deterministic application logs for the seeded pods, in the styles the recordings show: JSON lines (041),
// logfmt (116), nginx access logs, envoy access logs (044), and a crashing Go service whose previous instance
// ends in FATAL (114). A seeded PRNG keeps every run identical apart from the timestamps.
import type { LogLine } from './podLogStore';

export type LogStyle = 'json' | 'logfmt' | 'nginx' | 'envoy' | 'text';

export function prng(seedText: string): () => number {
  let h = 2166136261;
  for (const ch of seedText) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const hex = (rnd: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
const PATHS = ['/healthz', '/metrics', '/api/v1/items', '/api/v1/users/me', '/api/v1/cart', '/index.html', '/static/app.js'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];

function nginxTime(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** One request-log line in `style` for the app `app`, at `time`. */
export function logLine(style: LogStyle, app: string, time: number, rnd: () => number): string {
  const iso = new Date(time).toISOString();
  const status = rnd() < 0.9 ? 200 : pick(rnd, [201, 204, 404, 500]);
  switch (style) {
    case 'json':
      return JSON.stringify({
        level: status >= 500 ? 'error' : 'info',
        ts: iso,
        logger: app,
        msg: 'request completed',
        method: pick(rnd, METHODS),
        path: pick(rnd, PATHS),
        status,
        duration_ms: Math.floor(rnd() * 400) + 5,
        request_id: hex(rnd, 16),
      });
    case 'logfmt':
      return `time="${iso}" level=info msg="${pick(rnd, ['session validated', 'token issued', 'token refreshed'])}" component=${app} user_id=u-${Math.floor(rnd() * 5000)} client_ip=10.42.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)} latency_ms=${Math.floor(rnd() * 400)} request_id=${hex(rnd, 16)}`;
    case 'nginx':
      return `10.42.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)} - - [${nginxTime(time)}] "${pick(rnd, METHODS)} ${pick(rnd, PATHS)} HTTP/1.1" ${status} ${Math.floor(rnd() * 20000)} "-" "curl/8.4.0"`;
    case 'envoy':
      return `[${iso}] "${pick(rnd, METHODS)} ${pick(rnd, PATHS)} HTTP/1.1" ${status} - 0 ${Math.floor(rnd() * 20000)} ${Math.floor(rnd() * 400)} ${Math.floor(rnd() * 400)} "10.42.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)}" "curl/8.4.0" "${hex(rnd, 16)}" "${app}.lab-apps.svc" "127.0.0.1:8080"`;
    default:
      return `${iso} INFO ${app}: handled ${pick(rnd, METHODS)} ${pick(rnd, PATHS)} in ${Math.floor(rnd() * 400)}ms`;
  }
}

function startup(app: string, version: string): string[] {
  return [`Starting ${app} version ${version}`, `Config: LOG_LEVEL=info DB_HOST=db.lab-data.svc HTTP_PORT=8080`, 'Listening on :8080'];
}

/** `count` lines evenly spread from `start` to `end`, beginning with the app's startup banner. */
export function generateLog(style: LogStyle, app: string, version: string, start: number, end: number, count: number): LogLine[] {
  const rnd = prng(`${app}/${style}/${count}`);
  const lines: LogLine[] = startup(app, version).map((line, i) => ({ time: start + i * 40, line }));
  const step = Math.max(1, (end - start) / Math.max(1, count));
  for (let i = lines.length; i < count; i++) {
    const time = Math.floor(start + i * step);
    lines.push({ time, line: logLine(style, app, time, rnd) });
  }
  return lines;
}

/** The crashed instance of a service that cannot reach its database (114). */
export function crashLog(app: string, start: number): LogLine[] {
  const text = [
    `Starting ${app} 1.4.2 (pid 1)`,
    `Loading configuration from /etc/${app}/config.yaml`,
    'Connecting to postgres at db.lab-data.svc:5432 (attempt 1/3)',
    'WARN connection refused, retrying in 500ms',
    'Connecting to postgres at db.lab-data.svc:5432 (attempt 2/3)',
    'WARN connection refused, retrying in 1s',
    'Connecting to postgres at db.lab-data.svc:5432 (attempt 3/3)',
    `FATAL ${app}: cannot connect to postgres at db.lab-data.svc:5432: dial tcp 10.43.12.7:5432: connect: connection refused`,
    'goroutine 1 [running]:',
    'main.main()',
    `\t/src/cmd/${app}/main.go:87 +0x3a5`,
    'exit status 1',
  ];
  return text.map((line, i) => ({ time: start + i * 150, line }));
}
