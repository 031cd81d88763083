// Time as Kubernetes prints it: metav1.Time is RFC 3339 with seconds, the kubelet's
// log timestamps have a fixed 9-digit fraction, and printers show ages with apimachinery's HumanDuration.

/** metav1.Time: `2026-11-25T01:17:42Z` (no fraction). */
export function rfc3339(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The kubelet's RFC3339NanoFixed log prefix: always 9 fractional digits. */
export function rfc3339NanoFixed(ms: number, extraNanos = 0): string {
  const iso = new Date(ms).toISOString();
  const nanos = String(extraNanos % 1_000_000).padStart(6, '0');
  return iso.replace(/\.(\d{3})Z$/, `.$1${nanos}Z`);
}

export function parseTime(value: string): number {
  return Date.parse(value);
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration, as used for the Age column. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** printers' translateTimestampSince: `<unknown>` for a missing timestamp. */
export function ageOf(timestamp: string | undefined | null, now: number = Date.now()): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - parseTime(timestamp));
}
