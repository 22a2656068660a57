import { NaturalBatcher } from './natural-batcher';

describe('NaturalBatcher', () => {
  it('writes an idle item at once and groups the items that arrive while it is in flight', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const batcher = new NaturalBatcher<string, string>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => `done ${item}`);
    });
    const first = batcher.submit('a', '1');
    const rest = ['2', '3', '4'].map((item) => batcher.submit('a', item));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
    expect(batches).toEqual([['1'], ['2', '3', '4']]);
  });

  it('keeps keys apart and hands a failed write’s error to each of its callers', async () => {
    const seen: string[] = [];
    const batcher = new NaturalBatcher<string, string>(async (items) => {
      seen.push(items.join());
      throw new Error(`down for ${items.join()}`);
    });
    await expect(batcher.submit('a', 'x')).rejects.toThrow('down for x');
    await expect(batcher.submit('b', 'y')).rejects.toThrow('down for y');
    expect(seen).toEqual(['x', 'y']);
  });

  it('splits a long queue into writes of at most maxBatch', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const batcher = new NaturalBatcher<number, number>(async (items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items;
    }, 3);
    const calls = Array.from({ length: 8 }, (_, i) => batcher.submit('a', i));
    release();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
