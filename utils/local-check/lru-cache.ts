/**
 * A least-recently-used map bounded by entry count and by total weight (e.g. characters of key),
 * so a few thousand long paragraphs cannot hold the background's memory hostage.
 * A Map keeps insertion order: re-inserting on read makes the first key the least recently used.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number = Number.POSITIVE_INFINITY,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(key, value);
    if (weight > this.maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  /** Visits entries from least to most recently used (the order to restore them in). */
  forEach(visit: (value: V, key: K) => void): void {
    for (const [key, entry] of this.#entries) visit(entry.value, key);
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}
