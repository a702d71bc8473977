import { RoundRobin } from './round-robin';

interface Job {
  start(): void;
}

/**
 * Runs async jobs `concurrency` at a time, taking lanes in turn (see `RoundRobin`). A job whose
 * signal aborts while it waits leaves the queue at once and never runs: the local checker drops
 * the work of a tab that closed or of text that is gone.
 */
export class FairQueue {
  readonly #waiting = new RoundRobin<Job>();
  #running = 0;

  constructor(private readonly concurrency = 1) {}

  /** Jobs waiting (not running). */
  get waiting(): number {
    return this.#waiting.size;
  }

  run<T>(lane: string, job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        if (this.#waiting.remove(lane, entry)) reject(signal?.reason);
      };
      const entry: Job = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.#running++;
          job()
            .then(resolve, reject)
            .finally(() => {
              this.#running--;
              this.#pump();
            });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(lane, entry);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.concurrency) {
      const next = this.#waiting.shift();
      if (!next) return;
      next.start();
    }
  }
}
