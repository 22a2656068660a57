import type { Principal } from '../auth/principal';
import { UsageCoalescer } from './usage-coalescer';
import type { UsageInput, UsageResult } from './usage.input';

const principal = (actor: string): Principal => ({ kind: 'API_KEY', orgId: 'org', role: 'SERVICE', keyId: actor, actor });
const result = (input: UsageInput, index: number): UsageResult => ({
  index,
  idempotencyKey: input.idempotencyKey,
  status: 'CREATED',
  eventId: input.idempotencyKey,
  cost: null,
  currency: null,
  credits: null,
  code: null,
  reason: null,
  message: null,
});

describe('UsageCoalescer', () => {
  it('writes an idle call at once and groups the calls that arrive while it is in flight', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new UsageCoalescer(async (_p, inputs) => {
      batches.push(inputs.map((i) => i.idempotencyKey));
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs.map(result);
    });
    const first = coalescer.record(principal('a'), { idempotencyKey: '1' });
    const rest = ['2', '3', '4'].map((k) => coalescer.record(principal('a'), { idempotencyKey: k }));
    release();
    const results = await Promise.all([first, ...rest]);
    expect(batches).toEqual([['1'], ['2', '3', '4']]);
    expect(results.map((r) => [r.idempotencyKey, r.index])).toEqual([['1', 0], ['2', 0], ['3', 0], ['4', 0]]);
  });

  it('keeps actors apart and hands a failed write’s error to each of its callers', async () => {
    const seen: string[] = [];
    const coalescer = new UsageCoalescer(async (p) => {
      seen.push(p.actor);
      throw new Error(`down for ${p.actor}`);
    });
    await expect(coalescer.record(principal('a'), { idempotencyKey: '1' })).rejects.toThrow('down for a');
    await expect(coalescer.record(principal('b'), { idempotencyKey: '1' })).rejects.toThrow('down for b');
    expect(seen).toEqual(['a', 'b']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const coalescer = new UsageCoalescer(async (_p, inputs) => {
      sizes.push(inputs.length);
      if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs.map(result);
    }, 3);
    const calls = Array.from({ length: 8 }, (_, i) => coalescer.record(principal('a'), { idempotencyKey: String(i) }));
    release();
    await Promise.all(calls);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
