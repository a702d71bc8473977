import { describe, expect, it } from 'vitest';
import { LruCache } from '../lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its entry cap', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('keeps the total weight under its cap and refuses an entry heavier than the cap', () => {
    const cache = new LruCache<string, null>(100, 10, (key) => key.length);
    cache.set('aaaa', null);
    cache.set('bbbb', null);
    cache.set('cccc', null);
    expect(cache.get('aaaa')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('x'.repeat(11), null);
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
