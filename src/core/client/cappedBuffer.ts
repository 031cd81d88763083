/**
 * A byte buffer that keeps at most `cap` bytes and counts the rest (STYLE.md habit 10: no unbounded buffers).
 * An API answer (a huge log) and each exec stream (a command printing 100 MB) are collected through one, so
 * what they cost in memory is the cap, whatever the other side sends.
 */
import { StringDecoder } from 'node:string_decoder';

export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Some bytes were dropped at the cap. */
  truncated = false;
  /** Everything pushed, kept or not. */
  received = 0;

  /**
   * `cap` undefined keeps everything. `copy`: keep copies of what is pushed, for a caller whose chunks are views
   * into a buffer that is reused (ws's receive buffer); an HTTP body's chunks are the caller's to keep.
   */
  constructor(private readonly cap: number | undefined, private readonly options: { copy?: boolean } = {}) {}

  /** Adds `data`, up to the cap; returns the part that was kept (empty once the cap is reached). */
  push(data: Buffer): Buffer {
    this.received += data.length;
    const room = this.cap === undefined ? data.length : Math.max(0, this.cap - this.kept);
    if (data.length > room) this.truncated = true;
    const part = room < data.length ? data.subarray(0, room) : data;
    const kept = this.options.copy ? Buffer.from(part) : part;
    if (kept.length > 0) this.chunks.push(kept);
    this.kept += kept.length;
    return kept;
  }

  /** The kept bytes in one buffer. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }

  /**
   * The kept bytes as UTF-8 text, decoded chunk by chunk: no buffer of the whole size is made. A large answer
   * (a 200 KB list) joined into one buffer makes glibc raise its mmap threshold and keep later answers in a
   * heap it cannot shrink (RSS stayed ~15 MB higher after a burst of lists).
   */
  text(): string {
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (const chunk of this.chunks) text += decoder.write(chunk);
    return text + decoder.end();
  }

  /** How many bytes were kept. */
  get size(): number {
    return this.kept;
  }
}
