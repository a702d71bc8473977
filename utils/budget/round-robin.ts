/**
 * Waiting items grouped by lane (a tab, a page). The next item comes from the lane served least
 * recently, so a lane with a thousand items waiting delays another lane's next item by at most one
 * item of its own. Within a lane, first in, first out.
 */
export class RoundRobin<T> {
  /** Lanes with items waiting, in the order they started waiting. */
  readonly #lanes = new Map<string, T[]>();
  /** When each lane was last served (a counter, not a clock); lanes never served go first. */
  readonly #served = new Map<string, number>();
  #turn = 0;

  get size(): number {
    let size = 0;
    for (const items of this.#lanes.values()) size += items.length;
    return size;
  }

  push(lane: string, item: T): void {
    const items = this.#lanes.get(lane);
    if (items) items.push(item);
    else this.#lanes.set(lane, [item]);
  }

  /** The head of the lane served least recently. */
  shift(): T | undefined {
    let next: string | undefined;
    let oldest = Infinity;
    for (const lane of this.#lanes.keys()) {
      const served = this.#served.get(lane) ?? -1;
      if (served < oldest) {
        oldest = served;
        next = lane;
      }
    }
    if (next === undefined) return undefined;
    const items = this.#lanes.get(next) as T[];
    const item = items.shift();
    if (!items.length) this.#lanes.delete(next);
    this.#served.set(next, this.#turn++);
    // Lanes long gone are forgotten: the map stays as small as the set of recent lanes.
    if (this.#served.size > 1000) this.#served.clear();
    return item;
  }

  /** Takes an item out wherever it waits; false when it was not waiting. */
  remove(lane: string, item: T): boolean {
    const items = this.#lanes.get(lane);
    const index = items?.indexOf(item) ?? -1;
    if (!items || index < 0) return false;
    items.splice(index, 1);
    if (!items.length) this.#lanes.delete(lane);
    return true;
  }
}
