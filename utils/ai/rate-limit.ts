/**
 * A sliding-window cap on requests per minute. Extra requests wait their turn (never dropped);
 * an aborted wait leaves the queue at once.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

const WINDOW_MS = 60_000;

export function createRateLimiter(perMinute: () => number, clock: Clock = realClock): RateLimiter {
  const started: number[] = [];
  let tail: Promise<void> = Promise.resolve();

  async function waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const cap = perMinute();
      const now = clock.now();
      while (started.length && (started[0] as number) <= now - WINDOW_MS) started.shift();
      if (cap <= 0 || started.length < cap) {
        started.push(now);
        return;
      }
      await clock.sleep((started[0] as number) + WINDOW_MS - now, signal);
    }
  }

  return {
    acquire(signal) {
      // Requests take slots in arrival order: each waits for the one before it.
      const turn = tail.then(() => waitForSlot(signal));
      tail = turn.catch(() => undefined);
      if (!signal) return turn;
      // An abort answers the caller at once; the queued turn later finds the signal aborted and takes no slot.
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
  };
}
