import { StockCache } from './stock-cache';

describe('StockCache', () => {
  it('returns what was stored until it expires', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const cache = new StockCache(2000);
      cache.set('a', 5, cache.snapshot());
      expect(cache.get('a')).toBe(5);
      jest.advanceTimersByTime(1999);
      expect(cache.get('a')).toBe(5);
      jest.advanceTimersByTime(1);
      expect(cache.get('a')).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets a product on a write', () => {
    const cache = new StockCache(60_000);
    cache.set('a', 5, cache.snapshot());
    cache.set('b', 7, cache.snapshot());
    cache.invalidate('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(7);
  });

  it('does not store a sum computed while a write to that product happened', () => {
    const cache = new StockCache(60_000);
    const before = cache.snapshot();
    cache.invalidate('a'); // the write lands while the sum is being computed
    cache.set('a', 5, before);
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 7, before); // another product's write does not matter
    expect(cache.get('b')).toBe(7);
    cache.set('a', 6, cache.snapshot());
    expect(cache.get('a')).toBe(6);
  });

  it('stays correct after forgetting its write history', () => {
    const cache = new StockCache(60_000, 2);
    const before = cache.snapshot();
    cache.invalidate('a');
    cache.invalidate('b');
    cache.invalidate('c'); // over the limit: history cleared
    cache.set('a', 5, before);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 6, cache.snapshot());
    expect(cache.get('a')).toBe(6);
  });
});
