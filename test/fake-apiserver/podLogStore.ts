// What the simulated kubelet knows about container output: for each pod container, the lines of the
// current instance and, after a restart, of the previous one. Big logs are generated lazily on first read.

export interface LogLine {
  /** Milliseconds since the epoch, used for sinceSeconds/sinceTime and the timestamps prefix. */
  time: number;
  line: string;
}

export type LogSource = LogLine[] | (() => LogLine[]);

interface ContainerLogs {
  current: LogSource;
  previous?: LogSource;
}

export class PodLogStore {
  private logs = new Map<string, ContainerLogs>();

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  set(namespace: string, pod: string, container: string, current: LogSource, previous?: LogSource): void {
    this.logs.set(this.key(namespace, pod, container), { current, previous });
  }

  /** The lines of the current (or previous) container instance; undefined when there are none. */
  get(namespace: string, pod: string, container: string, previous = false): LogLine[] | undefined {
    const entry = this.logs.get(this.key(namespace, pod, container));
    if (!entry) return undefined;
    const field = previous ? 'previous' : 'current';
    const source = entry[field];
    if (source === undefined) return undefined;
    if (typeof source === 'function') {
      const lines = source();
      entry[field] = lines;
      return lines;
    }
    return source;
  }

  forgetPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const k of [...this.logs.keys()]) if (k.startsWith(prefix)) this.logs.delete(k);
  }
}
