import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  afterEach(() => jest.useRealTimers());

  it('shares one load between concurrent misses and reloads after the TTL', async () => {
    jest.useFakeTimers({ now: 0 });
    const cache = new TtlCache<string, number>(1_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.getOrLoad('a', load), cache.getOrLoad('a', load)])).toEqual([1, 1]);
    jest.setSystemTime(999);
    expect(await cache.getOrLoad('a', load)).toBe(1);
    jest.setSystemTime(1_000);
    expect(await cache.getOrLoad('a', load)).toBe(2);
  });

  it('forgets failed loads and deleted keys', async () => {
    const cache = new TtlCache<string, string>(60_000);
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.getOrLoad('k', async () => 'up')).toBe('up');
    cache.deleteWhere((key) => key === 'k');
    expect(await cache.getOrLoad('k', async () => 'again')).toBe('again');
  });

  it('stays within its bound', async () => {
    const cache = new TtlCache<number, number>(60_000, 2);
    let loads = 0;
    for (const key of [1, 2, 3, 1]) await cache.getOrLoad(key, async () => ++loads);
    expect(loads).toBe(4);
  });
});
