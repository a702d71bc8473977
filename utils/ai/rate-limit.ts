/**
 * A sliding-window cap on model requests per minute, shared by every tab and page. Extra requests
 * wait their turn (never dropped), lanes (tabs, the popup) in turn so one busy tab cannot starve
 * another; an aborted wait leaves the queue at once.
 */
import { RoundRobin } from '../budget/round-robin';

export interface RateLimiter {
  /** Resolves when the request may start; `lane` groups a tab's requests (default: one lane). */
  acquire(signal?: AbortSignal, lane?: string): Promise<void>;
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

interface Waiter {
  grant(): void;
}

export function createRateLimiter(perMinute: () => number, clock: Clock = realClock): RateLimiter {
  const started: number[] = [];
  const waiting = new RoundRobin<Waiter>();
  let sleeping = false;

  const pump = () => {
    while (waiting.size) {
      const cap = perMinute();
      const now = clock.now();
      while (started.length && (started[0] as number) <= now - WINDOW_MS) started.shift();
      if (cap > 0 && started.length >= cap) {
        if (!sleeping) {
          sleeping = true;
          void clock.sleep((started[0] as number) + WINDOW_MS - now).then(() => {
            sleeping = false;
            pump();
          });
        }
        return;
      }
      started.push(now);
      waiting.shift()?.grant();
    }
  };

  return {
    acquire(signal, lane = '') {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          if (waiting.remove(lane, waiter)) reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(lane, waiter);
        pump();
      });
    },
  };
}
