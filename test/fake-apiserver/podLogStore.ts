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
  /** Produces the next line for `follow=true` readers (the simulated app keeps logging). */
  next?: (time: number) => string;
}

export class PodLogStore {
  private logs = new Map<string, ContainerLogs>();
  private followers = new Map<string, Set<(l: LogLine) => void>>();

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  set(namespace: string, pod: string, container: string, current: LogSource, previous?: LogSource, next?: (time: number) => string): void {
    this.logs.set(this.key(namespace, pod, container), { current, previous, next });
  }

  /** The live line generator of a container, if the seed gave it one. */
  generator(namespace: string, pod: string, container: string): ((time: number) => string) | undefined {
    return this.logs.get(this.key(namespace, pod, container))?.next;
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

  /** Adds a line to the current instance and pushes it to `follow=true` readers. */
  append(namespace: string, pod: string, container: string, line: LogLine): void {
    const key = this.key(namespace, pod, container);
    const lines = this.get(namespace, pod, container) ?? [];
    if (!this.logs.has(key)) this.logs.set(key, { current: lines });
    lines.push(line);
    for (const f of this.followers.get(key) ?? []) f(line);
  }

  follow(namespace: string, pod: string, container: string, onLine: (l: LogLine) => void): () => void {
    const key = this.key(namespace, pod, container);
    let set = this.followers.get(key);
    if (!set) this.followers.set(key, (set = new Set()));
    set.add(onLine);
    return () => set?.delete(onLine);
  }

  forgetPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const k of [...this.logs.keys()]) if (k.startsWith(prefix)) this.logs.delete(k);
  }
}
