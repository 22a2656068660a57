import type { Principal } from '../auth/principal';
import type { UsageInput, UsageResult } from './usage.input';

interface Waiting {
  principal: Principal;
  input: UsageInput;
  resolve(result: UsageResult): void;
  reject(error: unknown): void;
}

type RecordBatch = (principal: Principal, inputs: UsageInput[]) => Promise<UsageResult[]>;

/**
 * Natural batching for single events: while one write for an org and actor
 * is in flight, the calls that arrive meanwhile wait and then go together in
 * the next transaction. An idle system writes each call at once; a busy one
 * writes many per transaction, so hot rollup rows and commits are shared.
 */
export class UsageCoalescer {
  private readonly queues = new Map<string, { waiting: Waiting[]; flushing: boolean }>();

  constructor(
    private readonly recordBatch: RecordBatch,
    private readonly maxBatch = 500,
  ) {}

  record(principal: Principal, input: UsageInput): Promise<UsageResult> {
    const key = principal.kind === 'API_KEY' ? `${principal.orgId}|${principal.actor}` : principal.actor;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { waiting: [], flushing: false };
      this.queues.set(key, queue);
    }
    const result = new Promise<UsageResult>((resolve, reject) => queue.waiting.push({ principal, input, resolve, reject }));
    if (!queue.flushing) void this.flush(key, queue);
    return result;
  }

  private async flush(key: string, queue: { waiting: Waiting[]; flushing: boolean }): Promise<void> {
    queue.flushing = true;
    while (queue.waiting.length) {
      const batch = queue.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.recordBatch(batch[0]!.principal, batch.map((w) => w.input));
        batch.forEach((waiting, i) => waiting.resolve({ ...results[i]!, index: 0 }));
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    queue.flushing = false;
    this.queues.delete(key);
  }
}
