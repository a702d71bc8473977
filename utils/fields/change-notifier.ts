/**
 * Listeners for "the field's text may have changed", called at most once per microtask: a burst of
 * events (input + change + mutation records of one edit) costs one notification, and no listener runs
 * inside the page's own event dispatch.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<() => void>();
  private queued = false;

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues one notification; `shouldNotify` runs first, in the microtask, and can veto it. */
  schedule(shouldNotify: () => boolean = () => true): void {
    if (this.queued || this.listeners.size === 0) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!shouldNotify()) return;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          // One broken listener must not keep the others from seeing the change.
          reportError(error);
        }
      }
    });
  }

  clear(): void {
    this.listeners.clear();
  }
}
