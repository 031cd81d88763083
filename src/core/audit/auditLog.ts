/**
 * The audit log file: JSON lines appended in the order writes happened, mode 0600 (it names people's objects
 * and contexts), rotated by size (file → file.1 → file.2 …). Lines are written one after another through a
 * queue, so concurrent calls never interleave or race a rotation. Writing never throws into a tool call: a
 * failure is reported once to the log hook (and once more when writing works again).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { auditLine, type AuditRecord } from './auditRecord';

export interface AuditLogOptions {
  /** Rotate before a line would take the file past this size. */
  maxBytes?: number;
  /** Rotated files kept (file.1 … file.N); older ones are dropped. */
  keep?: number;
  log?: (level: 'info' | 'error', message: string) => void;
}

export const AUDIT_LOG_DEFAULTS = Object.freeze({ maxBytes: 10 * 1024 * 1024, keep: 3 });

const OWNER_ONLY = 0o600;

export class AuditLog {
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly log: NonNullable<AuditLogOptions['log']>;
  private queue: Promise<void> = Promise.resolve();
  /** Bytes in the current file; undefined = not known yet (first write, or after a failure). */
  private size: number | undefined;
  private failing = false;

  constructor(readonly file: string, options: AuditLogOptions = {}) {
    this.maxBytes = options.maxBytes ?? AUDIT_LOG_DEFAULTS.maxBytes;
    this.keep = Math.max(1, options.keep ?? AUDIT_LOG_DEFAULTS.keep);
    this.log = options.log ?? (() => undefined);
  }

  /** Queues one record; the promise resolves once it is on disk (or failed and was reported). Never rejects. */
  write(record: AuditRecord): Promise<void> {
    let line: string;
    try {
      line = auditLine(record);
    } catch (err) {
      this.report(err);
      return this.queue;
    }
    this.queue = this.queue.then(() => this.append(line));
    return this.queue;
  }

  /** Resolves when every line queued so far is written (call before the process exits). */
  flush(): Promise<void> {
    return this.queue;
  }

  private async append(line: string): Promise<void> {
    try {
      this.size ??= await this.prepare();
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
      await fs.appendFile(this.file, line, { mode: OWNER_ONLY });
      this.size += bytes;
      if (this.failing) {
        this.failing = false;
        this.log('info', `Audit log ${this.file} is being written again.`);
      }
    } catch (err) {
      this.size = undefined;
      this.report(err);
    }
  }

  /** Creates the folder, tightens a file someone else created too openly, and learns its size. */
  private async prepare(): Promise<number> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    try {
      const stat = await fs.stat(this.file);
      if ((stat.mode & 0o077) !== 0) await fs.chmod(this.file, OWNER_ONLY);
      return stat.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  private async rotate(): Promise<void> {
    for (let i = this.keep - 1; i >= 1; i--) {
      await fs.rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(ignoreMissing);
    }
    await fs.rename(this.file, `${this.file}.1`).catch(ignoreMissing);
    this.size = 0;
  }

  private report(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    this.log('error', `Cannot write the audit log ${this.file} (${reason}); writes go on, but their audit lines are lost until it works again.`);
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
