import { describe, expect, it } from 'vitest';
import { FairQueue } from '../fair-queue';

/** A clock the test moves: jobs "take" time by waiting for it. */
function fakeTime() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    /** A job that takes `ms` of fake time. */
    work: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    /** Runs everything due, in time order, until nothing is left (or `until`). */
    async run(until = Infinity) {
      for (;;) {
        await new Promise((r) => setTimeout(r, 0));
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > until) return;
        sleepers.shift();
        now = next.at;
        next.wake();
      }
    },
  };
}

describe('FairQueue', () => {
  it('a tab checking a 1 MB field delays another tab’s check by at most one job (≤ 100 ms)', async () => {
    const time = fakeTime();
    const queue = new FairQueue(1);
    // 1 MB of text in jobs of 2,000 characters (how the background slices a local check), each taking
    // what harper takes for that much text on a slow machine: ≈ 40 ms.
    const JOB_MS = 40;
    const busy: Promise<void>[] = [];
    for (let i = 0; i < 500; i++) busy.push(queue.run('tab:1', () => time.work(JOB_MS)));
    // The other tab's paragraph arrives while the big field is being checked.
    await time.run(5 * JOB_MS + 10);
    const asked = time.now() + 10;
    let answered = -1;
    const quiet = queue.run('tab:2', () => time.work(5)).then(() => (answered = time.now()));
    await time.run(asked + 200);
    await quiet;
    expect(answered - asked).toBeLessThanOrEqual(100);
    expect(queue.waiting).toBeGreaterThan(400);
    await time.run();
    await Promise.all(busy);
  });

  it('runs jobs of one lane in order, one at a time', async () => {
    const queue = new FairQueue(1);
    const order: string[] = [];
    let running = 0;
    const job = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((r) => setTimeout(r, 1));
      order.push(name);
      running--;
    };
    await Promise.all(['a', 'b', 'c'].map((name) => queue.run('tab:1', job(name))));
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('drops a waiting job whose signal aborts (a closed tab, text that is gone): it never runs', async () => {
    const queue = new FairQueue(1);
    let release!: () => void;
    const first = queue.run('tab:1', () => new Promise<void>((r) => (release = r)));
    const stop = new AbortController();
    let ran = false;
    const dropped = queue.run(
      'tab:2',
      async () => {
        ran = true;
      },
      stop.signal,
    );
    stop.abort(new Error('tab closed'));
    await expect(dropped).rejects.toThrow('tab closed');
    expect(queue.waiting).toBe(0);
    release();
    await first;
    expect(ran).toBe(false);
  });

  it('refuses a job whose signal is already aborted', async () => {
    const queue = new FairQueue(1);
    await expect(queue.run('tab:1', async () => 1, AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
  });

  it('a failing job does not stop the queue', async () => {
    const queue = new FairQueue(1);
    await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('a', async () => 2)).resolves.toBe(2);
  });
});
