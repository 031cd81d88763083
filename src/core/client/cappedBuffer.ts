/**
 * A byte buffer that keeps at most `cap` bytes and counts the rest (STYLE.md habit 10: no unbounded buffers).
 * An API answer (a huge log) and each exec stream (a command printing 100 MB) are collected through one, so
 * what they cost in memory is the cap, whatever the other side sends.
 *
 * What is pushed is copied into slabs that are reused from one answer to the next (byteSlabs.ts), and the pushed
 * buffers are not held. Each chunk is a view into a socket read buffer; holding them until the answer was
 * complete kept every read buffer of a 450 KB list alive across the collections made while it arrived, so they
 * reached the old generation and stayed until the next full collection (100 mixed calls: ~15 MB of read buffers
 * awaiting collection). Decoding as chunks arrive instead keeps the text in V8's young generation, which then
 * grows to its maximum (RSS after 100 calls +17 MB). The slabs are also why no buffer of a whole answer is ever
 * made: a 200 KB allocation makes glibc raise its mmap threshold and keep later answers in a heap it cannot shrink.
 */
import { StringDecoder } from 'node:string_decoder';
import { SLAB_BYTES, takeSlab, returnSlabs } from './byteSlabs';

export class CappedBuffer {
  private slabs: Buffer[] = [];
  /** Bytes used in the last slab. */
  private filled = SLAB_BYTES;
  private decoded: string | undefined;
  private kept = 0;
  /** Some bytes were dropped at the cap. */
  truncated = false;
  /** Everything pushed, kept or not. */
  received = 0;

  /** `cap` undefined keeps everything. */
  constructor(private readonly cap: number | undefined) {}

  /**
   * Adds `data`, up to the cap; returns the part that was kept (empty once the cap is reached), a view of `data`:
   * what is kept is copied, so a caller whose buffers are reused (ws's receive buffer) may push them as they are.
   */
  push(data: Buffer): Buffer {
    this.received += data.length;
    // Once decoded (a deadline kept what had arrived), later bytes are dropped like bytes past the cap.
    const limit = this.decoded !== undefined ? this.kept : this.cap;
    const room = limit === undefined ? data.length : Math.max(0, limit - this.kept);
    if (data.length > room) this.truncated = true;
    const part = room < data.length ? data.subarray(0, room) : data;
    for (let copied = 0; copied < part.length;) {
      if (this.filled === SLAB_BYTES) {
        this.slabs.push(takeSlab());
        this.filled = 0;
      }
      const n = part.copy(this.slabs[this.slabs.length - 1]!, this.filled, copied);
      this.filled += n;
      copied += n;
    }
    this.kept += part.length;
    return part;
  }

  /**
   * The kept bytes as UTF-8 text, decoded slab by slab (a character cut at the cap becomes U+FFFD). The first
   * call decodes and gives the slabs back for the next answer; what is pushed after it is dropped.
   */
  text(): string {
    if (this.decoded === undefined) {
      const decoder = new StringDecoder('utf8');
      let text = '';
      this.slabs.forEach((slab, i) => {
        text += decoder.write(i === this.slabs.length - 1 ? slab.subarray(0, this.filled) : slab);
      });
      this.decoded = text + decoder.end();
      returnSlabs(this.slabs);
      this.slabs = [];
    }
    return this.decoded;
  }

  /** The kept text in one buffer, for the few readers that want bytes (a Status body, an error's first bytes). */
  bytes(): Buffer {
    return Buffer.from(this.text(), 'utf8');
  }

  /** How many bytes were kept. */
  get size(): number {
    return this.kept;
  }
}
