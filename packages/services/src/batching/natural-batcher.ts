/**
 * Natural batching: while one write for a key is in flight, the items that
 * arrive meanwhile wait and then go together in the next write. An idle
 * system writes each item at once; a busy one writes many per round trip,
 * sharing commits and hot rows. Each caller gets its own item's result.
 */
export class NaturalBatcher<I, O> {
  private readonly queues = new Map<string, { waiting: Array<{ item: I; resolve(result: O): void; reject(error: unknown): void }>; flushing: boolean }>();

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  /** Queues an item under `key` (items of different keys never share a write). */
  submit(key: string, item: I): Promise<O> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { waiting: [], flushing: false };
      this.queues.set(key, queue);
    }
    const result = new Promise<O>((resolve, reject) => queue.waiting.push({ item, resolve, reject }));
    if (!queue.flushing) void this.flush(key, queue);
    return result;
  }

  private async flush(key: string, queue: { waiting: Array<{ item: I; resolve(result: O): void; reject(error: unknown): void }>; flushing: boolean }): Promise<void> {
    queue.flushing = true;
    while (queue.waiting.length) {
      const batch = queue.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((w) => w.item));
        batch.forEach((waiting, i) => waiting.resolve(results[i]!));
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    queue.flushing = false;
    this.queues.delete(key);
  }
}
