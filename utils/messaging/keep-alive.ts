/**
 * Chromium stops an idle extension service worker after 30 s, and a fetch that is only receiving
 * data (a slow local model, a reasoning model thinking before its first token) does not count as
 * activity; any extension API call does. While something holds the worker, it calls one every 20 s.
 */
export interface KeepAlive {
  /** Keeps the worker alive until the returned function is called (idempotent). */
  hold(): () => void;
}

const PING_EVERY_MS = 20_000;

export function createKeepAlive(ping: () => Promise<unknown>, everyMs = PING_EVERY_MS): KeepAlive {
  let holders = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    hold() {
      if (holders++ === 0)
        timer = setInterval(
          () =>
            void Promise.resolve()
              .then(ping)
              .catch(() => undefined),
          everyMs,
        );
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holders === 0) clearInterval(timer);
      };
    },
  };
}
