/**
 * Fixed-size byte slabs reused by every CappedBuffer of the process: an answer's bytes are copied into slabs
 * taken here and given back once decoded, so a burst of large answers does not leave a trail of read buffers
 * for the garbage collector (see cappedBuffer.ts). Slabs are allocated outside Node's shared pool, and at most
 * MAX_FREE_SLABS wait for reuse: memory kept between answers is bounded, a larger burst allocates more and lets
 * the collector have them.
 */

/** 64 KiB: under glibc's mmap threshold (128 KiB), so slabs come from the heap and are never mapped singly. */
export const SLAB_BYTES = 64 * 1024;
/** 1 MiB waiting for reuse at most: a 450 KB list takes 7 slabs, a few parallel calls a few times that. */
const MAX_FREE_SLABS = 16;

const free: Buffer[] = [];

export function takeSlab(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
}

/** Gives slabs back for reuse; their content is not read again by whoever gave them. */
export function returnSlabs(slabs: readonly Buffer[]): void {
  for (const slab of slabs) {
    if (free.length >= MAX_FREE_SLABS) return;
    free.push(slab);
  }
}
